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

/**
 * Days since 1970-01-01 of a proleptic Gregorian date, and back: Hinnant's `days_from_civil` and
 * `civil_from_days` (http://howardhinnant.github.io/date_algorithms.html), integer arithmetic only,
 * so no Date object and no time zone is involved.
 */
export function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

export function civilFromDays(days: number): [number, number, number] {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return [yoe + era * 400 + (month <= 2 ? 1 : 0), month, day];
}

/** Number of days in a month index (index = 12 year + month - 1). */
export function daysInMonth(index: number): number {
  const year = Math.floor(index / 12);
  const month = index - year * 12 + 1;
  return (
    daysFromCivil(month === 12 ? year + 1 : year, month === 12 ? 1 : month + 1, 1) -
    daysFromCivil(year, month, 1)
  );
}

/** A day number written `YYYY-MM-DD`. */
export function dayDate(days: number): string {
  const [y, m, d] = civilFromDays(days);
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/**
 * The day number of a window bound written `YYYY-MM-DD`, or `YYYY-MM` for a whole month (its first
 * day as a start, its last day as an end).
 */
export function parseDay(
  fn: string,
  argument: string,
  value: unknown,
  role: 'start' | 'end',
): number {
  const match = typeof value === 'string' ? /^(\d{4})-(\d{2})(?:-(\d{2}))?$/.exec(value) : null;
  if (match !== null) {
    const year = Number(match[1]);
    const month = Number(match[2]);
    if (month >= 1 && month <= 12) {
      const index = year * 12 + month - 1;
      if (match[3] === undefined) {
        const first = daysFromCivil(year, month, 1);
        return role === 'start' ? first : first + daysInMonth(index) - 1;
      }
      const day = Number(match[3]);
      if (day >= 1 && day <= daysInMonth(index)) return daysFromCivil(year, month, day);
    }
  }
  throw new InvalidArgumentError(
    argument,
    `${fn} requires ${argument} to be a date written YYYY-MM-DD or a month YYYY-MM; received ${describe(value)}`,
  );
}

/**
 * How many months the inclusive window of days [first, last] spans, counting a partly covered
 * month by the share of its days covered (January to December is exactly 12; 1-15 June is 0.5).
 */
export function monthsSpanned(first: number, last: number): number {
  let months = 0;
  let day = first;
  while (day <= last) {
    const [y, m] = civilFromDays(day);
    const index = y * 12 + m - 1;
    const monthStart = daysFromCivil(y, m, 1);
    const length = daysInMonth(index);
    const monthEnd = monthStart + length - 1;
    const covered = Math.min(last, monthEnd) - day + 1;
    months += covered === length ? 1 : covered / length;
    day = monthEnd + 1;
  }
  return months;
}
