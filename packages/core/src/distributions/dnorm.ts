import normalPdf from '@stdlib/stats-base-dists-normal-pdf';

/**
 * Normal density, R's `dnorm`.
 *
 * @param x - quantile
 * @param mean - mean (default 0)
 * @param sd - standard deviation > 0 (default 1)
 * @returns the density; NaN when sd < 0
 * @example
 * ```ts
 * dnorm(0);
 * // => 0.3989422804014327
 * ```
 */
export function dnorm(x: number, mean = 0, sd = 1): number {
  if (!(sd >= 0)) return Number.NaN;
  return normalPdf(x, mean, sd);
}
