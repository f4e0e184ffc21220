import { pgamma } from './pgamma.ts';

/**
 * Chi-square cumulative distribution function, R's `pchisq` (central): the regularised lower
 * or upper incomplete gamma function P(df/2, x/2) or Q(df/2, x/2) (@stdlib gammainc, a port of
 * Boost's), so `pchisq(1000, 1, false)` = 1.7e-219 with full relative accuracy.
 *
 * @param x - quantile
 * @param df - degrees of freedom >= 0 (df = 0 is a point mass at 0)
 * @param lowerTail - P(X <= x) when true (default), P(X > x) when false
 * @returns the probability; NaN when df < 0
 * @example
 * ```ts
 * pchisq(3.84, 1, false);
 * // => 0.05004352124870509
 * ```
 */
export function pchisq(x: number, df: number, lowerTail = true): number {
  if (Number.isNaN(x) || !(df >= 0)) return Number.NaN;
  return pgamma(x, df / 2, 0.5, lowerTail);
}
