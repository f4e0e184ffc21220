import { describe, expect, it } from 'vitest';
import { formatNumber, formatPValue, formatValue } from '../../src/internal/format.ts';

describe('formatNumber', () => {
  it('formatNumber(x, digits) keeps significant digits, drops trailing zeros, and prints exponents as R does', () => {
    expect(formatNumber(1 / 3)).toBe('0.3333333');
    expect(formatNumber(-7.95953673775615, 5)).toBe('-7.9595');
    expect(formatNumber(2.5, 5)).toBe('2.5');
    expect(formatNumber(377)).toBe('377');
    expect(formatNumber(6.36292201811308e-6, 3)).toBe('6.36e-06');
    expect(formatNumber(1.5e20, 3)).toBe('1.5e+20');
    expect(formatNumber(123456.789, 3)).toBe('123000');
    expect(formatNumber(0.00012345, 3)).toBe('0.000123');
    expect(formatNumber(0)).toBe('0');
  });

  it('formatNumber spells special values as R does', () => {
    expect(
      [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, null].map((x) =>
        formatNumber(x),
      ),
    ).toEqual(['NaN', 'Inf', '-Inf', 'NA']);
  });

  it("formatPValue(p) uses three significant digits and R's < 2e-16 floor", () => {
    expect(formatPValue(0.00290909365823293)).toBe('0.00291');
    expect(formatPValue(3.3807006579259e-10)).toBe('3.38e-10');
    expect(formatPValue(1e-300)).toBe('< 2e-16');
    expect(formatPValue(0.496365579671489)).toBe('0.496');
  });

  it('formatValue(value) formats strings, booleans, dates, arrays and objects on one line', () => {
    expect(formatValue('text')).toBe('text');
    expect(formatValue(true)).toBe('true');
    expect(formatValue(new Date(Date.UTC(2024, 0, 2)))).toBe('2024-01-02T00:00:00.000Z');
    expect(formatValue([1, 0.5, null])).toBe('1, 0.5, NA');
    expect(formatValue({ a: 1 })).toBe('{"a":1}');
  });
});
