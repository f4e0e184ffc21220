import { describe, expect, it } from 'vitest';
import { delayQuantile } from '../src/index.ts';

describe('delayQuantile', () => {
  it('delayQuantile returns the smallest d with P(delay <= d) >= p', () => {
    expect(delayQuantile([0.25, 0.5, 0.25], [0.25, 0.5, 0.75, 0.76, 1])).toEqual([0, 1, 1, 2, 2]);
    expect(delayQuantile([0.25, 0.5, 0.25], 0.9)).toBe(2);
  });

  it('delayQuantile skips leading zero-probability delays at p = 0', () => {
    expect(delayQuantile([0, 0, 1], 0)).toBe(2);
  });

  it('delayQuantile rejects probabilities outside [0, 1]', () => {
    expect(() => delayQuantile([1], 1.5)).toThrow(/probabilities in \[0, 1\]; received 1.5/);
  });
});
