import betaincinv from '@stdlib/math-base-special-betaincinv';
import { isProbability } from './is-probability.ts';

/**
 * Beta quantile function, R's `qbeta`: the inverse of the regularised incomplete beta or of its
 * complement (@stdlib betaincinv).
 *
 * @param p - probability in [0, 1]
 * @param a - first shape > 0
 * @param b - second shape > 0
 * @param lowerTail - p is P(X <= q) when true (default), P(X > q) when false
 * @returns the quantile; NaN outside the domain
 * @example
 * ```ts
 * qbeta(0.6875, 2, 3);
 * // => 0.5
 * ```
 */
export function qbeta(p: number, a: number, b: number, lowerTail = true): number {
  if (!isProbability(p) || !(a > 0) || !(b > 0)) return Number.NaN;
  if (p === (lowerTail ? 0 : 1)) return 0;
  if (p === (lowerTail ? 1 : 0)) return 1;
  return betaincinv(p, a, b, !lowerTail);
}
