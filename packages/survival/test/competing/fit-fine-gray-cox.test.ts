import { DataError } from '@muster/core';
import { describe, expect, it } from 'vitest';
import { expandFineGray, fitFineGray, fitFineGrayCox } from '../../src/index.ts';
import r from '../fixtures/finegray-route.json' with { type: 'json' };
import { expectClose, loadCsv } from '../helpers.ts';

const TOL = { rtol: 1e-8, atol: 1e-12 };

interface RCox {
  term: string[];
  estimate: number[];
  stdError: number[];
  naiveStdError: number[];
  loglik: number[];
  vcov: number[][];
  nevent: number;
  n: number;
}
interface RExpansion {
  nrow: number;
  sumWeight: number;
  sumWeightStop: number;
  sumStart: number;
  nEvent: number;
  head: { id: number[]; fgstart: number[]; fgstop: number[]; fgstatus: number[]; fgwt: number[] };
}

function sum(values: unknown[], by?: unknown[]): number {
  let total = 0;
  values.forEach((v, i) => {
    total += (v as number) * (by ? (by[i] as number) : 1);
  });
  return total;
}

function compareExpansion(columns: Record<string, unknown[]>, e: RExpansion): void {
  expect(columns.fgstop).toHaveLength(e.nrow);
  expect(sum(columns.fgstatus)).toBe(e.nEvent);
  expectClose(sum(columns.fgwt), e.sumWeight, TOL, 'sum fgwt');
  expectClose(sum(columns.fgwt, columns.fgstop), e.sumWeightStop, TOL, 'sum fgwt fgstop');
  expectClose(sum(columns.fgstart), e.sumStart, TOL, 'sum fgstart');
  expect(columns.id.slice(0, 40)).toEqual(e.head.id);
  expect(columns.fgstart.slice(0, 40)).toEqual(e.head.fgstart);
  expect(columns.fgstop.slice(0, 40)).toEqual(e.head.fgstop);
  expect(columns.fgstatus.slice(0, 40)).toEqual(e.head.fgstatus);
  (columns.fgwt.slice(0, 40) as number[]).forEach((w, i) => {
    expectClose(w, e.head.fgwt[i], TOL, `fgwt ${i}`);
  });
}

function compareCox(fit: ReturnType<typeof fitFineGrayCox>, e: RCox): void {
  expect(fit.coefficients.map((c) => c.term)).toEqual(e.term);
  fit.coefficients.forEach((c, j) => {
    expectClose(c.estimate, e.estimate[j], TOL, `estimate ${c.term}`);
    expectClose(c.stdError, e.stdError[j], TOL, `robust se ${c.term}`);
    expectClose(c.naiveStdError ?? Number.NaN, e.naiveStdError[j], TOL, `naive se ${c.term}`);
  });
  expectClose(fit.logLikNull, e.loglik[0], TOL, 'loglik null');
  expectClose(fit.logLik, e.loglik[1], TOL, 'loglik');
  fit.vcov.forEach((row, i) => {
    row.forEach((v, j) => {
      expectClose(v, e.vcov[i][j], TOL, `vcov ${i},${j}`);
    });
  });
}

