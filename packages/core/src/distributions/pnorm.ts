import normalCdf from '@stdlib/stats-base-dists-normal-cdf';

/**
 * Normal cumulative distribution function, R's `pnorm`.
 *
 * Computed from erfc on the standardised value (@stdlib normal cdf), using the symmetry
 * P(X > x) = Phi(-z) for the upper tail, so both tails keep relative accuracy down to 1e-308.
 *
 * @param x - quantile
 * @param mean - mean (default 0)
 * @param sd - standard deviation >= 0 (default 1; sd = 0 is a point mass at the mean)
 * @param lowerTail - P(X <= x) when true (default), P(X > x) when false
 * @returns the probability; NaN when sd < 0 or an argument is NaN
 * @example
 * ```ts
 * pnorm(1.96);
 * // => 0.9750021048517795
 * pnorm(10, 0, 1, false);
 * // => 7.619853024160593e-24
 * ```
 */
export function pnorm(x: number, mean = 0, sd = 1, lowerTail = true): number {
  if (Number.isNaN(x) || Number.isNaN(mean) || !(sd >= 0)) return Number.NaN;
  if (sd === 0 || !Number.isFinite(sd)) {
    if (sd === 0) return x < mean === lowerTail ? 0 : 1;
    return 0.5;
  }
  const z = (x - mean) / sd;
  return normalCdf(lowerTail ? z : -z, 0, 1);
}
