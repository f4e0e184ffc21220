/** Number formatting against R (fixtures/format-pval.R): format.pval and format(signif(x, 3)). */
import { describe, expect, it } from 'vitest';
import {
  formatFixed,
  formatPValue,
  formatSignificant,
  starsOf,
} from '../src/internal/format-number.ts';
import { fixtureJson } from './helpers.ts';

const reference = fixtureJson<{
  pValues: { p: number; text: string }[];
  significant: { x: number; text: string }[];
}>('format-pval.json');

describe('number formatting', () => {
  it('formatPValue(p, 3) prints each p-value as R format.pval(p, digits = 3)', () => {
    for (const { p, text } of reference.pValues) expect(formatPValue(p, 3), `p = ${p}`).toBe(text);
  });

  it('formatSignificant(x, 3) prints as R format(signif(x, 3), digits = 3)', () => {
    for (const { x, text } of reference.significant)
      expect(formatSignificant(x, 3), `x = ${x}`).toBe(text);
  });

  it('formatSignificant and formatFixed print null as blank and keep NaN and Inf visible', () => {
    expect(formatSignificant(null, 3)).toBe('');
    expect(formatSignificant(Number.NaN, 3)).toBe('NaN');
    expect(formatSignificant(Number.NEGATIVE_INFINITY, 3)).toBe('-Inf');
    expect(formatFixed(-0.04, 1)).toBe('0.0');
    expect(formatFixed(-111.84, 1)).toBe('-111.8');
  });

  it('starsOf(p, thresholds) gives the symbol of the smallest threshold above p', () => {
    const stars: [string, number][] = [
      ['+', 0.1],
      ['*', 0.05],
      ['**', 0.01],
    ];
    expect([0.2, 0.07, 0.05, 0.049, 0.001].map((p) => starsOf(p, stars))).toEqual([
      '',
      '+',
      '+',
      '*',
      '**',
    ]);
    expect(starsOf(0.001, null)).toBe('');
  });
});
