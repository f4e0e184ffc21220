import gammaPdf from '@stdlib/stats-base-dists-gamma-pdf';

/**
 * Gamma density, R's `dgamma` (rate parametrisation).
 *
 * @param x - quantile
 * @param shape - shape > 0
 * @param rate - rate > 0 (default 1)
 * @returns the density; NaN outside the domain
 * @example
 * ```ts
 * dgamma(1, 2, 1);
 * // => 0.36787944117144233
 * ```
 */
export function dgamma(x: number, shape: number, rate = 1): number {
  if (!(shape >= 0) || !(rate > 0)) return Number.NaN;
  return gammaPdf(x, shape, rate);
}
