import { DataError, FormulaError } from '@muster/core';
import { describe, expect, it } from 'vitest';
import { modelFrame } from '../src/index.ts';
import { readData } from './helpers.ts';

describe('modelFrame', () => {
  it('modelFrame drops rows with null, undefined, NaN or empty string in any model variable', () => {
    const data = {
      y: [1, 2, 3, 4, 5, 6],
      x: [1, null, 3, Number.NaN, 5, 6],
      g: ['a', 'b', '', 'a', undefined, 'b'],
    };
    const mf = modelFrame('y ~ x + g', data);
    expect(Array.from(mf.rows)).toEqual([0, 5]);
    expect(Array.from(mf.dropped)).toEqual([1, 2, 3, 4]);
    expect(mf.nDropped).toBe(4);
    expect(mf.nrow).toBe(2);
    expect(mf.variables.x).toEqual({ kind: 'numeric', values: new Float64Array([1, 6]) });
    expect(mf.variables.g).toEqual({
      kind: 'factor',
      levels: ['a', 'b'],
      codes: new Int32Array([0, 1]),
      logical: false,
    });
  });

  it('modelFrame counts extra columns (weights) in missing-value removal and aligns them', () => {
    const data = {
      y: [1, 2, 3, 4],
      x: [1, 2, 3, 4],
      w: [0.5, null, 2, 3],
      id: ['a', 'b', 'c', ''],
    };
    const mf = modelFrame('y ~ x', data, { extra: { weights: 'w', cluster: 'id' } });
    expect(Array.from(mf.rows)).toEqual([0, 2]);
    expect(mf.extra).toEqual({ weights: [0.5, 2], cluster: ['a', 'c'] });
  });

  it('modelFrame keeps variables named only in removed terms, as R (y ~ x - z drops rows missing z)', () => {
    const mf = modelFrame('y ~ x - z', { y: [1, 2, 3], x: [1, 2, 3], z: [1, null, 3] });
    expect(mf.variableNames).toEqual(['y', 'x', 'z']);
    expect(mf.termLabels).toEqual(['x']);
    expect(Array.from(mf.rows)).toEqual([0, 2]);
  });

  it('modelFrame keeps factor levels of the whole column after dropping rows (model.frame default)', () => {
    const data = { y: [1, 2, 3], g: ['c', 'a', 'b'], x: [1, 2, null] };
    const mf = modelFrame('y ~ g + x', data);
    expect(mf.variables.g).toMatchObject({
      levels: ['a', 'b', 'c'],
      codes: new Int32Array([2, 0]),
    });
    const dropped = modelFrame('y ~ g + x', data, { dropUnusedLevels: true });
    expect(dropped.variables.g).toMatchObject({
      levels: ['a', 'c'],
      codes: new Int32Array([1, 0]),
    });
  });

  it('modelFrame sorts levels by code point (upper case first), as R in the C locale', () => {
    const mf = modelFrame('~ g', { g: ['beta', 'Gamma', 'alpha', 'Ä', 'Z'] });
    expect(mf.variables.g).toMatchObject({ levels: ['Gamma', 'Z', 'alpha', 'beta', 'Ä'] });
  });

  it('modelFrame: factor(x) of numbers uses sorted distinct values labelled as R prints them', () => {
    const mf = modelFrame('~ factor(x)', { x: [10, 0.5, 1e-4, 2, 1e5, null, 2] });
    expect(mf.variables['factor(x)']).toMatchObject({
      levels: ['1e-04', '0.5', '2', '10', '1e+05'],
      codes: new Int32Array([3, 1, 0, 2, 4, 2]),
    });
  });

  it('modelFrame: lung status ~ age + factor(ph.ecog) + wt.loss keeps 213 of 228 rows', () => {
    const mf = modelFrame('status ~ age + factor(ph.ecog) + wt.loss', readData('lung.csv'));
    expect(mf.nrow).toBe(213);
    expect(mf.nDropped).toBe(15);
    expect(mf.variables['factor(ph.ecog)']).toMatchObject({ levels: ['0', '1', '2', '3'] });
  });

  it('modelFrame expands high powers as R: (a+b+c)^100 has the 7 terms of (a+b+c)^3', () => {
    const d = { y: [1, 2], a: [1, 2], b: [3, 4], c: [5, 6] };
    // R: attr(terms(y ~ (a+b+c)^100), "term.labels")
    expect(modelFrame('y ~ (a+b+c)^100', d).termLabels).toEqual([
      'a',
      'b',
      'c',
      'a:b',
      'a:c',
      'b:c',
      'a:b:c',
    ]);
    expect(modelFrame('y ~ (a+b+c)^1e9', d).termLabels.length).toBe(7);
  });

  it('modelFrame treats booleans as a logical factor (levels FALSE, TRUE)', () => {
    const mf = modelFrame('~ b', { b: [true, false, null, true] });
    expect(mf.variables.b).toEqual({
      kind: 'factor',
      levels: ['FALSE', 'TRUE'],
      codes: new Int32Array([1, 0, 1]),
      logical: true,
    });
  });

  it('modelFrame treats log() of a negative number (NaN) as missing, as na.omit does', () => {
    const mf = modelFrame('y ~ log(x)', { y: [1, 2, 3], x: [1, -1, Math.E] });
    expect(Array.from(mf.rows)).toEqual([0, 2]);
    expect(mf.variables['log(x)']).toEqual({ kind: 'numeric', values: new Float64Array([0, 1]) });
  });

  it('modelFrame reports an unknown column as FormulaError at its position', () => {
    try {
      modelFrame('y ~ x + troop', { y: [1], x: [2], troops: [3] });
      throw new Error('no error');
    } catch (error) {
      expect(error).toBeInstanceOf(FormulaError);
      expect((error as FormulaError).position).toBe(8);
      expect((error as Error).message).toContain("'troop' is not one (columns: y, x, troops)");
    }
  });

  it('modelFrame reports a non-numeric value in numeric use with its column and 1-based data row', () => {
    const data = { y: [1, 0, 1], troops: ['100', '200', 'n/a'] };
    try {
      modelFrame('y ~ log(troops)', data);
      throw new Error('no error');
    } catch (error) {
      expect(error).toBeInstanceOf(DataError);
      expect((error as DataError).column).toBe('troops');
      expect((error as DataError).row).toBe(3);
      expect((error as Error).message).toBe(
        "modelFrame requires numeric values in column 'troops' (used in log(troops)); received 'n/a' in data row 3",
      );
    }
  });

  it('modelFrame: a text response with numbers and stray text is a DataError, text labels a factor', () => {
    expect(() => modelFrame('y ~ x', { y: ['1', '0', 'x'], x: [1, 2, 3] })).toThrow(
      "received 'x' in data row 3",
    );
    const mf = modelFrame('y ~ x', { y: ['yes', 'no', 'yes'], x: [1, 2, 3] });
    expect(mf.response).toEqual({
      kind: 'factor',
      name: 'y',
      levels: ['no', 'yes'],
      codes: new Int32Array([1, 0, 1]),
    });
  });

  it('modelFrame rejects columns of different lengths and non-array columns', () => {
    expect(() => modelFrame('y ~ x', { y: [1, 2], x: [1] })).toThrow('columns of equal length');
    expect(() => modelFrame('y ~ x', { y: [1, 2], x: 3 } as never)).toThrow('to be an array');
  });
});
