import { DataError, InvalidArgumentError } from '@muster/core';
import { describe, expect, it } from 'vitest';
import { cumulativeIncidence } from '../../src/index.ts';
import r from '../fixtures/cuminc-late-entry.json' with { type: 'json' };
import { expectClose, loadCsv } from '../helpers.ts';

// survfitci.c and the clustered sums add in different orders
const TOL = { rtol: 1e-9, atol: 1e-12 };

interface RCurves {
  strata: string[];
  time: number[];
  'n.risk': number[];
  'n.event': number[][];
  'n.censor': number[];
  pstate: number[][];
  'std.err': number[][];
  clustered: number[][];
}

type Fit = ReturnType<typeof cumulativeIncidence>;

function compare(fit: Fit, expected: RCurves, clustered: boolean): void {
  const rows = fit.strata.flatMap((s) =>
    s.table.map((row) => ({ ...row, strata: s.group === null ? 'all' : `arm=${s.group}` })),
  );
  expect(rows).toHaveLength(expected.time.length);
  const se = clustered ? expected.clustered : expected['std.err'];
  rows.forEach((row, i) => {
    expect(row.strata).toBe(expected.strata[i]);
    expectClose(row.time, expected.time[i], TOL, `time ${i}`);
    expect(row.nRisk).toBe(expected['n.risk'][i]);
    expect(row.nEvent).toEqual({ 1: expected['n.event'][1][i], 2: expected['n.event'][2][i] });
    expect(row.nCensor).toBe(expected['n.censor'][i]);
    expectClose(row.survival, expected.pstate[0][i], TOL, `survival ${i}`);
    expectClose(row.cif['1'], expected.pstate[1][i], TOL, `cif 1 row ${i}`);
    expectClose(row.cif['2'], expected.pstate[2][i], TOL, `cif 2 row ${i}`);
    expectClose(row.survivalStdErr, se[0][i], TOL, `se survival row ${i}`);
    expectClose(row.stdErr['1'], se[1][i], TOL, `se 1 row ${i}`);
    expectClose(row.stdErr['2'], se[2][i], TOL, `se 2 row ${i}`);
  });
}

describe('cumulativeIncidence on (start, stop] rows (late entry)', () => {
  const data = loadCsv('cuminc-late-entry.csv');
  const base = { start: 'start', time: 'stop', event: 'status', id: 'id' } as const;

  it('cumulativeIncidence(start, id) matches survfit(Surv(start, stop, factor(status)) ~ arm, id = id)', () => {
    const fit = cumulativeIncidence(data, { ...base, group: 'arm' });
    expect(fit.start).toBe('start');
    expect(fit.grayTest).toBeNull();
    compare(fit, r.byArm as RCurves, false);
  });

  it('cumulativeIncidence(start, id, cluster) sums survfit influences by unit', () => {
    const fit = cumulativeIncidence(data, { ...base, group: 'arm', cluster: 'unit' });
    expect(fit.nClusters).toBe(12);
    compare(fit, r.byArm as RCurves, true);
  });

  it('cumulativeIncidence(startTime) matches survfit(..., start.time = 5) for (start, stop] rows', () => {
    const fit = cumulativeIncidence(data, { ...base, startTime: 5, cluster: 'unit' });
    expect(fit.warnings.map((w) => w.code)).toEqual([
      'rows-before-start-time',
      'differs-from-survfit',
      'differs-from-survfit',
    ]);
    // The two deliberate differences named: clusters summed by unit, nCensor and no Gray's test.
    expect(fit.warnings[1]!.message).toMatch(
      /sum the influences within the \d+ clusters, where survival 3\.5-3's survfit\(\.\.\., cluster =\) sums them by id$/,
    );
    expect(fit.warnings[2]!.message).toMatch(/nCensor counts every censored row of a subject/);
    compare(fit, r.all5 as RCurves, true);
    const plain = cumulativeIncidence(data, { ...base, startTime: 5 });
    compare(plain, r.all5 as RCurves, false);
  });

  it('cumulativeIncidence(startTime) matches survfit(..., start.time = 5) for right-censored rows', () => {
    const right = loadCsv('cuminc-late-entry-right.csv');
    const fit = cumulativeIncidence(right, { time: 'stop', event: 'status', startTime: 5 });
    const expected = r.rightCensored5;
    const table = fit.strata[0].table;
    expect(table.map((row) => row.time)).toEqual(expected.time);
    table.forEach((row, i) => {
      expect(row.nRisk).toBe(expected['n.risk'][i]);
      expectClose(row.cif['1'], expected.pstate[1][i], TOL, `cif 1 row ${i}`);
      expectClose(row.stdErr['2'], expected['std.err'][2][i], TOL, `se 2 row ${i}`);
    });
  });

  it('cumulativeIncidence with start and no id is refused, as survfit', () => {
    expect(() =>
      cumulativeIncidence(data, { start: 'start', time: 'stop', event: 'status' }),
    ).toThrow(InvalidArgumentError);
    expect(() => cumulativeIncidence(data, { time: 'stop', event: 'status', id: 'id' })).toThrow(
      /uses id only with start/,
    );
  });

  it('cumulativeIncidence refuses overlapping, gapped and post-event rows of a subject', () => {
    const rows = (start: number[], stop: number[], status: number[]) => ({
      id: [1, 1, 2],
      start,
      stop,
      status,
    });
    const call = (d: ReturnType<typeof rows>) =>
      cumulativeIncidence(d, { start: 'start', time: 'stop', event: 'status', id: 'id' });
    expect(() => call(rows([0, 3, 0], [4, 8, 5], [0, 1, 2]))).toThrow(/overlap/);
    expect(() => call(rows([0, 5, 0], [4, 8, 5], [0, 1, 2]))).toThrow(/gap from 4 to 5/);
    expect(() => call(rows([0, 4, 0], [4, 8, 5], [1, 1, 2]))).toThrow(DataError);
    // contiguous rows are one subject at risk throughout: the same curve as the merged row
    const split = call(rows([0, 4, 0], [4, 8, 5], [0, 1, 2]));
    const merged = cumulativeIncidence(
      { id: [1, 2], start: [0, 0], stop: [8, 5], status: [1, 2] },
      { start: 'start', time: 'stop', event: 'status', id: 'id' },
    );
    const at = (fit: Fit, t: number) => fit.strata[0].table.find((row) => row.time === t);
    expect(at(split, 8)?.cif).toEqual(at(merged, 8)?.cif);
    expectClose(at(split, 8)?.stdErr['1'] ?? 0, at(merged, 8)?.stdErr['1'] ?? 0, TOL);
  });

  it('cumulativeIncidence drops rows whose stop is not after start with a warning naming them', () => {
    const fit = cumulativeIncidence(
      { id: [1, 2, 3], start: [0, 2, 1], stop: [3, 2, 4], status: [1, 1, 2] },
      { start: 'start', time: 'stop', event: 'status', id: 'id' },
    );
    expect(fit.nobs).toBe(2);
    expect(fit.warnings[0].code).toBe('empty-intervals-dropped');
    expect(fit.warnings[0].message).toContain('data row(s) 2');
  });
});