describe("Fine-Gray by survival's route: finegray() rows and a weighted Cox fit", () => {
  const mgus2 = loadCsv('finegray-route-mgus2.csv');
  const tvc = loadCsv('finegray-route-tvc.csv');

  it('expandFineGray matches finegray(Surv(etime, event) ~ ., etype = "pcm") on mgus2', () => {
    const rows = expandFineGray(mgus2, { time: 'etime', event: 'event', cause: 1 });
    expect(rows.delayedEntry).toBe(false);
    compareExpansion(rows.columns, r.mgusPcm.expansion as RExpansion);
  });

  it('fitFineGrayCox with cluster(unit) matches coxph(Surv(fgstart, fgstop, fgstatus) ~ age + sex + cluster(unit), weights = fgwt)', () => {
    const fit = fitFineGrayCox('Surv(etime, event) ~ age + sex + cluster(unit)', mgus2, {
      cause: 1,
    });
    expect(fit.kind).toBe('fine-gray-cox');
    expect(fit.nClusters).toBe(20);
    compareCox(fit, r.mgusPcm.cluster as RCox);
    const rowsOnly = fitFineGrayCox('Surv(etime, event) ~ age + sex', mgus2, { cause: 1 });
    compareCox(rowsOnly, r.mgusPcm.rows as RCox);
  });

  it('fitFineGrayCox for death and with the censoring distribution per sex (finegray strata())', () => {
    const death = fitFineGrayCox('Surv(etime, event) ~ age + sex + hgb + cluster(unit)', mgus2, {
      cause: 2,
    });
    compareCox(death, r.mgusDeath.cluster as RCox);
    const rows = expandFineGray(mgus2, { time: 'etime', event: 'event', cause: 1, strata: 'sex' });
    compareExpansion(rows.columns, r.mgusStrata.expansion as RExpansion);
    const strat = fitFineGrayCox('Surv(etime, event) ~ age + sex + cluster(unit)', mgus2, {
      cause: 1,
      censoringStrata: 'sex',
    });
    compareCox(strat, r.mgusStrata.cluster as RCox);
  });

  it('fitFineGrayCox with a time-varying covariate on (start, stop] rows matches finegray(..., id = id) + coxph', () => {
    const late = Array.from(tvc.late as ArrayLike<unknown>, (v) => v === true || v === 'TRUE');
    const early = Object.fromEntries(
      Object.entries(tvc).map(([k, v]) => [
        k,
        Array.from(v as ArrayLike<unknown>).filter((_, i) => !late[i]),
      ]),
    );
    const rows = expandFineGray(early, {
      start: 'start',
      time: 'stop',
      event: 'status',
      cause: 1,
      id: 'id',
    });
    expect(rows.delayedEntry).toBe(false);
    compareExpansion(rows.columns, r.tvc.expansion as RExpansion);
    const fit = fitFineGrayCox('Surv(start, stop, status) ~ age + leave + cluster(unit)', early, {
      cause: 1,
      id: 'id',
    });
    compareCox(fit, r.tvc.cluster as RCox);
  });

  it('fitFineGrayCox with late entry applies finegray’s entry correction', () => {
    const rows = expandFineGray(tvc, {
      start: 'start',
      time: 'stop',
      event: 'status',
      cause: 1,
      id: 'id',
    });
    expect(rows.delayedEntry).toBe(true);
    compareExpansion(rows.columns, r.tvcLate.expansion as RExpansion);
    const fit = fitFineGrayCox('Surv(start, stop, status) ~ age + leave + cluster(unit)', tvc, {
      cause: 1,
      id: 'id',
    });
    expect(fit.fineGray.delayedEntry).toBe(true);
    compareCox(fit, r.tvcLate.cluster as RCox);
  });

  it('expandFineGray refuses gaps, events before the last row and (start, stop] rows without id', () => {
    const d = { id: [1, 1, 2], start: [0, 5, 0], stop: [4, 8, 6], status: [0, 1, 2] };
    const base = { start: 'start', time: 'stop', event: 'status', cause: 1, id: 'id' };
    expect(() => expandFineGray(d, base)).toThrow(/gaps in time/);
    expect(() => expandFineGray({ ...d, start: [0, 4, 0], status: [1, 1, 2] }, base)).toThrow(
      DataError,
    );
    expect(() =>
      expandFineGray(d, { start: 'start', time: 'stop', event: 'status', cause: 1 }),
    ).toThrow(/requires an id with start/);
  });
});

describe('fitFineGray with cengroup (censoring distribution per group, as crr)', () => {
  const mgus2complete = loadCsv('mgus2_complete.csv');
  const base = { time: 'etime', event: 'event', covariates: ['age', 'male', 'hgb'] } as const;

  function compareCrr(fit: ReturnType<typeof fitFineGray>, e: typeof r.crrCengroupMale): void {
    fit.coefficients.forEach((c, j) => {
      expectClose(c.estimate, e.estimate[j], TOL, `estimate ${c.term}`);
    });
    fit.vcov.forEach((row, i) => {
      row.forEach((v, j) => {
        expectClose(v, e.vcov[i][j], TOL, `vcov ${i},${j}`);
      });
    });
    expectClose(fit.logLik, e.loglik, TOL, 'loglik');
    expectClose(fit.logLikNull, e.loglikNull, TOL, 'loglik null');
    expect(fit.converged).toBe(e.converged);
  }

  it('fitFineGray(cengroup: male) matches crr(..., cengroup = male) for pcm', () => {
    const fit = fitFineGray(mgus2complete, { ...base, cause: 1, cengroup: 'male' });
    expect(fit.cengroup).toEqual({ column: 'male', levels: ['0', '1'] });
    compareCrr(fit, r.crrCengroupMale);
  });

  it('fitFineGray with three censoring groups (values given) matches crr for death', () => {
    const fit = fitFineGray(mgus2complete, { ...base, cause: 2, cengroup: r.age3 });
    compareCrr(fit, r.crrCengroupAge3);
    // the same through a formula
    const viaFormula = fitFineGray(mgus2complete, {
      time: 'etime',
      event: 'event',
      formula: '~ age + male + hgb',
      cause: 2,
      cengroup: r.age3,
    });
    compareCrr(viaFormula, r.crrCengroupAge3);
  });
});
