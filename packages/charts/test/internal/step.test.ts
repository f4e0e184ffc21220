import { describe, expect, it } from 'vitest';
import { stepBand } from '../../src/internal/step.ts';

describe('stepBand', () => {
  it('stepBand closes a step where bounds stop and starts a new segment where they resume', () => {
    const rows = stepBand([
      { time: 0, lower: 1, upper: 1 },
      { time: 1, lower: 0.5, upper: 0.9 },
      { time: 2, lower: null, upper: null },
      { time: 3, lower: null, upper: null },
      { time: 4, lower: 0.2, upper: 0.4 },
      { time: 5, lower: 0.1, upper: 0.3 },
    ]);
    expect(rows.map((r) => [r.time, r.lower, r.upper, r.segment])).toEqual([
      [0, 1, 1, 0],
      [1, 0.5, 0.9, 0],
      [2, 0.5, 0.9, 0],
      [4, 0.2, 0.4, 1],
      [5, 0.1, 0.3, 1],
    ]);
  });

  it('stepBand of points without bounds is empty', () => {
    expect(stepBand([{ time: 0, lower: null, upper: null }])).toEqual([]);
  });
});
