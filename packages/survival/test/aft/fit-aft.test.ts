import { readFileSync } from 'node:fs';
import { createRandom, DataError, FormulaError, InvalidArgumentError } from '@muster/core';
import { describe, expect, it } from 'vitest';
import { fitAft } from '../../src/aft/fit-aft.ts';
import { predictAft } from '../../src/aft/predict-aft.ts';
import {
  expectClose,
  expectPValue,
  fixtureCsv,
  fixtureJson,
  type Json,
  README,
} from '../competing/close.ts';

const lung = fixtureCsv('aft-lung.csv');

describe('fitAft: reference cases (R survreg)', () => {
  const cases = [
    'aft-lung-weibull.json',
    'aft-lung-weibull-predict.json',
    'aft-lung-exponential-predict.json',
    'aft-lung-lognormal-predict.json',
    'aft-lung-loglogistic-predict.json',
    'aft-lung-ecog-lognormal.json',
    'aft-lung-strata-weibull.json',
    'aft-lung-intercept-loglogistic.json',
  ];
  for (const name of cases) {
    it(`${name.replace('.json', '')}: coefficients, SEs, z, p, scale, logLik`, () => {
      const c = fixtureJson(name);
      const fit = fitAft(c.formula, lung, { dist: c.dist });
      expect(fit.converged).toBe(true);
      expect(fit.coefficients.map((x) => x.term)).toEqual(
        c.expected.coefficients.map((x: Json) => x.term),
      );
      c.expected.coefficients.forEach((e: Json, j: number) => {
        const a = fit.coefficients[j];
        expectClose(a.estimate, e.estimate, README, `${e.term} estimate`);
        expectClose(a.stdError, e.stdError, README, `${e.term} se`);
        expectClose(a.statistic, e.statistic, README, `${e.term} z`);
        expectPValue(a.pValue, e.pValue, `${e.term} p`);
      });
      const scales = Array.isArray(c.expected.scale) ? c.expected.scale : [c.expected.scale];
      const got = Array.isArray(fit.scale) ? fit.scale : [fit.scale];
      scales.forEach((s: number, k: number) => {
        expectClose(got[k], s, README, 'scale');
      });
      // the reference cases keep R's logLik = [intercept-only, fitted]
      expectClose(fit.logLikNull, c.expected.logLik[0], README, 'logLik null');
      expectClose(fit.logLik, c.expected.logLik[1], README, 'logLik');
      if (c.expected.nobs !== undefined) expect(fit.nobs).toBe(c.expected.nobs);
      if (c.expected.iterations !== undefined) expect(fit.iterations).toBe(c.expected.iterations);
      for (const q of c.expected.quantiles ?? []) {
        const [prediction] = predictAft(fit, q.profile, { p: q.p });
        prediction.values.forEach((v, k) => {
          expect(v.p).toBe(q.p[k]);
          expectClose(v.estimate, q.estimate[k], README, `quantile ${q.p[k]}`);
          expectClose(v.stdError, q.stdError[k], README, `quantile se ${q.p[k]}`);
        });
      }
    });
  }
});

describe('fitAft: hand-derived and recovery', () => {
  it('fitAft exponential without covariates: intercept log(sum t / d), SE 1/sqrt(d), closed-form logLik', () => {
    const time = [2, 3, 3, 5, 8, 9, 12, 15];
    const status = [1, 0, 1, 1, 0, 1, 1, 0];
    const fit = fitAft('Surv(time, status) ~ 1', { time, status }, { dist: 'exponential' });
    const total = time.reduce((s, v) => s + v, 0);
    const d = status.reduce((s, v) => s + v, 0);
    expectClose(fit.coefficients[0].estimate, Math.log(total / d), { rtol: 1e-10, atol: 0 });
    expectClose(fit.coefficients[0].stdError, 1 / Math.sqrt(d), { rtol: 1e-8, atol: 0 });
    const rate = d / total;
    expectClose(fit.logLik, d * Math.log(rate) - rate * total, { rtol: 1e-12, atol: 0 });
    expect(fit.scale).toBe(1);
    expect(fit.scaleEstimated).toBe(false);
    expect(fit.coefficients.map((c) => c.term)).toEqual(['(Intercept)']);
  });

  it('fitAft recovers simulated Weibull AFT parameters', () => {
    const random = createRandom(99);
    const n = 3000;
    const b = [3, 0.5, -0.4];
    const sigma = 0.7;
    const x1: number[] = [];
    const x2: number[] = [];
    const time: number[] = [];
    const status: number[] = [];
    for (let i = 0; i < n; i++) {
      const a = random.normal();
      const c = random.integer(2);
      // log T = x'b + sigma * e, e standard extreme value (minimum): e = log(-log(U)).
      const e = Math.log(-Math.log(1 - random.uniform()));
      const t = Math.exp(b[0] + b[1] * a + b[2] * c + sigma * e);
      const censor = random.uniformIn(0, 60);
      time.push(Math.min(t, censor));
      status.push(t <= censor ? 1 : 0);
      x1.push(a);
      x2.push(c);
    }
    const fit = fitAft(
      'Surv(time, status) ~ x1 + x2',
      { time, status, x1, x2 },
      { dist: 'weibull' },
    );
    expect(fit.converged).toBe(true);
    b.forEach((value, j) => {
      const c = fit.coefficients[j];
      expect(Math.abs((c.estimate as number) - value)).toBeLessThan(4 * (c.stdError as number));
    });
    const logScale = fit.coefficients[3];
    expect(Math.abs((logScale.estimate as number) - Math.log(sigma))).toBeLessThan(
      4 * (logScale.stdError as number),
    );
  });
});

