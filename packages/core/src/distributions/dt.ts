import tPdf from '@stdlib/stats-base-dists-t-pdf';
import { dnorm } from './dnorm.ts';

/**
 * Student t density, R's `dt` (central).
 *
 * @param x - quantile
 * @param df - degrees of freedom > 0
 * @returns the density; NaN when df <= 0
 * @example
 * ```ts
 * dt(0, 1);
 * // => 0.31830988618379075
 * ```
 */
export function dt(x: number, df: number): number {
  if (!(df > 0)) return Number.NaN;
  if (!Number.isFinite(df)) return dnorm(x);
  return tPdf(x, df);
}
