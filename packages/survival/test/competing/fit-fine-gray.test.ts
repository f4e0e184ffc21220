import { createRandom, DataError, InvalidArgumentError } from '@muster/core';
import { describe, expect, it } from 'vitest';
import { fitFineGray } from '../../src/competing/fit-fine-gray.ts';
import {
  censoringSurvivalBefore,
  fineGrayData,
  fineGrayDerivatives,
  fineGrayMeat,
} from '../../src/competing/internal/fine-gray-kernel.ts';
import { predictFineGray } from '../../src/competing/predict-fine-gray.ts';
import { expectClose, expectPValue, fixtureCsv, fixtureJson, type Json, README } from './close.ts';

/**
 * Oracle: the nested loops of cmprsk's crr.f (crrfsv and crrvv), translated literally, O(n^2)
 * and O(n^3). The O(n) kernels must agree with them to rounding.
 */
function crrOracle(
  t2: Float64Array,
  ici: Int8Array,
  x: Float64Array,
  p: number,
  wt: Float64Array,
  b: Float64Array,
) {
  const n = t2.length;
  const xbt = (i: number) => Array.from({ length: p }, (_, j) => x[j * n + i]);
  const wk = (i: number) => xbt(i).reduce((s, v, j) => s + v * b[j], 0);
  // crrfsv: objective, gradient, Hessian of -loglik.
  let lik = 0;
  const s = new Float64Array(p);
  const v = new Float64Array(p * p);
  for (let iuc = 0; iuc < n; iuc++) {
    if (ici[iuc] !== 1) continue;
    if (
      iuc > 0 &&
      t2[iuc - 1] === t2[iuc] &&
      ici.slice(0, iuc).some((c, k) => c === 1 && t2[k] === t2[iuc])
    )
      continue;
    const cft = t2[iuc];
    let first = iuc;
    while (first > 0 && t2[first - 1] === cft) first--;
    let twf = 0;
    for (let i = first; i < n && t2[i] === cft; i++) {
      if (ici[i] !== 1) continue;
      twf++;
      lik -= wk(i);
      xbt(i).forEach((xv, j) => {
        s[j] -= xv;
      });
    }
    let s0 = 0;
    const s1 = new Float64Array(p);
    const s2 = new Float64Array(p * p);
    for (let i = 0; i < n; i++) {
      let w: number;
      if (t2[i] < cft) {
        if (ici[i] <= 1) continue;
        w = (Math.exp(wk(i)) * wt[first]) / wt[i];
      } else w = Math.exp(wk(i));
      s0 += w;
      const xi = xbt(i);
      for (let j = 0; j < p; j++) {
        s1[j] += w * xi[j];
        for (let l = 0; l < p; l++) s2[j * p + l] += w * xi[j] * xi[l];
      }
    }
    lik += twf * Math.log(s0);
    for (let j = 0; j < p; j++) {
      s[j] += (twf * s1[j]) / s0;
      for (let l = 0; l < p; l++)
        v[j * p + l] += twf * (s2[j * p + l] / s0 - (s1[j] * s1[l]) / (s0 * s0));
    }
  }
  // crrvv: eta_i + psi_i, literally.
  const xb0 = new Float64Array(n);
  const xb = new Float64Array(n * p);
  for (let i = 0; i < n; i++) {
    if (ici[i] !== 1) continue;
    for (let j = 0; j < n; j++) {
      let w: number;
      if (t2[j] < t2[i]) {
        if (ici[j] <= 1) continue;
        w = (Math.exp(wk(j)) * wt[i]) / wt[j];
      } else w = Math.exp(wk(j));
      xb0[i] += w;
      xbt(j).forEach((xv, k) => {
        xb[i * p + k] += w * xv;
      });
    }
  }
  const icrsk = (i: number) => t2.filter((tt) => tt >= t2[i]).length;
  const v2 = new Float64Array(p * p);
  const ss2 = new Float64Array(p);
  let qu = new Float64Array(p);
  for (let i = 0; i < n; i++) {
    const st1 = new Float64Array(p);
    for (let j = 0; j < n; j++) {
      if (ici[j] !== 1) continue;
      let w: number;
      if (t2[j] <= t2[i]) w = Math.exp(wk(i));
      else if (t2[i] < t2[j] && ici[i] > 1) w = (Math.exp(wk(i)) * wt[j]) / wt[i];
      else continue;
      const xi = xbt(i);
      for (let k = 0; k < p; k++) st1[k] -= ((xi[k] - xb[j * p + k] / xb0[j]) * w) / xb0[j];
    }
    if (ici[i] === 1) {
      const xi = xbt(i);
      for (let k = 0; k < p; k++) st1[k] += xi[k] - xb[i * p + k] / xb0[i];
    }
    if (i === 0 || t2[i] > t2[i - 1]) {
      let anyCensored = false;
      for (let j = i; j < n && t2[j] === t2[i]; j++) if (ici[j] === 0) anyCensored = true;
      if (anyCensored) {
        qu = new Float64Array(p);
        for (let j1 = i; j1 < n; j1++) {
          if (ici[j1] !== 1) continue;
          let ss0 = 0;
          const ss = new Float64Array(p);
          for (let j2 = 0; j2 < n && t2[j2] < t2[i]; j2++) {
            if (ici[j2] <= 1) continue;
            const w = (Math.exp(wk(j2)) * wt[j1]) / wt[j2];
            ss0 += w;
            xbt(j2).forEach((xv, k) => {
              ss[k] += xv * w;
            });
          }
          for (let k = 0; k < p; k++) qu[k] += (ss[k] - (xb[j1 * p + k] * ss0) / xb0[j1]) / xb0[j1];
        }
        for (let j = i; j < n && t2[j] === t2[i]; j++) {
          if (ici[j] === 0) for (let k = 0; k < p; k++) ss2[k] -= qu[k] / icrsk(i) ** 2;
        }
      }
    }
    const st2 = Float64Array.from(ss2);
    if (ici[i] === 0) for (let k = 0; k < p; k++) st2[k] += qu[k] / icrsk(i);
    for (let j = 0; j < p; j++)
      for (let l = 0; l < p; l++) v2[j * p + l] += (st1[j] + st2[j]) * (st1[l] + st2[l]);
  }
  return { loglik: -lik, score: s.map((u) => -u), information: v, meat: v2 };
}

