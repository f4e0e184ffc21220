import { describe, expect, it } from 'vitest';
import { niceTicks } from '../../src/internal/ticks.ts';

describe('niceTicks', () => {
  it('niceTicks gives d3-array ticks (values from d3.ticks)', () => {
    // d3.ticks(0, 1022, 5), d3.ticks(0, 999, 5), d3.ticks(0, 1, 10), d3.ticks(-3.7, 12.2, 4)
    expect(niceTicks(0, 1022, 5)).toEqual([0, 200, 400, 600, 800, 1000]);
    expect(niceTicks(0, 999, 5)).toEqual([0, 200, 400, 600, 800]);
    expect(niceTicks(0, 1, 10)).toEqual([0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1]);
    expect(niceTicks(-3.7, 12.2, 4)).toEqual([0, 5, 10]);
    expect(niceTicks(0, 424, 5)).toEqual([0, 100, 200, 300, 400]);
  });

  it('niceTicks handles degenerate ranges', () => {
    expect(niceTicks(3, 3, 5)).toEqual([3]);
    expect(niceTicks(0, 10, 0)).toEqual([]);
    expect(niceTicks(0, Number.NaN, 5)).toEqual([]);
    expect(niceTicks(10, 0, 2)).toEqual([0, 5, 10]);
  });
});
