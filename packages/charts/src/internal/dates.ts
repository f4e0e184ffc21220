import { InvalidArgumentError } from '@muster/core';
import { describe } from './checks.ts';

/**
 * Dates that every JavaScript engine parses as UTC (ISO 8601 date-only forms, or date-times with
 * an explicit `Z` or offset): a date-time without a zone would be read in the renderer's local
 * time zone, and the chart would depend on where it is drawn.
 */
const utcDate =
  /^\d{4}(?:-\d{2}(?:-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,3})?)?(?:Z|[+-]\d{2}:\d{2}))?)?)?$/;

export function isUtcDate(value: string): boolean {
  return utcDate.test(value) && Number.isFinite(Date.parse(value));
}

/** A month as a count from year 0 (index = 12 year + month - 1), from `YYYY-MM`. */
export function parseMonth(fn: string, argument: string, value: unknown): number {
  const match = typeof value === 'string' ? /^(\d{4})-(\d{2})$/.exec(value) : null;
  const month = match === null ? Number.NaN : Number(match[2]);
  if (match === null || month < 1 || month > 12) {
    throw new InvalidArgumentError(
      argument,
      `${fn} requires ${argument} to be a month written YYYY-MM; received ${describe(value)}`,
    );
  }
  return Number(match[1]) * 12 + month - 1;
}

/** The first day of a month index, `YYYY-MM-01` (parsed as UTC midnight). */
export function monthDate(index: number): string {
  const year = Math.floor(index / 12);
  const month = index - year * 12 + 1;
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-01`;
}

/** A month index written `YYYY-MM`. */
export function monthLabel(index: number): string {
  return monthDate(index).slice(0, 7);
}
