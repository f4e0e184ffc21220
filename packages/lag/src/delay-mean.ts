import { toPmf } from './internal/validate.ts';
import type { DelayInput } from './types.ts';

/**
 * Mean of a discrete delay distribution: sum_d d P(d).
 *
 * @param delay - a delay distribution or its pmf (sums to 1 within 1e-9)
 * @returns the mean delay in periods
 * @throws InvalidArgumentError for a pmf with negative entries or that does not sum to 1
 * @example
 * ```ts
 * delayMean([0.25, 0.5, 0.25]);
 * // => 1
 * ```
 */
export function delayMean(delay: DelayInput): number {
  const pmf = toPmf(delay, 'delayMean');
  let mean = 0;
  for (let d = 1; d < pmf.length; d++) mean += d * pmf[d];
  return mean;
}
