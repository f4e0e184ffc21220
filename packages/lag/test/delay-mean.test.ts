import { InvalidArgumentError } from '@muster/core';
import { describe, expect, it } from 'vitest';
import { delayMean, delayPmf } from '../src/index.ts';
import { expectClose } from './helpers.ts';

describe('delayMean', () => {
  it('delayMean([0.25, 0.5, 0.25]) is 1', () => {
    expect(delayMean([0.25, 0.5, 0.25])).toBe(1);
  });

  it('delayMean of a gamma discretised at the start of the period is about mean - 1/2; uniform within it, the mean', () => {
    const start = delayPmf({
      distribution: 'gamma',
      mean: 5,
      sd: 2.5,
      maxDelay: 30,
      discretisation: 'start',
    });
    expectClose(delayMean(start), 4.5, { rtol: 0, atol: 1e-3 });
    const uniform = delayPmf({ distribution: 'gamma', mean: 5, sd: 2.5, maxDelay: 30 });
    expectClose(delayMean(uniform), 5, { rtol: 0, atol: 1e-3 });
  });

  it('delayMean rejects a pmf that does not sum to 1 within 1e-9', () => {
    expect(() => delayMean([0.5, 0.4])).toThrow(InvalidArgumentError);
    expect(() => delayMean([0.5, 0.4])).toThrow(
      /sums to 1 \(within 1e-9\); received a pmf summing to 0.9/,
    );
  });
});
