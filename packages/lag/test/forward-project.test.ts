import { DataError } from '@muster/core';
import { describe, expect, it } from 'vitest';
import { forwardProject } from '../src/index.ts';
import { expectClose } from './helpers.ts';

describe('forwardProject', () => {
  it('forwardProject([100, 100, 100], [0.5, 0.5]) is [50, 100, 100]', () => {
    expect(forwardProject([100, 100, 100], [0.5, 0.5])).toEqual([50, 100, 100]);
  });

  it('forwardProject with a horizon carries offences past the end of the series', () => {
    expectClose(forwardProject([10, 20], [0.2, 0.5, 0.3], { horizon: 2 }), [2, 9, 13, 6], {
      rtol: 1e-15,
      atol: 1e-15,
    });
  });

  it('forwardProject rejects a negative offence count, naming the period', () => {
    expect(() => forwardProject([1, -2], [1])).toThrow(DataError);
    expect(() => forwardProject([1, -2], [1])).toThrow(
      /non-negative counts in offences; received -2 at period 2/,
    );
  });
});
