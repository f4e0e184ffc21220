import { expect } from 'vitest';

/**
 * How close a number must be: |actual - expected| <= rtol |expected| + atol. At least one of the
 * two must be given; the one left out is 0.
 */
export type Tolerance = { rtol: number; atol?: number } | { atol: number; rtol?: number };

type Numbers = number | null | undefined | ArrayLike<number | null | undefined>;

/**
 * Assert that `actual` is within `tolerance` of `expected`: numbers, or arrays and typed arrays
 * entry by entry (with the index in the message). A null or undefined expected value is R's NA
 * and matches null, undefined or NaN; NaN matches NaN; an infinite value matches itself.
 *
 * @example
 * ```ts
 * expectClose(0.30000000000000004, 0.3, { rtol: 1e-15 });
 * expectClose([1, 2.0000001], [1, 2], { atol: 1e-6 }, 'lambda');
 * ```
 */
export function expectClose(
  actual: Numbers,
  expected: Numbers,
  tolerance: Tolerance,
  label = '',
): void {
  const rtol = tolerance?.rtol ?? 0;
  const atol = tolerance?.atol ?? 0;
  if (tolerance?.rtol === undefined && tolerance?.atol === undefined) {
    throw new TypeError('expectClose requires a tolerance with rtol or atol');
  }
  if (!(rtol >= 0 && atol >= 0)) {
    throw new TypeError(`expectClose requires rtol and atol >= 0; received ${rtol}, ${atol}`);
  }
  if (isScalar(expected)) {
    expect(isScalar(actual), `${label}: expected a number, got ${String(actual)}`).toBe(true);
    closeScalar(actual as number | null | undefined, expected, rtol, atol, label);
    return;
  }
  expect(
    isScalar(actual),
    `${label}: expected ${expected.length} numbers, got ${String(actual)}`,
  ).toBe(false);
  const a = actual as ArrayLike<number | null | undefined>;
  expect(a.length, `${label}: length`).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    closeScalar(a[i], expected[i], rtol, atol, label === '' ? `[${i}]` : `${label}[${i}]`);
  }
}

function isScalar(value: Numbers): value is number | null | undefined {
  return value === null || value === undefined || typeof value === 'number';
}

function closeScalar(
  actual: number | null | undefined,
  expected: number | null | undefined,
  rtol: number,
  atol: number,
  label: string,
): void {
  const missing = (v: unknown) => v === null || v === undefined || Number.isNaN(v);
  if (missing(expected)) {
    if (!missing(actual)) expect.fail(`${label}: expected NA (null or NaN), got ${actual}`);
    return;
  }
  const e = expected as number;
  if (typeof actual !== 'number')
    expect.fail(`${label}: expected a number near ${e}, got ${actual}`);
  if (!Number.isFinite(e)) {
    if (actual !== e) expect.fail(`${label}: expected ${e}, got ${actual}`);
    return;
  }
  const bound = rtol * Math.abs(e) + atol;
  const difference = Math.abs(actual - e);
  if (!(difference <= bound)) {
    expect.fail(
      `${label}: ${actual} differs from ${e} by ${difference}, more than ${bound} (rtol ${rtol}, atol ${atol})`,
    );
  }
}
