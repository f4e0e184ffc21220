import binomialPmf from '@stdlib/stats-base-dists-binomial-pmf';
import { isProbability } from './is-probability.ts';

/**
 * Binomial probability mass function, R's `dbinom` (0 for a non-integer x).
 *
 * @param x - number of successes
 * @param size - number of trials (non-negative integer)
 * @param prob - success probability in [0, 1]
 * @returns P(X = x); NaN outside the domain
 * @example
 * ```ts
 * dbinom(3, 10, 0.5);
 * // => 0.11718750000000008
 * ```
 */
export function dbinom(x: number, size: number, prob: number): number {
  if (Number.isNaN(x) || !Number.isInteger(size) || size < 0 || !isProbability(prob))
    return Number.NaN;
  return binomialPmf(x, size, prob);
}
