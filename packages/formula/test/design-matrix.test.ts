import { DataError, FormulaError } from '@muster/core';
import * as aq from 'arquero';
import { describe, expect, it } from 'vitest';
import { designMatrix, readCsv as readCsvText } from '../src/index.ts';
import { readData } from './helpers.ts';

function column(d: ReturnType<typeof designMatrix>, name: string): number[] {
  const j = d.columns.indexOf(name);
  if (j < 0) throw new Error(`no column ${name}`);
  return Array.from(d.matrix.subarray(j * d.nrow, (j + 1) * d.nrow));
}

describe('designMatrix', () => {
  it('designMatrix builds the intercept, numeric and treatment-contrast columns (TSDoc example)', () => {
    const d = designMatrix('y ~ x + g', { y: [1, 2, 3], x: [0.5, 1, null], g: ['b', 'a', 'b'] });
    expect(d.columns).toEqual(['(Intercept)', 'x', 'gb']);
    expect(d.nrow).toBe(2);
    expect(Array.from(d.matrix)).toEqual([1, 1, 0.5, 1, 1, 0]);
    expect(d.assign).toEqual([0, 1, 2]);
    expect(d.termLabels).toEqual(['x', 'g']);
    expect(d.response).toEqual({ kind: 'vector', name: 'y', values: new Float64Array([1, 2]) });
    expect(Array.from(d.dropped)).toEqual([2]);
    expect(d.nDropped).toBe(1);
  });

  it('designMatrix without intercept codes the first factor by indicators for every level', () => {
    const d = designMatrix('y ~ 0 + x + g + h', {
      y: [1, 2, 3, 4],
      x: [1, 2, 3, 4],
      g: ['a', 'b', 'c', 'a'],
      h: ['u', 'v', 'u', 'v'],
    });
    expect(d.columns).toEqual(['x', 'ga', 'gb', 'gc', 'hv']);
    expect(d.hasIntercept).toBe(false);
    expect(column(d, 'ga')).toEqual([1, 0, 0, 1]);
  });

  it('designMatrix: Surv(time, status) response with strata() and cluster() kept out of the matrix', () => {
    const lung = readData('lung.csv');
    const d = designMatrix('Surv(time, status) ~ age + strata(sex) + cluster(inst)', lung);
    expect(d.columns).toEqual(['(Intercept)', 'age']);
    expect(d.termLabels).toEqual(['age']);
    // R: model.frame drops row 156 (inst missing); 227 rows.
    expect(d.nrow).toBe(227);
    expect(Array.from(d.dropped)).toEqual([155]);
    expect(d.response?.kind).toBe('surv');
    if (d.response?.kind !== 'surv') return;
    expect(d.response.start).toBeNull();
    expect(d.response.stop[0]).toBe(306);
    expect(d.response.event[0]).toBe(1);
    expect(d.strata).toMatchObject({ labels: ['strata(sex)'], levels: ['sex=1', 'sex=2'] });
    expect(d.strata!.codes.length).toBe(227);
    expect(d.cluster?.label).toBe('cluster(inst)');
    expect(d.cluster?.levels.slice(0, 4)).toEqual(['1', '2', '3', '4']);
    expect(d.cluster?.codes[0]).toBe(2);
  });

  it("designMatrix: strata(a, b) labels levels as survival's strata() (later parts padded)", () => {
    const lung = readData('lung.csv');
    const d = designMatrix('Surv(time, status) ~ age + strata(sex, inst)', lung);
    // R: levels(with(lung, strata(sex, inst))); 36 levels; codes of the first 10 rows.
    expect(d.strata!.levels.length).toBe(36);
    expect(d.strata!.levels.slice(0, 9)).toEqual([
      'sex=1, inst=1 ',
      'sex=1, inst=2 ',
      'sex=1, inst=3 ',
      'sex=1, inst=4 ',
      'sex=1, inst=5 ',
      'sex=1, inst=6 ',
      'sex=1, inst=7 ',
      'sex=1, inst=10',
      'sex=1, inst=11',
    ]);
    expect(Array.from(d.strata!.codes.slice(0, 10), (c) => c + 1)).toEqual([
      3, 3, 3, 5, 1, 10, 25, 27, 1, 7,
    ]);
  });

  it('designMatrix: strata() of factors omits the variable names, as strata() does', () => {
    const veteran = readData('veteran.csv');
    expect(
      designMatrix('Surv(time, status) ~ age + strata(celltype)', veteran).strata!.levels,
    ).toEqual(['adeno', 'large', 'smallcell', 'squamous']);
    expect(
      designMatrix('Surv(time, status) ~ age + strata(celltype, trt)', veteran).strata!.levels,
    ).toEqual([
      'celltype=adeno, trt=1',
      'celltype=adeno, trt=2',
      'celltype=large, trt=1',
      'celltype=large, trt=2',
      'celltype=smallcell, trt=1',
      'celltype=smallcell, trt=2',
      'celltype=squamous, trt=1',
      'celltype=squamous, trt=2',
    ]);
  });

  it('designMatrix: counting-process Surv(start, stop, event) on the heart data', () => {
    const d = designMatrix(
      'Surv(start, stop, event) ~ age + year + surgery + transplant',
      readData('heart.csv'),
    );
    expect(d.columns).toEqual(['(Intercept)', 'age', 'year', 'surgery', 'transplant']);
    expect(d.nrow).toBe(172);
    if (d.response?.kind !== 'surv') throw new Error('surv expected');
    expect(Array.from(d.response.start!.slice(0, 2))).toEqual([0, 0]);
    expect(Array.from(d.response.stop.slice(0, 2))).toEqual([50, 6]);
  });

  it('designMatrix: Surv() converts 1/2 event codes to 0/1 and rejects other codes', () => {
    const d = designMatrix('Surv(t, s) ~ x', { t: [1, 2, 3], s: [1, 2, 2], x: [1, 2, 3] });
    if (d.response?.kind !== 'surv') throw new Error('surv expected');
    expect(Array.from(d.response.event)).toEqual([0, 1, 1]);
    expect(() => designMatrix('Surv(t, s) ~ x', { t: [1, 2], s: [0, 3], x: [1, 2] })).toThrow(
      'received 3 in data row 2',
    );
    expect(() =>
      designMatrix('Surv(a, b, s) ~ x', { a: [0, 2], b: [1, 2], s: [0, 1], x: [1, 2] }),
    ).toThrow('start < stop');
  });

  it('designMatrix: offset(log(n)) is summed apart; cbind response has two columns', () => {
    const d = designMatrix('cbind(s, f) ~ x + offset(log(n)) + offset(x)', {
      s: [1, 2],
      f: [3, 4],
      x: [0.5, 1],
      n: [1, Math.E],
    });
    expect(d.columns).toEqual(['(Intercept)', 'x']);
    expect(Array.from(d.offset!)).toEqual([0.5, 2]);
    expect(d.response).toEqual({
      kind: 'cbind',
      names: ['s', 'f'],
      values: [new Float64Array([1, 2]), new Float64Array([3, 4])],
    });
  });

  it('designMatrix accepts arquero tables, typed arrays and booleans', () => {
    const table = aq.table({
      y: [1, 0, 1, 0],
      x: new Float64Array([1, 2, 3, 4]),
      b: [true, false, true, null],
    });
    const d = designMatrix('y ~ x + b', table);
    expect(d.columns).toEqual(['(Intercept)', 'x', 'bTRUE']);
    expect(d.nrow).toBe(3);
    expect(column(d, 'bTRUE')).toEqual([1, 0, 1]);
    const filtered = designMatrix(
      'y ~ x',
      table.filter((r: { x: number }) => r.x > 2),
    );
    expect(filtered.nrow).toBe(2);
  });

  it('designMatrix returns extra columns aligned with the kept rows', () => {
    const d = designMatrix(
      'y ~ x',
      { y: [1, 2, 3], x: [1, null, 3], w: [2, 4, 6] },
      { extra: { weights: 'w' } },
    );
    expect(d.extra).toEqual({ weights: [2, 6] });
    expect(() => designMatrix('y ~ x', { y: [1], x: [1] }, { extra: { weights: 'w' } })).toThrow(
      DataError,
    );
  });

  it('designMatrix rejects contrasts on a one-level factor, as R does', () => {
    expect(() => designMatrix('y ~ g', { y: [1, 2], g: ['a', 'a'] })).toThrow(
      "contrasts need a factor with at least 2 levels; 'g' has only 'a'",
    );
  });

  it('designMatrix rejects Surv() and cbind() outside the response and interactions with strata()', () => {
    expect(() => designMatrix('y ~ Surv(t, s)', { y: [1], t: [1], s: [1] })).toThrow(FormulaError);
    expect(() => designMatrix('y ~ cbind(t, s)', { y: [1], t: [1], s: [1] })).toThrow(FormulaError);
    expect(() => designMatrix('y ~ strata(g):x', { y: [1], g: ['a'], x: [1] })).toThrow(
      'interactions with it are not supported',
    );
  });

  it('designMatrix names an unknown function with its position', () => {
    try {
      designMatrix('y ~ ns(x, 2)', { y: [1], x: [1] });
      throw new Error('no error');
    } catch (error) {
      expect(error).toBeInstanceOf(FormulaError);
      expect((error as FormulaError).position).toBe(4);
      expect((error as Error).message).toContain('received ns()');
    }
  });

  it('designMatrix rejects powers that are not integers of at least 2 and numbers as terms', () => {
    expect(() => designMatrix('y ~ (x + z)^1', { y: [1], x: [1], z: [1] })).toThrow(FormulaError);
    expect(() => designMatrix('y ~ (x + z)^z', { y: [1], x: [1], z: [1] })).toThrow(FormulaError);
    expect(() => designMatrix('y ~ x + 2', { y: [1], x: [1] })).toThrow(
      'model formulas accept 0 or 1 as terms; received 2',
    );
  });

  it('designMatrix on zero rows and on all rows missing gives an empty matrix with the columns', () => {
    const d = designMatrix('y ~ x', { y: [1, 2], x: [null, null] });
    expect(d.nrow).toBe(0);
    expect(d.columns).toEqual(['(Intercept)', 'x']);
    expect(d.matrix.length).toBe(0);
    expect(d.nDropped).toBe(2);
  });
});

