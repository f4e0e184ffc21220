import { DataError } from '@muster/core';
import { describe, expect, it } from 'vitest';
import { applyDesign, designMatrix } from '../src/index.ts';
import { readData } from './helpers.ts';

describe('applyDesign', () => {
  it('applyDesign codes new data with the fitted levels (TSDoc example)', () => {
    const fit = designMatrix('y ~ x + g', { y: [1, 2, 3], x: [1, 2, 3], g: ['a', 'b', 'a'] });
    const next = applyDesign(fit, { x: [4], g: ['b'] });
    expect(Array.from(next.matrix)).toEqual([1, 4, 1]);
    expect(next.nrow).toBe(1);
    expect(next.offset).toBeNull();
  });

  it('applyDesign reproduces the design matrix on the training data exactly', () => {
    const lyall = readData('lyall_synthetic.csv');
    for (const formula of [
      'mass_desertion ~ (inequality + regime + initiator)^2',
      'mass_desertion ~ 0 + regime + inequality + I(inequality^2)',
      'mass_desertion ~ inequality * regime + log(troops)',
      'mass_desertion ~ . - war - belligerent - desertion_rate',
    ]) {
      const fit = designMatrix(formula, lyall);
      const again = applyDesign(fit, lyall);
      expect(again.nrow).toBe(fit.nrow);
      expect(Array.from(again.rows)).toEqual(Array.from(fit.rows));
      // Same arithmetic on the same numbers: exact equality.
      expect(again.matrix).toEqual(fit.matrix);
    }
  });

  it('applyDesign keeps a level absent from new data and the numeric factor(x) levels', () => {
    const fit = designMatrix('y ~ factor(k) + g', {
      y: [1, 2, 3, 4],
      k: [1, 2, 0.5, 2],
      g: ['a', 'b', 'c', 'a'],
    });
    expect(fit.columns).toEqual(['(Intercept)', 'factor(k)1', 'factor(k)2', 'gb', 'gc']);
    const next = applyDesign(fit, { k: [2, 0.5], g: ['c', 'c'] });
    expect(Array.from(next.matrix)).toEqual([1, 1, 0, 0, 1, 0, 0, 0, 1, 1]);
  });

  it('applyDesign evaluates offsets and skips rows with missing predictors', () => {
    const fit = designMatrix('y ~ x + offset(log(n))', { y: [1, 2], x: [1, 2], n: [1, 2] });
    const next = applyDesign(fit, { x: [3, null, 5], n: [Math.E, 1, 1] });
    expect(Array.from(next.rows)).toEqual([0, 2]);
    expect(Array.from(next.offset!)).toEqual([1, 0]);
    expect(Array.from(next.matrix)).toEqual([1, 1, 3, 5]);
  });

  it('applyDesign rejects a level not seen in the fitted data, naming column and row', () => {
    const fit = designMatrix('y ~ g', { y: [1, 2], g: ['a', 'b'] });
    try {
      applyDesign(fit, { g: ['a', 'z'] });
      throw new Error('no error');
    } catch (error) {
      expect(error).toBeInstanceOf(DataError);
      expect((error as DataError).column).toBe('g');
      expect((error as DataError).row).toBe(2);
    }
  });
});
