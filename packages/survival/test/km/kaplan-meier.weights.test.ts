import { InvalidArgumentError } from '@muster/core';
import { describe, expect, it } from 'vitest';
import { type KaplanMeierOptions, type KaplanMeierResult, kaplanMeier } from '../../src/index.ts';
import r from '../fixtures/km-weights-clusters.json' with { type: 'json' };
import { expectClose, KM_TABLE_COLUMNS, loadCsv } from '../helpers.ts';

// Weighted sums and the jackknife sweep reorder floating-point sums relative to survfitkm.c
const TOL = { rtol: 1e-9, atol: 1e-12 };

const sim = loadCsv('km-units.csv');
const heart = loadCsv('heart.csv');
const time = sim.time as number[];
const status = sim.status as number[];

type Table = Record<string, (number | string | null)[]>;

function expectTable(fit: KaplanMeierResult, expected: Table, label: string): void {
  const rows = fit.strata.flatMap((s) =>
    s.table.map((row) => ({ ...row, strata: fit.strata.length > 1 ? `arm=${s.group}` : 'all' })),
  );
  expect(rows.length, `${label} rows`).toBe(expected.time.length);
  rows.forEach((row, i) => {
    expect(row.strata, `${label} strata`).toBe(expected.strata[i]);
    for (const key of [...KM_TABLE_COLUMNS, 'cumHazard', 'cumHazardStdErr'] as const) {
      expectClose(row[key], expected[key][i] as number | null, TOL, `${label} ${key} row ${i + 1}`);
    }
  });
}

function fitWith(options: KaplanMeierOptions): KaplanMeierResult {
  return kaplanMeier(time, status, options);
}

