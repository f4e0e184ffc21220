import { expect } from 'vitest';

/** Tolerances of a numeric assertion: |actual - expected| <= rtol |expected| + atol. */
export interface Tolerance {
  rtol: number;
  atol?: number;
}

/**
 * Assert that every entry of `actual` is within tolerance of `expected`. `null` in expected means
 * R's NA and matches NaN.
 */
export function expectClose(
  actual: ArrayLike<number> | number,
  expected: ArrayLike<number | null> | number | null,
  tolerance: Tolerance,
): void {
  const a = typeof actual === 'number' ? [actual] : Array.from(actual);
  const e = expected === null || typeof expected === 'number' ? [expected] : Array.from(expected);
  expect(a.length).toBe(e.length);
  const { rtol, atol = 0 } = tolerance;
  for (let i = 0; i < a.length; i++) {
    const ei = e[i];
    if (ei === null || Number.isNaN(ei)) {
      expect(a[i], `entry ${i}`).toBeNaN();
    } else if (!Number.isFinite(ei)) {
      expect(a[i], `entry ${i}`).toBe(ei);
    } else {
      const bound = rtol * Math.abs(ei) + atol;
      if (!(Math.abs(a[i] - ei) <= bound)) {
        expect.fail(`entry ${i}: ${a[i]} differs from ${ei} by more than ${bound}`);
      }
    }
  }
}
