import { pbetaRaw } from './pbeta-raw.ts';
import { pchisq } from './pchisq.ts';

/**
 * F cumulative distribution function, R's `pf` (central). As R's nmath pf.c: the regularised
 * incomplete beta of d2 / (d2 + d1 x) with shapes (d2/2, d1/2) when d1 x > d2, else of
 * d1 x / (d2 + d1 x) with (d1/2, d2/2), so neither tail forms 1 - x; chi-square limits for
 * infinite degrees of freedom.
 *
 * @param x - quantile
 * @param df1 - numerator degrees of freedom > 0
 * @param df2 - denominator degrees of freedom > 0
 * @param lowerTail - P(F <= x) when true (default), P(F > x) when false
 * @returns the probability; NaN outside the domain
 * @example
 * ```ts
 * pf(4, 2, 10, false);
 * // => 0.052922149401344654
 * ```
 */
export function pf(x: number, df1: number, df2: number, lowerTail = true): number {
  if (Number.isNaN(x) || !(df1 > 0) || !(df2 > 0)) return Number.NaN;
  if (x <= 0) return lowerTail ? 0 : 1;
  if (x === Number.POSITIVE_INFINITY) return lowerTail ? 1 : 0;
  if (!Number.isFinite(df2)) {
    if (!Number.isFinite(df1)) return x < 1 === lowerTail ? 0 : 1;
    return pchisq(x * df1, df1, lowerTail);
  }
  if (!Number.isFinite(df1)) return pchisq(df2 / x, df2, !lowerTail);
  if (df1 * x > df2) return pbetaRaw(df2 / (df2 + df1 * x), df2 / 2, df1 / 2, !lowerTail);
  return pbetaRaw((df1 * x) / (df2 + df1 * x), df1 / 2, df2 / 2, lowerTail);
}
