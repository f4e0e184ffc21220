import { DataError, InvalidArgumentError } from '@muster/core';
import { describe, expect, it } from 'vitest';
import { kaplanMeier } from '../../src/index.ts';
import extra from '../fixtures/survival-extra-cases.json' with { type: 'json' };
import { expectClose, KM_TABLE_COLUMNS, loadCsv, README } from '../helpers.ts';

const EXACT = { rtol: 1e-12, atol: 1e-14 };

describe('kaplanMeier on hand-derived data', () => {
  // times 1, 2, 2(censored), 3: S = 3/4, 3/4 * 2/3 = 1/2, then 0
  const fit = kaplanMeier([3, 2, 1, 2], [1, 0, 1, 1]);
  const table = fit.strata[0].table;

  it('kaplanMeier(time, event) sorts unsorted input and reports every distinct time', () => {
    expect(table.map((r) => r.time)).toEqual([1, 2, 3]);
    expect(table.map((r) => r.nRisk)).toEqual([4, 3, 1]);
    expect(table.map((r) => r.nEvent)).toEqual([1, 1, 1]);
    expect(table.map((r) => r.nCensor)).toEqual([0, 1, 0]);
  });

  it('kaplanMeier(time, event) counts censoring at an event time as at risk', () => {
    expectClose(table[1].surv, 0.5, EXACT, 'S(2)');
    // Greenwood: var log S = 1/(4*3) + 1/(3*2) = 1/4, so se(S) = S / 2
    expectClose(table[1].stdErr, 0.25, EXACT, 'se S(2)');
  });

  it('kaplanMeier reports undefined limits and standard error once S reaches 0', () => {
    expect(table[2].surv).toBe(0);
    expect(table[2].stdErr).toBeNull();
    expect(table[2].lower).toBeNull();
    expect(table[2].upper).toBeNull();
  });

  it('kaplanMeier log intervals are exp(log S -/+ z se) capped at 1', () => {
    const z = 1.959963984540054;
    expectClose(table[0].lower, Math.exp(Math.log(0.75) - z * Math.sqrt(1 / 12)), EXACT, 'lower');
    expectClose(
      table[0].upper,
      Math.min(1, Math.exp(Math.log(0.75) + z * Math.sqrt(1 / 12))),
      EXACT,
      'upper',
    );
  });

  it('kaplanMeier takes the midpoint of a flat segment at exactly 0.5 as the median', () => {
    // S = 0.5 on [2, 3): print.survfit's median is (2 + 3) / 2
    expect(fit.strata[0].median).toBe(2.5);
    expect(fit.strata[0].medianLower).toBe(1);
    expect(fit.strata[0].medianUpper).toBeNull();
  });

  it('kaplanMeier drops rows with a missing value and says so', () => {
    const withMissing = kaplanMeier([3, 2, null, 1, 2, Number.NaN], [1, 0, 1, 1, 1, 0]);
    expect(withMissing.nobs).toBe(4);
    expect(withMissing.nDropped).toBe(2);
    expect(withMissing.strata[0].table.map((r) => r.surv)).toEqual(table.map((r) => r.surv));
    expect(withMissing.warnings.map((w) => w.code)).toContain('missing-values-dropped');
  });

  it('kaplanMeier accepts logical events', () => {
    const logical = kaplanMeier([3, 2, 1, 2], [true, false, true, true]);
    expect(logical.strata[0].table).toEqual(table);
  });

  it('kaplanMeier restricted mean is the area under the curve with its survmean variance', () => {
    // area to 2.5: 1 * 1 + 0.75 * 1 + 0.5 * 0.5 = 2; R print(fit, rmean = 2.5): 2, se 0.3061862
    const r = kaplanMeier([3, 2, 1, 2], [1, 0, 1, 1], { rmean: 2.5 }).strata[0].rmean;
    expectClose(r?.estimate, 2, EXACT, 'rmean');
    // area beyond t = 1 is 0.75 + 0.25, beyond t = 2 is 0.25; d / (n (n - d)) = 1/12 and 1/6
    expectClose(r?.stdError, Math.sqrt(1 ** 2 / 12 + 0.25 ** 2 / 6), EXACT, 'se(rmean)');
  });

  it('kaplanMeier quantiles follow quantile.survfit, which differs from the median when the curve ends at 0.5', () => {
    // R: print gives median 2, quantile(fit, 0.5) gives (2 + 4) / 2 = 3
    const f = kaplanMeier([1, 2, 3, 4], [1, 1, 0, 0], { quantiles: [0.25, 0.5] }).strata[0];
    expect(f.median).toBe(2);
    expect(f.quantiles?.map((q) => q.time)).toEqual([1.5, 3]);
  });

  it('kaplanMeier survival at chosen times follows summary.survfit (extend)', () => {
    const at = kaplanMeier([1, 2, 2, 3], [1, 1, 0, 1], {
      times: [0.5, 1, 1.5, 2, 3, 4],
      extend: true,
    }).strata[0].survivalAt;
    // R: n.risk 4 4 3 3 1 0, n.event 0 1 0 1 1 0, surv 1 .75 .75 .5 0 0
    expect(at?.map((r) => r.nRisk)).toEqual([4, 4, 3, 3, 1, 0]);
    expect(at?.map((r) => r.nEvent)).toEqual([0, 1, 0, 1, 1, 0]);
    expect(at?.map((r) => r.surv)).toEqual([1, 0.75, 0.75, 0.5, 0, 0]);
    expectClose(at?.[1].stdErr, 0.2165063509461097, README, 'se at 1');
    expect(at?.[4].stdErr).toBeNull();
  });

  it('kaplanMeier makes times equal that differ only by rounding (aeqSurv)', () => {
    const f = kaplanMeier([0.1 + 0.2, 0.3, 1], [1, 1, 0]);
    expect(f.strata[0].table.length).toBe(2);
    expect(f.strata[0].table[0].nEvent).toBe(2);
  });
});

