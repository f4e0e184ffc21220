import { isProbability } from './is-probability.ts';
import { pbetaRaw } from './pbeta-raw.ts';

/**
 * Binomial cumulative distribution function, R's `pbinom`: P(X <= k) = I_{1-p}(n - k, k + 1),
 * computed as the complementary incomplete beta of p with shapes (k + 1, n - k) as R's nmath
 * does, and P(X > k) as the incomplete beta itself.
 *
 * @param q - quantile
 * @param size - number of trials (non-negative integer)
 * @param prob - success probability in [0, 1]
 * @param lowerTail - P(X <= q) when true (default), P(X > q) when false
 * @returns the probability; NaN outside the domain
 * @example
 * ```ts
 * pbinom(3, 10, 0.5);
 * // => 0.171875
 * ```
 */
export function pbinom(q: number, size: number, prob: number, lowerTail = true): number {
  if (Number.isNaN(q) || !Number.isInteger(size) || size < 0 || !isProbability(prob))
    return Number.NaN;
  const k = Math.floor(q + 1e-7);
  if (k < 0) return lowerTail ? 0 : 1;
  if (k >= size) return lowerTail ? 1 : 0;
  return pbetaRaw(prob, k + 1, size - k, !lowerTail);
}