function simulate(seed: number, n: number, ties: boolean) {
  const random = createRandom(seed);
  const time = new Float64Array(n);
  const status = new Int8Array(n);
  const p = 2;
  const x = new Float64Array(n * p);
  for (let i = 0; i < n; i++) {
    x[i] = random.normal();
    x[n + i] = random.integer(2);
    const t = random.gamma(1.5, 3);
    time[i] = ties ? Math.ceil(t) : t;
    status[i] = random.integer(3);
  }
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => time[a] - time[b]);
  const sortedTime = Float64Array.from(order, (i) => time[i]);
  const sortedStatus = Int8Array.from(order, (i) => status[i]);
  const sortedX = new Float64Array(n * p);
  for (let j = 0; j < p; j++)
    order.forEach((i, r) => {
      sortedX[j * n + r] = x[j * n + i];
    });
  return { time: sortedTime, status: sortedStatus, x: sortedX, p };
}

describe('Fine-Gray kernels', () => {
  it('fineGrayDerivatives and fineGrayMeat agree with the literal crr.f loops (ties, censoring at failure times)', () => {
    for (const seed of [1, 2, 3]) {
      const { time, status, x, p } = simulate(seed, 80, true);
      const gm = censoringSurvivalBefore(time, time, status);
      const data = fineGrayData(time, status, x, p, gm);
      const b = Float64Array.from([0.3, -0.5]);
      const oracle = crrOracle(time, status, x, p, gm, b);
      const dv = fineGrayDerivatives(data, b);
      expectClose(dv.logLik, oracle.loglik, { rtol: 1e-12, atol: 0 }, 'loglik');
      for (let j = 0; j < p; j++)
        expectClose(dv.score[j], oracle.score[j], { rtol: 1e-10, atol: 1e-12 }, 'score');
      for (let j = 0; j < p * p; j++) {
        expectClose(
          dv.information[j],
          oracle.information[j],
          { rtol: 1e-10, atol: 1e-12 },
          'information',
        );
      }
      const meat = fineGrayMeat(data, dv);
      for (let j = 0; j < p * p; j++)
        expectClose(meat[j], oracle.meat[j], { rtol: 1e-10, atol: 1e-12 }, 'meat');
    }
  });

  it('censoringSurvivalBefore is the left limit of the censoring Kaplan-Meier at each time', () => {
    const time = Float64Array.from([1, 2, 2, 3, 4, 5]);
    const status = Int8Array.from([0, 1, 0, 2, 0, 1]);
    const gm = censoringSurvivalBefore(time, time, status);
    // Censorings at 1 (6 at risk), 2 (5 at risk), 4 (2 at risk).
    const g1 = 5 / 6;
    const g2 = g1 * (4 / 5);
    expect(Array.from(gm)).toEqual([1, g1, g1, g2, g2, g2 * (1 / 2)]);
  });
});

