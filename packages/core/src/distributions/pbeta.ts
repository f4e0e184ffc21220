import { pbetaRaw } from './pbeta-raw.ts';

/**
 * Beta cumulative distribution function, R's `pbeta`: the regularised incomplete beta
 * I_x(a, b) or its complement computed directly (@stdlib betainc, a port of Boost's ibeta).
 *
 * @param x - quantile
 * @param a - first shape > 0
 * @param b - second shape > 0
 * @param lowerTail - P(X <= x) when true (default), P(X > x) when false
 * @returns the probability; NaN outside the domain
 * @example
 * ```ts
 * pbeta(0.5, 2, 3);
 * // => 0.6875
 * ```
 */
export function pbeta(x: number, a: number, b: number, lowerTail = true): number {
  if (Number.isNaN(x) || !(a > 0) || !(b > 0)) return Number.NaN;
  return pbetaRaw(x, a, b, lowerTail);
}