describe('kaplanMeier against R survfit beyond the shared cases', () => {
  it('counting-process (start, stop] data with late entry (heart)', () => {
    const heart = loadCsv('heart.csv');
    const fit = kaplanMeier(heart.stop as number[], heart.event as number[], {
      start: heart.start as number[],
      rmean: 'common',
    });
    const expected = extra.kmHeartCounting;
    expect(fit.type).toBe('counting');
    const table = fit.strata[0].table;
    expect(table.length).toBe(expected.table.length);
    expected.table.forEach((row, i) => {
      for (const key of KM_TABLE_COLUMNS) {
        expectClose(table[i][key], row[key], README, `row ${i} ${key}`);
      }
    });
    expectClose(fit.strata[0].median, expected.summary.median, README, 'median');
    expectClose(fit.strata[0].medianLower, expected.summary['0.95LCL'], README, 'LCL');
    expectClose(fit.strata[0].medianUpper, expected.summary['0.95UCL'], README, 'UCL');
    expectClose(fit.strata[0].rmean?.estimate, expected.summary.rmean, README, 'rmean');
    expectClose(fit.strata[0].rmean?.stdError, expected.summary['se(rmean)'], README, 'se(rmean)');
  });

  it('plain intervals, quantiles, survival at times and restricted means by group (veteran)', () => {
    const veteran = loadCsv('veteran.csv');
    const times = [0, 30, 100, 400, 1000];
    const fit = kaplanMeier(veteran.time as number[], veteran.status as number[], {
      group: veteran.trt as number[],
      confType: 'plain',
      quantiles: [0.25, 0.5, 0.75],
      times,
      rmean: 365,
    });
    const expected = extra.kmVeteranTrtPlain;
    expected.strata.forEach((es, g) => {
      const as = fit.strata[g];
      es.table.forEach((row, i) => {
        for (const key of KM_TABLE_COLUMNS) {
          expectClose(as.table[i][key], row[key], README, `group ${g} row ${i} ${key}`);
        }
      });
      expectClose(as.median, es.median, README, 'median');
      expectClose(as.medianLower, es.medianLower, README, 'medianLower');
      expectClose(as.medianUpper, es.medianUpper, README, 'medianUpper');
      as.quantiles?.forEach((q, k) => {
        expectClose(q.time, es.quantile[k], README, `quantile ${k}`);
        expectClose(q.lower, es.quantileLower[k], README, `quantile lower ${k}`);
        expectClose(q.upper, es.quantileUpper[k], README, `quantile upper ${k}`);
      });
      expectClose(as.rmean?.estimate, es.rmean, README, 'rmean');
      expectClose(as.rmean?.stdError, es.rmeanSe, README, 'se(rmean)');
    });
    const at = fit.strata.flatMap((s) => s.survivalAt ?? []);
    expect(at.length).toBe(expected.at.length);
    expected.at.forEach((row, i) => {
      for (const key of KM_TABLE_COLUMNS) {
        expectClose(at[i][key], row[key], README, `at ${i} ${key}`);
      }
    });
  });
});

