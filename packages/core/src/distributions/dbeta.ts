import betaPdf from '@stdlib/stats-base-dists-beta-pdf';

/**
 * Beta density, R's `dbeta`.
 *
 * @param x - quantile
 * @param a - first shape > 0
 * @param b - second shape > 0
 * @returns the density; NaN outside the domain
 * @example
 * ```ts
 * dbeta(0.5, 2, 3);
 * // => 1.5000000000000004
 * ```
 */
export function dbeta(x: number, a: number, b: number): number {
  if (!(a > 0) || !(b > 0)) return Number.NaN;
  return betaPdf(x, a, b);
}
