import { DataError, InvalidArgumentError } from '@muster/core';
import { daysInMonth, firstDayOfMonth, monthOfDay, parseDay } from '../periods.ts';
import type { Structure } from './select.ts';

/**
 * Month pairs (a, a + 1) on the grid that a break date frees: a date on the first of month b
 * frees (b - 1, b); a later day frees (b - 1, b) and (b, b + 1), since month b mixes the levels
 * before and after.
 */
export function breakPairs(date: string, firstMonth: number, m: number, fn: string): number[] {
  const day = typeof date === 'string' ? parseDay(date) : Number.NaN;
  if (Number.isNaN(day)) {
    throw new InvalidArgumentError(
      'breaks',
      `${fn} requires break dates as YYYY-MM-DD or YYYY-MM; received ${String(date)}`,
    );
  }
  const month = monthOfDay(day);
  const b = month - firstMonth;
  if (b < 1 || b > m - 1) {
    throw new DataError(
      `${fn} requires break dates after the first month and inside the grid; received ${date}`,
      { column: 'breaks' },
    );
  }
  const pairs = [b - 1];
  if (
    day > firstDayOfMonth(month) &&
    b + 1 <= m - 1 &&
    day < firstDayOfMonth(month) + daysInMonth(month)
  )
    pairs.push(b);
  return pairs;
}

/**
 * The penalty structures to compare: orders (1 and 2 for 'auto') times break sets (the given
 * list, or every subset of up to 4 candidates).
 */
export function structureCandidates(
  order: 1 | 2 | 'auto',
  breaks: readonly string[] | { candidates: readonly string[] } | undefined,
  firstMonth: number,
  m: number,
  fn: string,
): { structures: Structure[]; dates: string[][] } {
  const orders: (1 | 2)[] = order === 'auto' ? [1, 2] : [order];
  let sets: string[][];
  if (breaks === undefined) sets = [[]];
  else if (Array.isArray(breaks)) sets = [[...(breaks as readonly string[])]];
  else if (
    typeof breaks === 'object' &&
    Array.isArray((breaks as { candidates: readonly string[] }).candidates)
  ) {
    const candidates = (breaks as { candidates: readonly string[] }).candidates;
    if (candidates.length > 4) {
      throw new InvalidArgumentError(
        'breaks',
        `${fn} requires at most 4 candidate breaks; received ${candidates.length}`,
      );
    }
    sets = [];
    for (let mask = 0; mask < 1 << candidates.length; mask++)
      sets.push(candidates.filter((_, i) => mask & (1 << i)));
  } else {
    throw new InvalidArgumentError(
      'breaks',
      `${fn} requires breaks as a list of dates or { candidates: [...] }; received ${String(breaks)}`,
    );
  }
  const structures: Structure[] = [];
  const dates: string[][] = [];
  for (const o of orders) {
    for (const set of sets) {
      const pairs = [...new Set(set.flatMap((d) => breakPairs(d, firstMonth, m, fn)))].sort(
        (a, b) => a - b,
      );
      structures.push({ order: o, breaks: pairs });
      dates.push(set);
    }
  }
  return { structures, dates };
}