describe('fitFineGray: reference cases (cmprsk::crr)', () => {
  const cases = [
    'finegray-mgus2-pcm.json',
    'finegray-mgus2-pcm-predict.json',
    'finegray-mgus2-death.json',
    'finegray-mgus2-pcm-maxiter1.json',
    'finegray-sim-killed.json',
  ];
  for (const name of cases) {
    it(`${name.replace('.json', '')}: coefficients, hazard ratios, sandwich SEs, tests, logPseudoLik`, () => {
      const c = fixtureJson(name);
      const maxIter = /maxiter = (\d+)/.exec(c.rCall)?.[1];
      const fit = fitFineGray(fixtureCsv(c.data), {
        time: c.time,
        event: c.event,
        cause: c.failCode,
        censorCode: c.censorCode,
        covariates: c.covariates,
        maxIter: maxIter === undefined ? undefined : Number(maxIter),
      });
      expect(fit.converged).toBe(c.expected.converged);
      // the reference cases name crr's loglik logPseudoLik; the result calls it logLik
      expectClose(fit.logLik, c.expected.logPseudoLik, README, 'logLik (pseudo)');
      if (c.expected.logPseudoLikNull !== undefined) {
        expectClose(fit.logLikNull, c.expected.logPseudoLikNull, README, 'logLikNull (pseudo)');
      }
      if (c.expected.nobs !== undefined) expect(fit.nobs).toBe(c.expected.nobs);
      c.expected.coefficients.forEach((e: Json, j: number) => {
        const a = fit.coefficients[j];
        expect(a.term).toBe(e.term);
        expectClose(a.estimate, e.estimate, README, `${e.term} estimate`);
        expectClose(a.hazardRatio, e.hazardRatio, README, `${e.term} HR`);
        expectClose(a.stdError, e.stdError, README, `${e.term} se`);
        expectClose(a.statistic, e.statistic, README, `${e.term} z`);
        expectPValue(a.pValue, e.pValue, `${e.term} p`);
      });
      if (c.expected.vcov) {
        c.expected.vcov.forEach((row: number[], i: number) => {
          row.forEach((v, j) => {
            expectClose(fit.vcov[i][j], v, README, `vcov ${i},${j}`);
          });
        });
      }
      for (const predicted of c.expected.predicted ?? []) {
        const curve = predictFineGray(fit, predicted.profile);
        expect(curve.time).toEqual(predicted.time);
        curve.cif.forEach((v, k) => {
          expectClose(v, predicted.cif[k], README, `cif at ${curve.time[k]}`);
        });
      }
    });
  }
});

