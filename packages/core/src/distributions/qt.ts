import tQuantile from '@stdlib/stats-base-dists-t-quantile';
import { isProbability } from './is-probability.ts';
import { qnorm } from './qnorm.ts';

/**
 * Student t quantile function, R's `qt` (central). @stdlib's t quantile (inverse incomplete
 * beta); the upper tail uses the symmetry q(p, upper) = -q(p, lower).
 *
 * @param p - probability in [0, 1]
 * @param df - degrees of freedom > 0
 * @param lowerTail - p is P(T <= q) when true (default), P(T > q) when false
 * @returns the quantile; NaN outside the domain
 * @example
 * ```ts
 * qt(0.975, 10);
 * // => 2.2281388519862744
 * ```
 */
export function qt(p: number, df: number, lowerTail = true): number {
  if (!isProbability(p) || !(df > 0)) return Number.NaN;
  if (!Number.isFinite(df)) return qnorm(p, 0, 1, lowerTail);
  const q = tQuantile(p, df);
  return lowerTail ? q : -q;
}