describe('designMatrix with readCsv columns', () => {
  it('designMatrix recodes a readCsv text column that was changed after reading', () => {
    const data = readCsvText('y,g\n1,a\n2,b\n3,a\n4,c\n');
    const before = designMatrix('y ~ g', data);
    expect(before.columns).toEqual(['(Intercept)', 'gb', 'gc']);
    (data.g as (string | null)[])[3] = 'b';
    const after = designMatrix('y ~ g', data);
    expect(after.columns).toEqual(['(Intercept)', 'gb']);
    expect(column(after, 'gb')).toEqual([0, 1, 0, 1]);
    (data.g as (string | null)[])[0] = null;
    expect(designMatrix('y ~ g', data).nrow).toBe(3);
    (data.g as unknown[])[1] = 5;
    expect(designMatrix('y ~ g', data).columns).toEqual(['(Intercept)', 'ga', 'gb']);
    expect(column(designMatrix('y ~ g', data), 'gb')).toEqual([0, 0, 1]);
  });

  it('designMatrix treats undefined in a text column as missing', () => {
    const d = designMatrix('y ~ g', { y: [1, 2, 3], g: ['a', undefined, 'b'] });
    expect(Array.from(d.rows)).toEqual([0, 2]);
  });

  it('designMatrix keeps the rows where a keepMissing extra column is missing', () => {
    const data = { y: [1, 2, 3, 4], x: [1, 2, 3, 4], id: ['a', null, 'b', ''] };
    const d = designMatrix('y ~ x', data, { extra: { cluster: 'id' }, keepMissing: ['cluster'] });
    expect(d.nrow).toBe(4);
    expect(d.extra.cluster).toEqual(['a', null, 'b', null]);
    expect(designMatrix('y ~ x', data, { extra: { cluster: 'id' } }).nrow).toBe(2);
    const flags = designMatrix(
      'y ~ x',
      { ...data, id: [true, null, false, true] },
      {
        extra: { cluster: 'id' },
        keepMissing: ['cluster'],
      },
    );
    expect(flags.extra.cluster).toEqual([1, null, 0, 1]);
  });
});
