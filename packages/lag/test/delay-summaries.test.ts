import { InvalidArgumentError } from '@muster/core';
import { describe, expect, it } from 'vitest';
import { convolveDelays, delayMean, delayPmf, delayQuantile } from '../src/index.ts';
import { expectClose } from './helpers.ts';

describe('delayMean', () => {
  it('delayMean([0.25, 0.5, 0.25]) is 1', () => {
    expect(delayMean([0.25, 0.5, 0.25])).toBe(1);
  });

  it('delayMean of a discretised gamma is about mean - 1/2 (a delay in [d, d + 1) counts as d)', () => {
    const delay = delayPmf({ distribution: 'gamma', mean: 5, sd: 2.5, maxDelay: 30 });
    expectClose(delayMean(delay), 4.5, { rtol: 0, atol: 1e-3 });
  });

  it('delayMean rejects a pmf that does not sum to 1 within 1e-9', () => {
    expect(() => delayMean([0.5, 0.4])).toThrow(InvalidArgumentError);
    expect(() => delayMean([0.5, 0.4])).toThrow(
      /sums to 1 \(within 1e-9\); received a pmf summing to 0.9/,
    );
  });
});

describe('delayQuantile', () => {
  it('delayQuantile returns the smallest d with P(delay <= d) >= p', () => {
    expect(delayQuantile([0.25, 0.5, 0.25], [0.25, 0.5, 0.75, 0.76, 1])).toEqual([0, 1, 1, 2, 2]);
    expect(delayQuantile([0.25, 0.5, 0.25], 0.9)).toBe(2);
  });

  it('delayQuantile skips leading zero-probability delays at p = 0', () => {
    expect(delayQuantile([0, 0, 1], 0)).toBe(2);
  });

  it('delayQuantile rejects probabilities outside [0, 1]', () => {
    expect(() => delayQuantile([1], 1.5)).toThrow(/probabilities in \[0, 1\]; received 1.5/);
  });
});

describe('convolveDelays', () => {
  it('convolveDelays([0.5, 0.5], [0.5, 0.5]) is [0.25, 0.5, 0.25]', () => {
    expect(convolveDelays([0.5, 0.5], [0.5, 0.5]).pmf).toEqual([0.25, 0.5, 0.25]);
  });

  it('convolveDelays adds the means and the variances of offence -> case and case -> sentence', () => {
    const a = delayPmf({ distribution: 'gamma', mean: 3, sd: 1.5, maxDelay: 20 });
    const b = delayPmf({ distribution: 'negative-binomial', mean: 2, sd: 2, maxDelay: 20 });
    const both = convolveDelays(a, b);
    expect(both.maxDelay).toBe(40);
    expectClose(
      both.pmf.reduce((s, p) => s + p, 0),
      1,
      { rtol: 0, atol: 1e-13 },
    );
    expectClose(both.mean as number, delayMean(a) + delayMean(b), { rtol: 1e-12, atol: 0 });
    const variance = (pmf: number[]) => {
      const m = pmf.reduce((s, p, d) => s + d * p, 0);
      return pmf.reduce((s, p, d) => s + (d - m) ** 2 * p, 0);
    };
    expectClose((both.sd as number) ** 2, variance(a.pmf) + variance(b.pmf), {
      rtol: 1e-10,
      atol: 0,
    });
  });
});
