import lognormalPdf from '@stdlib/stats-base-dists-lognormal-pdf';

/**
 * Log-normal density, R's `dlnorm`.
 *
 * @param x - quantile
 * @param meanlog - mean of log X (default 0)
 * @param sdlog - standard deviation of log X > 0 (default 1)
 * @returns the density; NaN when sdlog < 0
 * @example
 * ```ts
 * dlnorm(1);
 * // => 0.3989422804014327
 * ```
 */
export function dlnorm(x: number, meanlog = 0, sdlog = 1): number {
  if (!(sdlog >= 0)) return Number.NaN;
  if (x <= 0) return 0;
  return lognormalPdf(x, meanlog, sdlog);
}
