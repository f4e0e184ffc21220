import chisquarePdf from '@stdlib/stats-base-dists-chisquare-pdf';

/**
 * Chi-square density, R's `dchisq` (central).
 *
 * @param x - quantile
 * @param df - degrees of freedom > 0
 * @returns the density; NaN when df <= 0
 * @example
 * ```ts
 * dchisq(1, 2);
 * // => 0.30326532985631677
 * ```
 */
export function dchisq(x: number, df: number): number {
  if (!(df > 0)) return Number.NaN;
  return chisquarePdf(x, df);
}
