import negativeBinomialPmf from '@stdlib/stats-base-dists-negative-binomial-pmf';

/**
 * Negative binomial probability mass function, R's `dnbinom(x, size, prob)`: failures before
 * the size-th success. For R's `mu` parametrisation pass prob = size / (size + mu).
 *
 * @param x - number of failures
 * @param size - target number of successes > 0 (need not be an integer)
 * @param prob - success probability in (0, 1]
 * @returns P(X = x); NaN outside the domain
 * @example
 * ```ts
 * dnbinom(2, 3, 0.5);
 * // => 0.18750000000000014
 * ```
 */
export function dnbinom(x: number, size: number, prob: number): number {
  if (Number.isNaN(x) || !(size > 0) || !(prob > 0 && prob <= 1)) return Number.NaN;
  return negativeBinomialPmf(x, size, prob);
}