describe('kaplanMeier on degenerate and bad input', () => {
  it('kaplanMeier without events keeps S = 1 and reports the median as not reached', () => {
    const fit = kaplanMeier([1, 2, 3], [0, 0, 0]);
    expect(fit.strata[0].table.map((r) => r.surv)).toEqual([1, 1, 1]);
    expect(fit.strata[0].median).toBeNull();
    expect(fit.warnings.map((w) => w.code)).toContain('no-events');
  });

  it('kaplanMeier gives a group with a single subject its own one-row curve', () => {
    const fit = kaplanMeier([1, 2, 3, 4], [1, 0, 1, 1], { group: ['a', 'a', 'a', 'b'] });
    expect(fit.strata.map((s) => s.group)).toEqual(['a', 'b']);
    const single = fit.strata[1];
    expect(single.table).toEqual([
      {
        time: 4,
        nRisk: 1,
        nEvent: 1,
        nCensor: 0,
        surv: 0,
        stdErr: null,
        lower: null,
        upper: null,
        cumHazard: 1,
        cumHazardStdErr: 1,
      },
    ]);
    expect(single.median).toBe(4);
  });

  it('kaplanMeier accepts negative times of right-censored data, as survfit', () => {
    const fit = kaplanMeier([1, -2, 3], [1, 1, 0]);
    expect(fit.startTime).toBe(-2);
    const surv = fit.strata[0].table.map((r) => r.surv);
    for (const [i, s] of [2 / 3, 1 / 3, 1 / 3].entries()) {
      expectClose(surv[i], s, EXACT, `S row ${i + 1}`);
    }
  });

  it('kaplanMeier drops rows whose stop is not after start, naming them in a warning', () => {
    const fit = kaplanMeier([2, 3, 4], [1, 0, 1], { start: [0, 3, 1] });
    expect(fit.nobs).toBe(2);
    expect(fit.warnings.find((w) => w.code === 'empty-intervals-dropped')?.message).toMatch(
      /data row\(s\) 2$/,
    );
  });

  it('kaplanMeier rejects event codes other than 0/1 and logicals', () => {
    expect(() => kaplanMeier([1, 2, 3], [1, 2, 1])).toThrow(/event codes 0\/1.*row 2.*status - 1/);
    expect(() => kaplanMeier([1, 2], [1, 0.5])).toThrow(DataError);
  });

  it('kaplanMeier rejects non-numeric and infinite times', () => {
    expect(() => kaplanMeier([1, 'x' as unknown as number], [1, 1])).toThrow(
      /numeric times; row 2/,
    );
    expect(() => kaplanMeier([1, Number.POSITIVE_INFINITY], [1, 1])).toThrow(/finite times/);
  });

  it('kaplanMeier rejects bad options and empty data', () => {
    expect(() => kaplanMeier([1], [1], { confType: 'logit' as never })).toThrow(
      InvalidArgumentError,
    );
    expect(() => kaplanMeier([1], [1], { confLevel: 1 })).toThrow(/confLevel in \(0, 1\)/);
    expect(() => kaplanMeier([1, 2], [1])).toThrow(/same length/);
    expect(() => kaplanMeier([null], [1])).toThrow(/at least one row/);
  });
});
