import { InvalidArgumentError } from '@muster/core';
import { toPmf } from './internal/validate.ts';
import type { DelayInput } from './types.ts';

/**
 * Quantiles of a discrete delay distribution: for each probability p, the smallest d with
 * P(delay <= d) >= p (R's convention for discrete distributions, as `qpois`). A relative fuzz
 * of 64 machine epsilons on the cdf guards against rounding in cumulative sums.
 *
 * @param delay - a delay distribution or its pmf (sums to 1 within 1e-9)
 * @param probabilities - a probability in [0, 1] or an array of them
 * @returns the quantile (number) or quantiles (array), in periods
 * @throws InvalidArgumentError for a probability outside [0, 1] or a bad pmf
 * @example
 * ```ts
 * delayQuantile([0.25, 0.5, 0.25], [0.25, 0.5, 0.9]);
 * // => [0, 1, 2]
 * ```
 */
export function delayQuantile(delay: DelayInput, probabilities: number): number;
export function delayQuantile(delay: DelayInput, probabilities: readonly number[]): number[];
export function delayQuantile(
  delay: DelayInput,
  probabilities: number | readonly number[],
): number | number[] {
  const fn = 'delayQuantile';
  const pmf = toPmf(delay, fn);
  const cdf = new Float64Array(pmf.length);
  let running = 0;
  for (let d = 0; d < pmf.length; d++) cdf[d] = running += pmf[d];
  const one = (p: number): number => {
    if (typeof p !== 'number' || !(p >= 0 && p <= 1)) {
      throw new InvalidArgumentError(
        'probabilities',
        `${fn} requires probabilities in [0, 1]; received ${String(p)}`,
      );
    }
    const target = p * (1 - 64 * Number.EPSILON);
    for (let d = 0; d < cdf.length; d++) if (cdf[d] >= target && (p > 0 || pmf[d] > 0)) return d;
    return cdf.length - 1;
  };
  return typeof probabilities === 'number' ? one(probabilities) : probabilities.map(one);
}
