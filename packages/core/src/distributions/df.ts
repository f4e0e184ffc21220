import fPdf from '@stdlib/stats-base-dists-f-pdf';

/**
 * F density, R's `df` (central).
 *
 * @param x - quantile
 * @param df1 - numerator degrees of freedom > 0
 * @param df2 - denominator degrees of freedom > 0
 * @returns the density; NaN outside the domain
 * @example
 * ```ts
 * df(1, 2, 10);
 * // => 0.3348979766803844
 * ```
 */
export function df(x: number, df1: number, df2: number): number {
  if (!(df1 > 0) || !(df2 > 0)) return Number.NaN;
  return fPdf(x, df1, df2);
}
