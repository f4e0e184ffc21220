import { describe, expect, it } from 'vitest';
import {
  civilFromDays,
  dayDate,
  daysFromCivil,
  daysInMonth,
  monthsSpanned,
  parseDay,
} from '../../src/internal/dates.ts';

describe('calendar arithmetic', () => {
  it('daysFromCivil and civilFromDays agree with Date.UTC and invert each other', () => {
    for (const [y, m, d] of [
      [1970, 1, 1],
      [2000, 2, 29],
      [2021, 12, 31],
      [2024, 3, 1],
      [1899, 7, 14],
    ]) {
      const days = daysFromCivil(y, m, d);
      expect(days).toBe(Date.UTC(y, m - 1, d) / 86_400_000);
      expect(civilFromDays(days)).toEqual([y, m, d]);
    }
  });

  it('daysInMonth knows leap years', () => {
    expect(daysInMonth(2024 * 12 + 1)).toBe(29);
    expect(daysInMonth(2023 * 12 + 1)).toBe(28);
    expect(daysInMonth(1900 * 12 + 1)).toBe(28);
    expect(daysInMonth(2000 * 12 + 1)).toBe(29);
    expect(daysInMonth(2023 * 12 + 11)).toBe(31);
  });

  it('parseDay reads a month as its first day (start) or last day (end)', () => {
    expect(dayDate(parseDay('f', 'a', '2023-02', 'start'))).toBe('2023-02-01');
    expect(dayDate(parseDay('f', 'a', '2023-02', 'end'))).toBe('2023-02-28');
    expect(() => parseDay('f', 'a', '2023-13-01', 'start')).toThrow(/YYYY-MM-DD/);
  });

  it('monthsSpanned counts whole months as 1 and partial months by their share of days', () => {
    const day = (s: string, role: 'start' | 'end') => parseDay('f', 'a', s, role);
    expect(monthsSpanned(day('2021-01', 'start'), day('2021-12', 'end'))).toBe(12);
    expect(monthsSpanned(day('2021-06-01', 'start'), day('2021-06-15', 'end'))).toBe(0.5);
    expect(monthsSpanned(day('2021-01-31', 'start'), day('2021-02-01', 'end'))).toBe(
      1 / 31 + 1 / 28,
    );
  });
});
