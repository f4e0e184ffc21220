import { describe, expect, it } from 'vitest';
import { checkOptionKeys, InvalidArgumentError } from '../src/index.ts';

describe('checkOptionKeys', () => {
  it('passes known keys and undefined values', () => {
    expect(() =>
      checkOptionKeys('f', { confLevel: 0.9, level: undefined }, ['confLevel']),
    ).not.toThrow();
  });

  it('rejects an old name, naming the current one', () => {
    expect(() => checkOptionKeys('fitX', { maxit: 5 }, ['maxIter'])).toThrow(
      "fitX no longer takes 'maxit'; use 'maxIter'",
    );
  });

  it('rejects a misspelt key with the closest known one', () => {
    let error: unknown;
    try {
      checkOptionKeys('fitX', { confLevl: 0.9 }, ['confLevel', 'maxIter']);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InvalidArgumentError);
    expect((error as InvalidArgumentError).message).toBe(
      "fitX does not know the option 'confLevl' (did you mean 'confLevel'?); known options: confLevel, maxIter",
    );
  });

  it('treats an old name the function still knows as known', () => {
    expect(() => checkOptionKeys('f', { level: 0.9 }, ['level'])).not.toThrow();
  });
});
