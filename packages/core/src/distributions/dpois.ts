import poissonPmf from '@stdlib/stats-base-dists-poisson-pmf';

/**
 * Poisson probability mass function, R's `dpois` (0 for a non-integer x, as R, which also warns).
 *
 * @param x - count
 * @param lambda - mean >= 0
 * @returns P(X = x); NaN when lambda < 0
 * @example
 * ```ts
 * dpois(2, 3);
 * // => 0.22404180765538767
 * ```
 */
export function dpois(x: number, lambda: number): number {
  if (Number.isNaN(x) || !(lambda >= 0)) return Number.NaN;
  return poissonPmf(x, lambda);
}