describe('fitAft: case weights', () => {
  it('fitAft with integer weights equals the fit on replicated rows', () => {
    const rows = 60;
    const base = {
      time: (lung.time as number[]).slice(0, rows),
      status: (lung.status as number[]).slice(0, rows),
      age: (lung.age as number[]).slice(0, rows),
    };
    const w = base.time.map((_, i) => 1 + (i % 3));
    const replicated = { time: [] as number[], status: [] as number[], age: [] as number[] };
    base.time.forEach((_, i) => {
      for (let k = 0; k < w[i]; k++) {
        replicated.time.push(base.time[i]);
        replicated.status.push(base.status[i]);
        replicated.age.push(base.age[i]);
      }
    });
    for (const dist of ['weibull', 'loglogistic'] as const) {
      const weighted = fitAft('Surv(time, status) ~ age', { ...base, w }, { dist, weights: 'w' });
      const expanded = fitAft('Surv(time, status) ~ age', replicated, { dist });
      weighted.coefficients.forEach((c, j) => {
        expectClose(c.estimate, expanded.coefficients[j].estimate, { rtol: 1e-8, atol: 1e-10 });
        expectClose(c.stdError, expanded.coefficients[j].stdError, { rtol: 1e-7, atol: 1e-10 });
      });
      expectClose(weighted.logLik, expanded.logLik, { rtol: 1e-10, atol: 0 });
    }
  });
});

describe('fitAft: bad input and failures', () => {
  it('fitAft rejects non-positive times with the data row', () => {
    const call = () =>
      fitAft('Surv(time, status) ~ x', { time: [1, 0, 3], status: [1, 1, 0], x: [1, 2, 3] });
    expect(call).toThrow(DataError);
    expect(call).toThrow(/row 2 has time 0/);
  });

  it('fitAft requires a Surv response and a known distribution', () => {
    expect(() => fitAft('time ~ x', { time: [1, 2], x: [1, 2] })).toThrow(FormulaError);
    expect(() =>
      fitAft(
        'Surv(time, status) ~ x',
        { time: [1, 2], status: [1, 1], x: [1, 2] },
        { dist: 'gamma' as Json },
      ),
    ).toThrow(InvalidArgumentError);
  });

  it('fitAft with every observation censored returns a non-converged result with warnings, not an error', () => {
    const fit = fitAft('Surv(time, cens) ~ age + sex', { ...lung, cens: lung.time.map(() => 0) });
    expect(fit.converged).toBe(false);
    expect(fit.warnings.map((w) => w.code)).toEqual(
      expect.arrayContaining(['no-events', 'not-converged']),
    );
  });

  it('fitAft with iteration limit 1 reports converged: false', () => {
    const fit = fitAft('Surv(time, status) ~ age + sex', lung, { maxIter: 1 });
    expect(fit.converged).toBe(false);
    expect(fit.iterations).toBe(1);
    expect(fit.warnings.map((w) => w.code)).toContain('not-converged');
  });

  it('fitAft reports an aliased column as null', () => {
    const data = { ...lung, age2: (lung.age as number[]).map((a) => 2 * a) };
    const fit = fitAft('Surv(time, status) ~ age + age2', data);
    expect(fit.coefficients.find((c) => c.term === 'age2')!.estimate).toBeNull();
    expect(fit.warnings.map((w) => w.code)).toContain('aliased');
  });
});

