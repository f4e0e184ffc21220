import { describe, expect, it } from 'vitest';
import { measureTextWidth } from '../src/index.ts';

describe('measureTextWidth', () => {
  it('measureTextWidth sums the advance widths of the report fonts (the wider of Libertinus Serif and DejaVu Sans)', () => {
    // DejaVu Sans digits are 0.636 em, wider than Libertinus Serif's.
    expect(measureTextWidth('0', 10)).toBe(6.36);
    expect(measureTextWidth('100', 10)).toBe(19.08);
    expect(measureTextWidth('Odds ratio', 10)).toBe(52.02);
    expect(measureTextWidth('Odds ratio', 10, true)).toBeGreaterThan(52.02);
    // Vega's estimate, 0.8 em a character, would give 80.
    expect(measureTextWidth('Odds ratio', 10)).toBeLessThan(80);
  });

  it('measureTextWidth gives a character outside the table a wide width (0.75 em) and the empty string 0', () => {
    expect(measureTextWidth('\u4e2d', 20)).toBe(15);
    expect(measureTextWidth('', 12)).toBe(0);
  });
});