describe('fitFineGray: recovery and behaviour', () => {
  it('fitFineGray recovers the coefficients of a simulated Fine-Gray model', () => {
    // Fine & Gray (1999) section 5: F1(t | x) = 1 - (1 - q (1 - exp(-t)))^exp(x'b); cause 2 otherwise.
    const random = createRandom(2024);
    const n = 4000;
    const beta = [0.5, -0.7];
    const q = 0.4;
    const time: number[] = [];
    const event: number[] = [];
    const x1: number[] = [];
    const x2: number[] = [];
    for (let i = 0; i < n; i++) {
      const a = random.normal();
      const c = random.integer(2);
      const risk = Math.exp(beta[0] * a + beta[1] * c);
      const p1 = 1 - (1 - q) ** risk;
      let t: number;
      let e: number;
      if (random.uniform() < p1) {
        // Invert F1(t)/p1 = u.
        const u = random.uniform() * p1;
        t = -Math.log(1 - (1 - (1 - u) ** (1 / risk)) / q);
        e = 1;
      } else {
        t = -Math.log(1 - random.uniform()) / Math.exp(0.2 * a);
        e = 2;
      }
      const censor = random.uniformIn(0, 4);
      if (censor < t) {
        t = censor;
        e = 0;
      }
      time.push(t);
      event.push(e);
      x1.push(a);
      x2.push(c);
    }
    const fit = fitFineGray(
      { time, event, x1, x2 },
      { time: 'time', event: 'event', cause: 1, covariates: ['x1', 'x2'] },
    );
    expect(fit.converged).toBe(true);
    fit.coefficients.forEach((c, j) => {
      expect(Math.abs(c.estimate - beta[j])).toBeLessThan(4 * c.stdError);
      expect(c.stdError).toBeLessThan(0.1);
    });
  });

  it('fitFineGray accepts covariates as arrays and drops rows with missing values', () => {
    const c = fixtureJson('finegray-sim-killed.json');
    const data = fixtureCsv(c.data) as Record<string, (number | null)[]>;
    const fit = fitFineGray(
      { time: data.time, event: data.event },
      {
        time: 'time',
        event: 'event',
        cause: 2,
        covariates: { x1: data.x1, x2: data.x2, site: data.site },
      },
    );
    expect(fit.nobs).toBe(c.expected.nobs);
    expect(fit.nDropped).toBe(data.time.length - c.expected.nobs);
    expectClose(fit.coefficients[0].estimate, c.expected.coefficients[0].estimate, README);
  });

  it('fitFineGray with a one-sided formula matches the covariate columns and names factor terms as R', () => {
    const c = fixtureJson('finegray-mgus2-pcm.json');
    const data = fixtureCsv(c.data);
    const fit = fitFineGray(data, {
      time: 'etime',
      event: 'event',
      cause: 1,
      formula: '~ age + factor(male) + hgb',
    });
    expect(fit.coefficients.map((x) => x.term)).toEqual(['age', 'factor(male)1', 'hgb']);
    c.expected.coefficients.forEach((e: Json, j: number) => {
      expectClose(fit.coefficients[j].estimate, e.estimate, README, `${e.term} estimate`);
      expectClose(fit.coefficients[j].stdError, e.stdError, README, `${e.term} se`);
    });
    const withMissing = fitFineGray(
      { t: [1, 2, 3, 4, 5, 6], e: [1, 2, 1, 0, 1, 2], g: ['a', 'b', null, 'a', 'b', 'a'] },
      { time: 't', event: 'e', cause: 1, formula: '~ g' },
    );
    expect(withMissing.coefficients.map((x) => x.term)).toEqual(['gb']);
    expect(withMissing.nobs).toBe(5);
    expect(withMissing.nDropped).toBe(1);
    expect(() =>
      fitFineGray(data, { time: 'etime', event: 'event', cause: 1, formula: 'etime ~ age' }),
    ).toThrow(/one-sided formula/);
  });

  it('fitFineGray requires events of the cause of interest', () => {
    const call = () =>
      fitFineGray(
        { t: [1, 2, 3], e: [2, 0, 2], x: [1, 2, 3] },
        { time: 't', event: 'e', cause: 1, covariates: ['x'] },
      );
    expect(call).toThrow(DataError);
    expect(call).toThrow(/at least one event of cause 1/);
  });

  it('fitFineGray reports a non-numeric covariate with its row and rejects bad options', () => {
    expect(() =>
      fitFineGray(
        { t: [1, 2, 3], e: [1, 0, 2], x: [1, 'a', 3] },
        { time: 't', event: 'e', cause: 1, covariates: ['x'] },
      ),
    ).toThrow(/row 2 has "a"/);
    expect(() =>
      fitFineGray({ t: [1], e: [1] }, { time: 't', event: 'e', cause: 1, covariates: [] }),
    ).toThrow(InvalidArgumentError);
    expect(() =>
      fitFineGray(
        { t: [1], e: [1], x: [1] },
        { time: 't', event: 'e', cause: 0, covariates: ['x'] },
      ),
    ).toThrow(/differ from the censoring code/);
  });

  it('fitFineGray with collinear covariates returns a result with a warning instead of throwing', () => {
    const time = [1, 2, 3, 4, 5, 6, 7, 8];
    const event = [1, 2, 1, 0, 1, 2, 1, 0];
    const x = [0.1, 0.5, 0.2, 0.9, 0.4, 0.3, 0.8, 0.6];
    const fit = fitFineGray(
      { time, event, x, y: x.map((v) => 2 * v) },
      { time: 'time', event: 'event', cause: 1, covariates: ['x', 'y'] },
    );
    expect(fit.converged).toBe(false);
    expect(fit.warnings.map((w) => w.code)).toContain('singular-information');
  });

  it('predictFineGray evaluates the step function at given times and checks the profile', () => {
    const c = fixtureJson('finegray-mgus2-pcm-predict.json');
    const fit = fitFineGray(fixtureCsv(c.data), {
      time: c.time,
      event: c.event,
      cause: 1,
      covariates: c.covariates,
    });
    const full = predictFineGray(fit, [60, 0, 13]);
    const atTimes = predictFineGray(
      fit,
      { age: 60, male: 0, hgb: 13 },
      { times: [0, full.time[5], full.time[5] + 0.5, 1e6] },
    );
    expect(atTimes.cif[0]).toBe(0);
    expect(atTimes.cif[1]).toBe(full.cif[5]);
    expect(atTimes.cif[2]).toBe(full.cif[5]);
    expect(atTimes.cif[3]).toBe(full.cif.at(-1));
    expect(() => predictFineGray(fit, { age: 60, male: 0 })).toThrow(/'hgb' is undefined/);
  });
});

