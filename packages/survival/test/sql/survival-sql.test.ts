import { createRandom } from '@muster/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CoxResult, fitCox, type KaplanMeierResult, kaplanMeier } from '../../src/index.ts';
import { expectClose } from '../helpers.ts';
import { duckdbTable } from './duckdb-source.ts';

// 800 rows: whole-month times (many ties), censoring, a text factor, a numeric covariate, a
// stratum, integer weights, counting-process intervals, a few missing values.
function cohort(): Record<string, (number | string | boolean | null)[]> {
  const rng = createRandom(2026);
  const cols: Record<string, (number | string | boolean | null)[]> = {
    time: [],
    status: [],
    died: [],
    x: [],
    unit: [],
    front: [],
    w: [],
    entry: [],
  };
  for (let i = 0; i < 800; i++) {
    const x = rng.normal();
    const unit = ['infantry', 'artillery', 'support'][rng.integer(3)];
    const front = rng.uniform() < 0.5;
    const rate = 0.05 * Math.exp(0.4 * x + (unit === 'infantry' ? 0.5 : 0) + (front ? 0.3 : 0));
    const t = -Math.log(rng.uniform()) / rate;
    const c = 5 + rng.uniform() * 40;
    const time = Math.ceil(Math.min(t, c));
    const entry = rng.uniform() < 0.3 ? Math.floor(rng.uniform() * Math.min(time, 4)) : 0;
    cols.time.push(i % 101 === 3 ? null : time);
    cols.status.push(t <= c ? 1 : 0);
    cols.died.push(t <= c);
    cols.x.push(i % 89 === 4 ? null : x);
    cols.unit.push(unit);
    cols.front.push(front);
    cols.w.push(1 + rng.integer(3));
    cols.entry.push(entry);
  }
  return cols;
}

const data = cohort();
let source: Awaited<ReturnType<typeof duckdbTable>>;
beforeAll(async () => {
  source = await duckdbTable(data, 'cohort');
});
afterAll(() => source.close());

const AGREE = { rtol: 1e-9, atol: 1e-12 };

function compareCox(sql: CoxResult, memory: CoxResult): void {
  expect(sql.coefficients.map((c) => c.term)).toEqual(memory.coefficients.map((c) => c.term));
  sql.coefficients.forEach((c, j) => {
    const m = memory.coefficients[j];
    expectClose(c.estimate, m.estimate, AGREE, `${c.term} estimate`);
    expectClose(c.stdError, m.stdError, AGREE, `${c.term} stdError`);
    expectClose(c.pValue, m.pValue, { rtol: 1e-7, atol: 1e-14 }, `${c.term} pValue`);
  });
  for (const key of ['logLik', 'logLikNull', 'aic', 'bic'] as const) {
    expectClose(sql[key], memory[key], AGREE, key);
  }
  expectClose(sql.scoreTest?.statistic, memory.scoreTest?.statistic, AGREE, 'score test');
  expectClose(
    sql.likelihoodRatioTest?.statistic,
    memory.likelihoodRatioTest?.statistic,
    AGREE,
    'LR test',
  );
  expectClose(
    sql.waldTest?.statisticUnrounded,
    memory.waldTest?.statisticUnrounded,
    AGREE,
    'Wald test',
  );
  sql.means.forEach((m, j) => {
    expectClose(m, memory.means[j], AGREE, `mean ${j}`);
  });
  for (const key of [
    'nobs',
    'nEvents',
    'nDropped',
    'iterations',
    'converged',
    'strata',
    'type',
    'df',
  ] as const) {
    expect(sql[key], key).toEqual(memory[key]);
  }
}

describe('fitCox on a SQL source agrees with the in-memory fit to 1e-9', () => {
  for (const ties of ['efron', 'breslow'] as const) {
    it(`fitCox(formula, source, { ties: '${ties}' }) with tied times, a factor and a boolean`, async () => {
      const formula = 'Surv(time, status) ~ x + unit + front';
      const sql = await fitCox(formula, source, { ties });
      const memory = fitCox(formula, data, { ties, zph: false });
      compareCox(sql, memory);
      expect(Number.isNaN(sql.concordance)).toBe(true);
      expect(sql.warnings.map((w) => w.code)).toContain('sql-source-not-computed');
    });
  }

  it('fitCox(formula, source) with strata, integer weights and a boolean status', async () => {
    const formula = 'Surv(time, died) ~ x + front + strata(unit)';
    const sql = await fitCox(formula, source, { weights: 'w' });
    const memory = fitCox(formula, data, { weights: 'w', zph: false });
    compareCox(sql, memory);
  });

  it('fitCox(formula, source) on counting-process (start, stop] data with Efron ties', async () => {
    const formula = 'Surv(entry, time, status) ~ x + unit';
    const sql = await fitCox(formula, source, {});
    const memory = fitCox(formula, data, { zph: false });
    compareCox(sql, memory);
  });
});

function compareKm(sql: KaplanMeierResult, memory: KaplanMeierResult): void {
  expect(sql.nobs).toBe(memory.nobs);
  expect(sql.nDropped).toBe(memory.nDropped);
  expect(sql.strata.map((s) => [s.group, s.n, s.events])).toEqual(
    memory.strata.map((s) => [s.group, s.n, s.events]),
  );
  sql.strata.forEach((s, g) => {
    const m = memory.strata[g];
    expect(s.table.length).toBe(m.table.length);
    s.table.forEach((row, i) => {
      const e = m.table[i];
      for (const key of [
        'time',
        'nRisk',
        'nEvent',
        'nCensor',
        'surv',
        'stdErr',
        'lower',
        'upper',
        'cumHazard',
        'cumHazardStdErr',
      ] as const) {
        expectClose(row[key], e[key], AGREE, `${s.group} row ${i} ${key}`);
      }
    });
    expectClose(s.median, m.median, AGREE, 'median');
    expectClose(s.rmean?.estimate, m.rmean?.estimate, AGREE, 'rmean');
    expectClose(s.rmean?.stdError, m.rmean?.stdError, AGREE, 'rmean se');
  });
}

describe('kaplanMeier on a SQL source agrees with the in-memory estimate to 1e-9', () => {
  it('kaplanMeier(source, { time, event, group }) by unit, with restricted means', async () => {
    const sql = await kaplanMeier(source, {
      time: 'time',
      event: 'status',
      group: 'unit',
      rmean: 'common',
    });
    const memory = kaplanMeier(data.time as (number | null)[], data.status as number[], {
      group: data.unit as string[],
      rmean: 'common',
    });
    compareKm(sql, memory);
  });

  it('kaplanMeier(source, { time, event, start, weights }) with late entry and integer weights', async () => {
    const sql = await kaplanMeier(source, {
      time: 'time',
      event: 'died',
      start: 'entry',
      weights: 'w',
      group: 'front',
    });
    const memory = kaplanMeier(data.time as (number | null)[], data.died as boolean[], {
      start: data.entry as number[],
      weights: data.w as number[],
      group: data.front as boolean[],
    });
    compareKm(sql, memory);
  });
});