describe('predictAft', () => {
  it('predictAft from a deserialised fit uses design columns by term and matches the session fit', () => {
    const fit = fitAft('Surv(time, status) ~ age + sex', lung, { dist: 'loglogistic' });
    const copy = JSON.parse(JSON.stringify(fit));
    const a = predictAft(fit, { age: [55, 70], sex: [1, 2] }, { p: [0.25, 0.5] });
    const b = predictAft(copy, { age: [55, 70], sex: [1, 2] }, { p: [0.25, 0.5] });
    expect(b.length).toBe(2);
    a.forEach((row, i) => {
      row.values.forEach((v, k) => {
        expectClose(b[i].values[k].estimate, v.estimate, { rtol: 1e-14, atol: 0 });
        expectClose(b[i].values[k].stdError, v.stdError, { rtol: 1e-12, atol: 0 });
      });
    });
  });

  it('predictAft linear predictor and response are exp-related, and p must lie in (0, 1)', () => {
    const fit = fitAft('Surv(time, status) ~ age', lung, { dist: 'lognormal' });
    const [lp] = predictAft(fit, { age: 60 }, { type: 'lp' });
    const [response] = predictAft(fit, { age: 60 }, { type: 'response' });
    expectClose(response.values[0].estimate, Math.exp(lp.values[0].estimate as number), {
      rtol: 1e-14,
      atol: 0,
    });
    // Log-normal median = exp(lp).
    const [median] = predictAft(fit, { age: 60 }, { p: [0.5] });
    expectClose(median.values[0].estimate, Math.exp(lp.linearPredictor as number), {
      rtol: 1e-12,
      atol: 0,
    });
    expect(() => predictAft(fit, { age: 60 }, { p: [1] })).toThrow(InvalidArgumentError);
  });
});

describe('fitAft: interval coverage', () => {
  it('fitAft 95% Wald intervals (lower, upper) cover the true log-normal coefficient about 95% of the time', () => {
    const random = createRandom(17);
    const b = [2, 0.4];
    const sigma = 0.8;
    const reps = 200;
    let covered = 0;
    for (let rep = 0; rep < reps; rep++) {
      const time: number[] = [];
      const status: number[] = [];
      const x: number[] = [];
      for (let i = 0; i < 200; i++) {
        const a = random.normal();
        const t = Math.exp(b[0] + b[1] * a + sigma * random.normal());
        const c = random.uniformIn(0, 40);
        time.push(Math.min(t, c));
        status.push(t <= c ? 1 : 0);
        x.push(a);
      }
      const fit = fitAft('Surv(time, status) ~ x', { time, status, x }, { dist: 'lognormal' });
      const c = fit.coefficients[1];
      if ((c.lower as number) <= b[1] && b[1] <= (c.upper as number)) covered++;
    }
    expect(covered / reps).toBeGreaterThan(0.9);
    expect(covered / reps).toBeLessThan(0.99);
  });
});

describe('predictAft as predict.survreg on aliased and offset models', () => {
  const fixture = JSON.parse(
    readFileSync(new URL('../fixtures/aft-aliased-offset.json', import.meta.url), 'utf8'),
  );
  const PREDICT = { rtol: 1e-6, atol: 1e-10 };

  it('predictAft predicts null (NA) for every row when a coefficient is aliased', () => {
    const data = { ...lung, sex2: (lung.sex as number[]).map((s) => s * 2) };
    const fit = fitAft('Surv(time, status) ~ age + sex + sex2', data);
    expect(fit.coefficients.map((c) => c.estimate === null)).toEqual([
      false,
      false,
      false,
      true,
      false,
    ]);
    expect(fixture.aliased.fit).toEqual([null, null]);
    const rows = predictAft(fit, { age: [60, 70], sex: [1, 2], sex2: [2, 0] }, { p: [0.5] });
    expect(
      rows.map((r) => [r.linearPredictor, r.values[0].estimate, r.values[0].stdError]),
    ).toEqual([
      [null, null, null],
      [null, null, null],
    ]);
  });

  it('predictAft leaves an offset() term out for new data, as predict.survreg', () => {
    const data = { ...lung, lo: (lung.age as number[]).map((a) => Math.log(a / 10)) };
    const fit = fitAft('Surv(time, status) ~ sex + offset(lo)', data);
    const newData = fixture.offset.newData;
    const lp = predictAft(fit, newData, { type: 'lp' });
    const q = predictAft(fit, newData, { p: [0.25, 0.5] });
    lp.forEach((row, i) => {
      expectClose(row.values[0].estimate, fixture.offset.lp[i], PREDICT, `lp ${i}`);
      expectClose(row.values[0].stdError, fixture.offset.lpSe[i], PREDICT, `lp se ${i}`);
      q[i].values.forEach((v, j) => {
        expectClose(v.estimate, fixture.offset.quantile[i][j], PREDICT, `quantile ${i} ${j}`);
        expectClose(v.stdError, fixture.offset.quantileSe[i][j], PREDICT, `quantile se ${i} ${j}`);
      });
    });
  });
});