describe('fitFineGray: interval coverage', () => {
  it('fitFineGray 95% hazard-ratio intervals from the sandwich cover the true ratio about 95% of the time', () => {
    const random = createRandom(5);
    const beta = 0.6;
    const q = 0.5;
    const reps = 200;
    let covered = 0;
    for (let rep = 0; rep < reps; rep++) {
      const n = 300;
      const time: number[] = [];
      const event: number[] = [];
      const x: number[] = [];
      for (let i = 0; i < n; i++) {
        const a = random.normal();
        const risk = Math.exp(beta * a);
        const p1 = 1 - (1 - q) ** risk;
        let t: number;
        let e: number;
        if (random.uniform() < p1) {
          const u = random.uniform() * p1;
          t = -Math.log(1 - (1 - (1 - u) ** (1 / risk)) / q);
          e = 1;
        } else {
          t = -Math.log(1 - random.uniform());
          e = 2;
        }
        const c = random.uniformIn(0, 3);
        time.push(Math.min(t, c));
        event.push(t <= c ? e : 0);
        x.push(a);
      }
      const fit = fitFineGray(
        { time, event, x },
        { time: 'time', event: 'event', cause: 1, covariates: ['x'] },
      );
      const c = fit.coefficients[0];
      const truth = Math.exp(beta);
      if (c.hazardRatioLower <= truth && truth <= c.hazardRatioUpper) covered++;
    }
    // Binomial sd at 0.95 with 200 replications is 0.015.
    expect(covered / reps).toBeGreaterThan(0.9);
    expect(covered / reps).toBeLessThan(0.99);
  });
});
