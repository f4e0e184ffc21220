import { toPmf } from './internal/validate.ts';
import type { DelayDistribution, DelayInput } from './types.ts';

/**
 * Distribution of the sum of two independent delays (offence -> case, case -> sentence):
 * P(D1 + D2 = d) = sum_j P(D1 = j) P(D2 = d - j), d = 0..maxDelay1 + maxDelay2. Nothing is
 * truncated, so the pmf sums to 1 and the means add.
 *
 * @param first - the first delay (distribution or pmf)
 * @param second - the second delay (distribution or pmf)
 * @returns a delay distribution with `distribution: 'convolution'`
 * @throws InvalidArgumentError for a pmf that does not sum to 1 (within 1e-9) or has negative entries
 * @example
 * ```ts
 * convolveDelays([0.5, 0.5], [0.5, 0.5]).pmf;
 * // => [0.25, 0.5, 0.25]
 * ```
 */
export function convolveDelays(first: DelayInput, second: DelayInput): DelayDistribution {
  const fn = 'convolveDelays';
  const a = toPmf(first, fn, 'first');
  const b = toPmf(second, fn, 'second');
  const out = new Array<number>(a.length + b.length - 1).fill(0);
  for (let i = 0; i < a.length; i++) {
    if (a[i] === 0) continue;
    for (let j = 0; j < b.length; j++) out[i + j] += a[i] * b[j];
  }
  let mean = 0;
  let second2 = 0;
  for (let d = 0; d < out.length; d++) {
    mean += d * out[d];
    second2 += d * d * out[d];
  }
  return {
    distribution: 'convolution',
    pmf: out,
    maxDelay: out.length - 1,
    mean,
    sd: Math.sqrt(Math.max(0, second2 - mean * mean)),
    method: 'convolution of two independent discrete delays: P(d) = sum_j P1(j) P2(d - j)',
  };
}
