import { InvalidArgumentError } from '@muster/core';
import { describe, expect, it } from 'vitest';
import { delayMean, delayPmf, pipelineEstimate } from '../src/index.ts';
import { expectClose } from './helpers.ts';

describe('pipelineEstimate', () => {
  const delay = delayPmf({
    distribution: 'gamma',
    mean: 5,
    sd: 2.5,
    maxDelay: 24,
    discretisation: 'start',
  });

  it('pipelineEstimate: 500 cases a month with a delay of mean 5 months leaves 2,000-2,500 in the pipeline', () => {
    const result = pipelineEstimate({ rate: 500, delay });
    expect(result.expected).toBeGreaterThan(2000);
    expect(result.expected).toBeLessThan(2500);
    // a steady rate r leaves r E[delay] pending
    expectClose(result.expected, 500 * delayMean(delay), { rtol: 1e-12, atol: 0 });
    // R: qpois(c(0.05, 0.95), 2249.945542336525)
    expect([result.lower, result.upper]).toEqual([2172, 2328]);
  });

  it('pipelineEstimate sums lambda_{at-d} P(delay > d): [10, 20, 30] with f = [0.5, 0.3, 0.2] gives 19', () => {
    const result = pipelineEstimate({ offences: [10, 20, 30], delay: [0.5, 0.3, 0.2] });
    expectClose(result.expected, 30 * 0.5 + 20 * 0.2, { rtol: 1e-15, atol: 1e-14 });
    expectClose(result.byAge, [15, 4, 0], { rtol: 1e-15, atol: 1e-14 });
    // R: qpois(c(0.05, 0.95), 19)
    expect([result.lower, result.upper]).toEqual([12, 26]);
  });

  it('pipelineEstimate at an earlier period counts only offences up to it', () => {
    const result = pipelineEstimate({ offences: [10, 20, 30], delay: [0.5, 0.3, 0.2], at: 1 });
    expectClose(result.expected, 20 * 0.5 + 10 * 0.2, { rtol: 1e-15, atol: 1e-14 });
  });

  it('pipelineEstimate mixes the Poisson over replicate series (exact mixture quantiles)', () => {
    // replicate pending means 15, 19 and 30; R: smallest q with mean(ppois(q, c(15, 19, 30))) >= p
    const result = pipelineEstimate({
      offences: [10, 20, 30],
      delay: [0.5, 0.3, 0.2],
      samples: [
        [10, 0, 30],
        [10, 20, 30],
        [5, 25, 50],
      ],
    });
    expect([result.lower, result.upper]).toEqual([11, 36]);
    expect(result.intervalMethod).toMatch(/mixture over 3 replicate series/);
  });

  it('pipelineEstimate rejects both or neither of offences and rate, and a bad delay pmf', () => {
    expect(() => pipelineEstimate({ delay })).toThrow(InvalidArgumentError);
    expect(() => pipelineEstimate({ delay, rate: 5, offences: [1] })).toThrow(
      /either offences or rate, not both/,
    );
    expect(() => pipelineEstimate({ rate: 5, delay: [0.5, 0.6] })).toThrow(
      /sums to 1 \(within 1e-9\)/,
    );
    expect(() => pipelineEstimate({ offences: [1, -3], delay })).toThrow(
      /non-negative counts in offences; received -3 at period 2/,
    );
  });
});