describe('kaplanMeier case weights and clustered variance against survfit', () => {
  it('kaplanMeier with integer weights weights the counts and keeps Greenwood variance', () => {
    const fit = fitWith({ group: sim.arm as string[], weights: sim.w as number[], rmean: 20 });
    expect(fit.variance).toBe('greenwood');
    expectTable(fit, r.integerWeights.table, 'integer weights');
    fit.strata.forEach((s, g) => {
      expectClose(s.rmean?.estimate, r.integerWeights.summary.rmean[g], TOL, 'rmean');
      expectClose(s.rmean?.stdError, r.integerWeights.summary.rmeanSe[g], TOL, 'se(rmean)');
      expectClose(s.median, r.integerWeights.summary.median[g], TOL, 'median');
    });
  });

  it('kaplanMeier with non-integer weights uses the robust variance, as survfit', () => {
    const fit = fitWith({ weights: sim.fw as number[], rmean: 20 });
    expect(fit.variance).toBe('robust');
    expect(fit.nClusters).toBe(time.length);
    expectTable(fit, r.fractionalWeights.table, 'fractional weights');
    expectClose(fit.strata[0].rmean?.estimate, r.fractionalWeights.summary.rmean[0], TOL, 'rmean');
  });

  it('kaplanMeier with a cluster gives unit-clustered standard errors and limits', () => {
    const fit = fitWith({ group: sim.arm as string[], cluster: sim.unit as number[], rmean: 20 });
    expect(fit.variance).toBe('robust');
    expect(fit.nClusters).toBe(8);
    expectTable(fit, r.clustered.table, 'clustered');
    fit.strata.forEach((s, g) => {
      expectClose(s.medianLower, r.clustered.summary.medianLower[g], TOL, 'median lower');
      expectClose(s.medianUpper, r.clustered.summary.medianUpper[g], TOL, 'median upper');
    });
  });

  it('kaplanMeier clustered variance with weights, log-log and plain limits', () => {
    expectTable(
      fitWith({ cluster: sim.unit as number[], weights: sim.w as number[], confType: 'log-log' }),
      r.clusteredWeighted.table,
      'clustered weighted',
    );
    expectTable(
      fitWith({ cluster: sim.unit as number[], confType: 'plain' }),
      r.clusteredPlain.table,
      'clustered plain',
    );
  });

  it('kaplanMeier robust = true without a cluster makes every row its own cluster', () => {
    expectTable(fitWith({ robust: true }), r.robustRows.table, 'robust rows');
  });

  it('kaplanMeier clusters counting-process rows by subject id (heart)', () => {
    const fit = kaplanMeier(heart.stop as number[], heart.event as number[], {
      start: heart.start as number[],
      cluster: heart.id as number[],
    });
    expectTable(fit, r.countingId.table, 'counting id');
  });

  it('kaplanMeier refuses robust = true on counting-process data without a cluster, as survfit', () => {
    expect(() =>
      kaplanMeier(heart.stop as number[], heart.event as number[], {
        start: heart.start as number[],
        robust: true,
      }),
    ).toThrow(/requires a cluster \(subject id\) for a robust variance on counting-process data/);
  });

  it('kaplanMeier stype and ctype follow survfit (exp(-hazard), Fleming-Harrington ties)', () => {
    const a = fitWith({ stype: 2, ctype: 1 });
    expect(a.method).toBe('exp-hazard');
    expectTable(a, r.stype2ctype1.table, 'stype 2 ctype 1');
    const b = fitWith({ group: sim.arm as string[], stype: 1, ctype: 2 });
    expect(b.hazard).toBe('fleming-harrington');
    expectTable(b, r.stype1ctype2.table, 'stype 1 ctype 2');
    expectTable(
      fitWith({ stype: 2, ctype: 2, weights: sim.w as number[] }),
      r.stype2ctype2.table,
      'stype 2 ctype 2 weighted',
    );
    // survfit 3.5-3 reports std.chaz as the std.err of S for robust stype-2 curves: refused
    expect(r.stype2Clustered.table.stdErr).toEqual(r.stype2Clustered.table.cumHazardStdErr);
    expect(() => fitWith({ stype: 2, cluster: sim.unit as number[] })).toThrow(
      /robust \(clustered or non-integer-weight\) variance for stype 1 and ctype 1 only/,
    );
  });

  it('kaplanMeier startTime leaves out earlier rows and starts quantiles and means there', () => {
    const fit = fitWith({ startTime: 5, quantiles: [0.25, 0.5], rmean: 20 });
    expectTable(fit, r.startTime.table, 'start time');
    expect(fit.startTime).toBe(5);
    expect(fit.warnings.map((w) => w.code)).toContain('rows-before-start-time');
    const q = fit.strata[0].quantiles ?? [];
    q.forEach((row, j) => {
      expectClose(row.time, r.startTime.quantile[j], TOL, 'quantile');
      expectClose(row.lower, r.startTime.quantileLower[j], TOL, 'quantile lower');
      expectClose(row.upper, r.startTime.quantileUpper[j], TOL, 'quantile upper');
    });
    expectClose(fit.strata[0].rmean?.estimate, r.startTime.summary.rmean[0], TOL, 'rmean');
    expectClose(fit.strata[0].rmean?.stdError, r.startTime.summary.rmeanSe[0], TOL, 'se(rmean)');
  });

  it('kaplanMeier accepts negative times as survfit does', () => {
    const fit = kaplanMeier(r.negativeTimes.time, status, { quantiles: [0.25, 0.5], rmean: 10 });
    expectTable(fit, r.negativeTimes.table, 'negative times');
    expect(fit.startTime).toBe(Math.min(...r.negativeTimes.time));
    expectClose(fit.strata[0].rmean?.estimate, r.negativeTimes.summary.rmean[0], TOL, 'rmean');
    expectClose(fit.strata[0].rmean?.stdError, r.negativeTimes.summary.rmeanSe[0], TOL, 'se');
    (fit.strata[0].quantiles ?? []).forEach((row, j) => {
      expectClose(row.time, r.negativeTimes.quantile[j], TOL, 'quantile');
    });
  });

  it('kaplanMeier drops zero-length (start, stop] intervals with a warning naming the rows', () => {
    const z = r.zeroLength.data;
    const fit = kaplanMeier(z.stop, z.event, { start: z.start });
    expectTable(fit, r.zeroLength.table, 'zero length');
    const w = fit.warnings.find((x) => x.code === 'empty-intervals-dropped');
    expect(w?.message).toMatch(/data row\(s\) 3, 5$/);
  });

  it('kaplanMeier refuses an rmean horizon before the smallest time, as R', () => {
    expect(r.rmeanRefused.message).toMatch(/Truncation point/);
    expect(() => fitWith({ rmean: 0.05 })).toThrow(InvalidArgumentError);
    expect(() => fitWith({ rmean: 0.05 })).toThrow(/at or after the smallest time 0.1/);
    expect(fitWith({ rmean: r.rmeanRefused.smallest }).strata[0].rmean?.stdError).toBe(0);
  });

  it('kaplanMeier rejects unknown options and bad weights', () => {
    expect(() => fitWith({ weight: sim.w } as never)).toThrow(
      /does not know the option 'weight' \(did you mean 'weights'\?\)/,
    );
    expect(() => kaplanMeier([1, 2], [1, 1], { weights: [1, -1] })).toThrow(
      /row 2 of weights is -1/,
    );
    expect(() => fitWith({ stype: 3 as never })).toThrow(/stype 1 or 2/);
  });
});
