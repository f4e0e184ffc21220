import { InvalidArgumentError } from '@muster/core';
import type { DateLike, PeriodUnit } from '../types.ts';

const DAY_MS = 86_400_000;
const ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const ISO_MONTH = /^(\d{4})-(\d{2})$/;

/** Days since 1970-01-01 of an ISO `YYYY-MM-DD` (or `YYYY-MM` = its first day); NaN if invalid. */
export function parseDay(text: string): number {
  let m = ISO_DAY.exec(text);
  if (m) {
    const year = Number(m[1]);
    const month = Number(m[2]);
    const day = Number(m[3]);
    const ms = Date.UTC(year, month - 1, day);
    const check = new Date(ms);
    if (check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) return Number.NaN;
    return Math.round(ms / DAY_MS);
  }
  m = ISO_MONTH.exec(text);
  if (m) {
    const month = Number(m[2]);
    if (month < 1 || month > 12) return Number.NaN;
    return Math.round(Date.UTC(Number(m[1]), month - 1, 1) / DAY_MS);
  }
  return Number.NaN;
}

/** Month index (year * 12 + month - 1) of a day number. */
export function monthOfDay(day: number): number {
  const date = new Date(day * DAY_MS);
  return date.getUTCFullYear() * 12 + date.getUTCMonth();
}

/** Day number of the first day of a month index. */
export function firstDayOfMonth(month: number): number {
  return Math.round(Date.UTC(Math.floor(month / 12), month % 12, 1) / DAY_MS);
}

/** Number of days in a month index. */
export function daysInMonth(month: number): number {
  return firstDayOfMonth(month + 1) - firstDayOfMonth(month);
}

/** Period index of a date in a unit: months as year * 12 + month - 1, weeks Monday-based. */
export function toPeriod(value: DateLike, unit: PeriodUnit, fn: string, argument: string): number {
  if (typeof value === 'number') {
    if (!Number.isInteger(value)) {
      throw new InvalidArgumentError(
        argument,
        `${fn} requires integer period indices in ${argument}; received ${value}`,
      );
    }
    return value;
  }
  const day = typeof value === 'string' ? parseDay(value) : Number.NaN;
  if (Number.isNaN(day)) {
    throw new InvalidArgumentError(
      argument,
      `${fn} requires dates as YYYY-MM-DD or YYYY-MM (or integer periods) in ${argument}; received ${String(value)}`,
    );
  }
  if (unit === 'day') return day;
  // 1970-01-01 was a Thursday: +3 makes weeks run Monday to Sunday
  if (unit === 'week') return Math.floor((day + 3) / 7);
  return monthOfDay(day);
}

/** Label of a period index: `YYYY-MM` for months, the date (of the Monday) for days and weeks. */
export function periodLabel(period: number, unit: PeriodUnit): string {
  if (unit === 'month') {
    const year = Math.floor(period / 12);
    const month = period - year * 12 + 1;
    return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}`;
  }
  const day = unit === 'day' ? period : period * 7 - 3;
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** Labels of n consecutive periods from `start` (a date, or a period index). */
export function periodLabels(start: DateLike, n: number, unit: PeriodUnit, fn: string): string[] {
  const first = toPeriod(start, unit, fn, 'start');
  const labels: string[] = [];
  for (let i = 0; i < n; i++)
    labels.push(typeof start === 'number' ? String(first + i) : periodLabel(first + i, unit));
  return labels;
}
