import { describe, expect, it } from 'vitest';
import { convolveDelays, delayMean, delayPmf } from '../src/index.ts';
import { expectClose } from './helpers.ts';

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
