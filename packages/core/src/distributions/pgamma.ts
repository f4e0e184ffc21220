import gammainc from '@stdlib/math-base-special-gammainc';

/**
 * Gamma cumulative distribution function, R's `pgamma` with the rate parametrisation: the
 * regularised incomplete gamma P(shape, rate x) or, for the upper tail, Q(shape, rate x)
 * computed directly (@stdlib gammainc).
 *
 * @param x - quantile
 * @param shape - shape >= 0 (0 is a point mass at 0)
 * @param rate - rate > 0 (default 1; scale = 1 / rate)
 * @param lowerTail - P(X <= x) when true (default), P(X > x) when false
 * @returns the probability; NaN outside the domain
 * @example
 * ```ts
 * pgamma(2, 3, 1);
 * // => 0.3233235838169365
 * ```
 */
export function pgamma(x: number, shape: number, rate = 1, lowerTail = true): number {
  if (Number.isNaN(x) || !(shape >= 0) || !(rate > 0)) return Number.NaN;
  if (x <= 0) return lowerTail ? 0 : 1;
  if (shape === 0) return lowerTail ? 1 : 0;
  if (x === Number.POSITIVE_INFINITY) return lowerTail ? 1 : 0;
  return gammainc(x * rate, shape, true, !lowerTail);
}
