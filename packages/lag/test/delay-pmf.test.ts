import { InvalidArgumentError } from '@muster/core';
import { describe, expect, it } from 'vitest';
import { delayPmf } from '../src/index.ts';
import { expectClose, README_TOLERANCE, readFixture } from './helpers.ts';

interface DelayCase {
  distribution: 'gamma';
  mean: number;
  sd: number;
  maxDelay: number;
  expected: { pmf: number[] };
}

describe('delayPmf', () => {
  it('delayPmf(gamma) matches the reference case delay-gamma-5-2.5 at README tolerance', () => {
    const c = readFixture<DelayCase>('delay-gamma-5-2.5.json');
    const delay = delayPmf({
      distribution: c.distribution,
      mean: c.mean,
      sd: c.sd,
      maxDelay: c.maxDelay,
      discretisation: 'start',
    });
    expectClose(delay.pmf, c.expected.pmf, README_TOLERANCE);
    expect(delay.maxDelay).toBe(14);
    expectClose(delay.parameters.shape, 4, { rtol: 1e-15, atol: 0 });
    expectClose(delay.parameters.rate, 0.8, { rtol: 1e-15, atol: 0 });
  });

  it('delayPmf(lognormal) matches R plnorm differences with sdlog^2 = log(1 + sd^2/mean^2)', () => {
    const r = readFixture<{ lognormal: { pmf: number[] } }>('r-delay-families.json');
    const delay = delayPmf({
      distribution: 'lognormal',
      mean: 5,
      sd: 2.5,
      maxDelay: 14,
      discretisation: 'start',
    });
    expectClose(delay.pmf, r.lognormal.pmf, README_TOLERANCE);
  });

  it('delayPmf(negative-binomial) matches R dnbinom(size = mean^2/(sd^2 - mean), mu = mean), renormalised', () => {
    const r = readFixture<{ negbin: { pmf: number[] } }>('r-delay-families.json');
    const delay = delayPmf({ distribution: 'negative-binomial', mean: 5, sd: 5, maxDelay: 14 });
    expectClose(delay.pmf, r.negbin.pmf, README_TOLERANCE);
    expectClose(delay.parameters.size, 1.25, { rtol: 1e-15, atol: 0 });
  });

  it('delayPmf sums to 1 and reports the mass cut off beyond maxDelay', () => {
    const delay = delayPmf({
      distribution: 'gamma',
      mean: 5,
      sd: 2.5,
      maxDelay: 14,
      discretisation: 'start',
    });
    expectClose(
      delay.pmf.reduce((a, b) => a + b, 0),
      1,
      { rtol: 0, atol: 1e-14 },
    );
    // R: pgamma(15, 4, 0.8, lower = FALSE)
    expectClose(delay.truncatedMass, 0.00229179120779142, README_TOLERANCE);
  });

  it('delayPmf spreads offences uniformly within the period by default: exponential P(0) = 1 - (1 - e^-r) / r', () => {
    // gamma with sd = mean is the exponential with rate r = 1 / mean; P(floor(U + X) = 0) =
    // int_0^1 F(1 - u) du = 1 - (1 - e^-r) / r, and P(1) = (1 - e^-r)^2 / r
    const delay = delayPmf({ distribution: 'gamma', mean: 2, sd: 2, maxDelay: 200 });
    expect(delay.discretisation).toBe('uniform');
    const r = 0.5;
    expectClose(delay.pmf[0], 1 - (1 - Math.exp(-r)) / r, { rtol: 1e-12, atol: 0 });
    expectClose(delay.pmf[1], (1 - Math.exp(-r)) ** 2 / r, { rtol: 1e-12, atol: 0 });
  });

  it('delayPmf(uniform) keeps the continuous mean (a 5-month delay is 5 months) for gamma and lognormal', () => {
    for (const distribution of ['gamma', 'lognormal'] as const) {
      const delay = delayPmf({ distribution, mean: 5, sd: 2.5, maxDelay: 80 });
      const mean = delay.pmf.reduce((sum, p, d) => sum + p * d, 0);
      expectClose(mean, 5, { rtol: 1e-7, atol: 0 });
    }
    const start = delayPmf({
      distribution: 'gamma',
      mean: 5,
      sd: 2.5,
      maxDelay: 80,
      discretisation: 'start',
    });
    expectClose(
      start.pmf.reduce((sum, p, d) => sum + p * d, 0),
      4.5,
      { rtol: 0, atol: 1e-3 },
    );
  });

  it('delayPmf rejects an unknown discretisation', () => {
    expect(() =>
      delayPmf({
        distribution: 'gamma',
        mean: 5,
        sd: 2,
        maxDelay: 5,
        discretisation: 'end' as 'start',
      }),
    ).toThrow(/delayPmf requires discretisation 'uniform' or 'start'; received end/);
  });

  it('delayPmf with maxDelay 0 puts all mass on delay 0', () => {
    expect(delayPmf({ distribution: 'gamma', mean: 2, sd: 1, maxDelay: 0 }).pmf).toEqual([1]);
  });

  it('delayPmf rejects a non-positive mean, a fractional maxDelay and an under-dispersed negative binomial', () => {
    expect(() => delayPmf({ distribution: 'gamma', mean: 0, sd: 1, maxDelay: 5 })).toThrow(
      InvalidArgumentError,
    );
    expect(() => delayPmf({ distribution: 'gamma', mean: 5, sd: 1, maxDelay: 2.5 })).toThrow(
      /maxDelay to be an integer/,
    );
    expect(() =>
      delayPmf({ distribution: 'negative-binomial', mean: 5, sd: 2, maxDelay: 5 }),
    ).toThrow(/sd\^2 > mean for a negative binomial delay; received mean 5, sd 2/);
    expect(() =>
      delayPmf({ distribution: 'weibull' as 'gamma', mean: 5, sd: 2, maxDelay: 5 }),
    ).toThrow(/distribution 'gamma', 'lognormal' or 'negative-binomial'; received weibull/);
  });
});
