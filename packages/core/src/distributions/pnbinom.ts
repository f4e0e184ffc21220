import { pbetaRaw } from './pbeta-raw.ts';

/**
 * Negative binomial cumulative distribution function, R's `pnbinom(q, size, prob)`:
 * P(X <= k) = I_prob(size, k + 1) and its complement, computed directly.
 *
 * @param q - quantile
 * @param size - target number of successes > 0
 * @param prob - success probability in (0, 1]
 * @param lowerTail - P(X <= q) when true (default), P(X > q) when false
 * @returns the probability; NaN outside the domain
 * @example
 * ```ts
 * pnbinom(2, 3, 0.5);
 * // => 0.5
 * ```
 */
export function pnbinom(q: number, size: number, prob: number, lowerTail = true): number {
  if (Number.isNaN(q) || !(size > 0) || !(prob > 0 && prob <= 1)) return Number.NaN;
  const k = Math.floor(q + 1e-7);
  if (k < 0) return lowerTail ? 0 : 1;
  if (q === Number.POSITIVE_INFINITY || prob === 1) return lowerTail ? 1 : 0;
  return pbetaRaw(prob, size, k + 1, lowerTail);
}
