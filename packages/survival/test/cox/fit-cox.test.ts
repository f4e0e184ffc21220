import { createRandom, DataError, FormulaError, InvalidArgumentError } from '@muster/core';
import { describe, expect, it } from 'vitest';
import { type CoxResult, fitCox } from '../../src/index.ts';
import extra from '../fixtures/survival-extra-cases.json' with { type: 'json' };
import { expectClose, loadCsv, README } from '../helpers.ts';

const TIGHT = { rtol: 1e-8, atol: 1e-12 };

// survival's tests/book1.R (Therneau & Grambsch, appendix): unsorted, one missing status
const book1 = {
  time: [9, 3, 1, 1, 6, 6, 8],
  status: [1, null, 1, 0, 1, 1, 0],
  x: [0, 2, 1, 1, 1, 0, 0],
};

/** The closed forms of book1.R's byhand1() at beta (Breslow). */
function byHand(beta: number) {
  const r = Math.exp(beta);
  const a = 3 * (r + 1) ** 2;
  const b = (r + 3) ** 2;
  const haz = [1 / (3 * r + 3), 2 / (r + 3), 0, 1];
  const cumhaz = [haz[0], haz[0] + haz[1], haz[0] + haz[1], haz[0] + haz[1] + haz[3]];
  // rows in data order without the missing one: times 9, 1, 1, 6, 6, 8
  const timeIndex = [3, 0, 0, 1, 1, 2];
  const x = [0, 1, 1, 1, 0, 0];
  const status = [1, 1, 0, 1, 1, 0];
  return {
    loglik: 2 * beta - (Math.log(3 * r + 3) + 2 * Math.log(r + 3)),
    imat: r / (r + 1) ** 2 + (6 * r) / (r + 3) ** 2,
    martingale: status.map((s, i) => s - Math.exp(beta * x[i]) * cumhaz[timeIndex[i]]),
    // score residuals in data order (9, 1, 1, 6, 6, 8)
    score: [
      r / a + (2 * r) / b,
      (2 * r + 3) / a,
      -r / a,
      -r / a + (3 * (3 - r)) / b,
      r / a - (r * (r + 1)) / b,
      r / a + (2 * r) / b,
    ],
    // Schoenfeld residuals at times 1, 6, 6, 9
    schoenfeld: [1 / (r + 1), 1 - r / (3 + r), 0 - r / (3 + r), 0],
    haz,
    varhazG: [1 / (3 * r + 3) ** 2, 2 / (r + 3) ** 2, 0, 1],
    xbar: [r / (r + 1), r / (r + 3), 0, 0],
  };
}

describe('fitCox on survival book1.R data (closed forms)', () => {
  const fit = fitCox('Surv(time, status) ~ x', book1, {
    ties: 'breslow',
    residuals: true,
    survivalCurves: [{ x: 0 }],
  });
  const beta = Math.log(1.5 + Math.sqrt(33) / 2);
  const truth = byHand(beta);

  it('fitCox(ties = breslow) solves the score equation: beta = log(1.5 + sqrt(33)/2)', () => {
    expectClose(fit.coefficients[0].estimate, beta, TIGHT, 'beta');
    expect(fit.nobs).toBe(6);
    expect(fit.nDropped).toBe(1);
    expect(fit.converged).toBe(true);
  });

  it('fitCox log partial likelihood and variance equal the closed forms', () => {
    expectClose(fit.logLik, truth.loglik, TIGHT, 'loglik');
    expectClose(fit.logLikNull, byHand(0).loglik, TIGHT, 'loglik at 0');
    expectClose(fit.coefficients[0].naiveStdError, Math.sqrt(1 / truth.imat), TIGHT, 'se');
  });

  it('fitCox score test at beta = 0 is U(0)^2 / I(0)', () => {
    // U(0) = (6 + 3 - 1) / (2 * 4) = 1, I(0) = 1/4 + 6/16
    expectClose(fit.scoreTest?.statistic, 1 / (1 / 4 + 6 / 16), TIGHT, 'score test');
  });

  it('fitCox martingale, score and Schoenfeld residuals equal the closed forms', () => {
    const residuals = fit.residuals;
    if (!residuals) throw new Error('no residuals');
    truth.martingale.forEach((m, i) => {
      expectClose(residuals.martingale[i], m, TIGHT, `martingale ${i}`);
    });
    truth.score.forEach((s, i) => {
      expectClose(residuals.score[0][i], s, TIGHT, `score ${i}`);
    });
    expect(residuals.schoenfeld.map((s) => s.time)).toEqual([1, 6, 6, 9]);
    // the two tied events at time 6 (x = 1 then x = 0) keep data order
    truth.schoenfeld.forEach((s, i) => {
      expectClose(residuals.schoenfeld[i].values[0], s, TIGHT, `Schoenfeld ${i}`);
    });
  });

  it('fitCox survival curve at x = 0 is exp(-cumulative Breslow hazard) with Tsiatis variance', () => {
    const curve = fit.survivalCurves?.[0].strata[0].table ?? [];
    expect(curve.map((r) => r.time)).toEqual([1, 6, 8, 9]);
    let cum = 0;
    let varG = 0;
    let d = 0;
    curve.forEach((row, i) => {
      cum += truth.haz[i];
      varG += truth.varhazG[i];
      d += (0 - truth.xbar[i]) * truth.haz[i];
      expectClose(row.cumHazard, cum, TIGHT, `cumhaz ${i}`);
      expectClose(row.surv, Math.exp(-cum), TIGHT, `surv ${i}`);
      expectClose(row.cumHazardStdErr, Math.sqrt(varG + (d * d) / truth.imat), TIGHT, `se ${i}`);
    });
  });

  it('fitCox(ties = efron) maximises the Efron likelihood of the tied deaths at time 6', () => {
    const efron = fitCox('Surv(time, status) ~ x', book1);
    const loglik = (b: number) => {
      const r = Math.exp(b);
      // risk sets: 3r + 3 at time 1; r + 3 with deaths r and 1 at time 6; 1 at time 9
      return 2 * b - Math.log(3 * r + 3) - Math.log(r + 3) - Math.log(r + 3 - (r + 1) / 2);
    };
    const score = (b: number) => {
      const r = Math.exp(b);
      return 2 - r / (r + 1) - r / (r + 3) - r / (r + 5);
    };
    const b = efron.coefficients[0].estimate as number;
    expect(Math.abs(score(b))).toBeLessThan(1e-9);
    expectClose(efron.logLik, loglik(b), TIGHT, 'Efron loglik');
    expectClose(efron.logLikNull, loglik(0), TIGHT, 'Efron loglik at 0');
    expect(efron.ties).toBe('efron');
  });
});

type Summary = {
  coef: (number | null)[];
  se: number[];
  loglik: number[];
  iter: number;
  concordance: number;
  concordanceStd: number;
  score: number;
  wald: number;
  means: number[];
  naiveSe?: number[];
  zph: number[];
};

function expectMatches(fit: CoxResult, e: Summary) {
  e.coef.forEach((b, j) => {
    expectClose(fit.coefficients[j].estimate, b, README, `coef ${j}`);
  });
  e.se.forEach((s, j) => {
    expectClose(fit.coefficients[j].stdError, s, README, `se ${j}`);
  });
  e.naiveSe?.forEach((s, j) => {
    expectClose(fit.coefficients[j].naiveStdError, s, README, `naive ${j}`);
  });
  expectClose(fit.logLikNull, e.loglik[0], README, 'loglik0');
  expectClose(fit.logLik, e.loglik[1], README, 'loglik');
  expect(fit.iterations).toBe(e.iter);
  expectClose(fit.concordance, e.concordance, README, 'concordance');
  expectClose(fit.concordanceStdError, e.concordanceStd, README, 'concordance se');
  expectClose(fit.scoreTest?.statistic, e.score, README, 'score');
  expectClose(fit.waldTest?.statisticUnrounded, e.wald, README, 'wald');
  e.means.forEach((m, j) => {
    expectClose(fit.means[j], m, README, `mean ${j}`);
  });
  e.zph.forEach((z, j) => {
    expectClose(fit.zph?.[j].chisq, z, { rtol: 1e-4, atol: 1e-10 }, `zph ${j}`);
  });
}

describe('fitCox against R coxph beyond the shared cases', () => {
  const lung = loadCsv('lung.csv');
  const heart = loadCsv('heart.csv');
  const veteran = loadCsv('veteran.csv');

  it('strata(celltype): separate baseline hazards (veteran)', () => {
    const fit = fitCox('Surv(time, status) ~ karno + age + strata(celltype)', veteran);
    expectMatches(fit, extra.coxVeteranStrata);
    expect(fit.strata).toEqual(['adeno', 'large', 'smallcell', 'squamous']);
  });

  it('robust = true without a cluster: each row its own cluster (lung)', () => {
    const fit = fitCox('Surv(time, status) ~ age + sex + ph.ecog', lung, { robust: true });
    expectMatches(fit, extra.coxLungRobust);
    expect(fit.vcovType).toBe('robust');
  });

  it('counting process with Breslow ties and strata (heart)', () => {
    const fit = fitCox('Surv(start, stop, event) ~ age + transplant + strata(surgery)', heart, {
      ties: 'breslow',
    });
    expectMatches(fit, extra.coxHeartBreslowStrata);
  });

  for (const ties of ['efron', 'breslow'] as const) {
    it(`residuals and survfit curves (${ties}, lung)`, () => {
      const e = ties === 'efron' ? extra.coxLungResiduals_efron : extra.coxLungResiduals_breslow;
      const fit = fitCox('Surv(time, status) ~ age + sex + ph.ecog', lung, {
        ties,
        residuals: true,
        survivalCurves: ['means', { age: 60, sex: 2, 'ph.ecog': 1 }] as never,
      });
      const residuals = fit.residuals;
      if (!residuals) throw new Error('no residuals');
      e.martingale.forEach((m, i) => {
        expectClose(residuals.martingale[i], m, README, `martingale ${i}`);
      });
      e.score.forEach((row, i) => {
        row.forEach((s, j) => {
          expectClose(residuals.score[j][i], s, README, `score ${i},${j}`);
        });
      });
      expect(residuals.schoenfeld.map((s) => s.time)).toEqual(e.schoenfeldTime);
      e.schoenfeld.forEach((row, i) => {
        row.forEach((s, j) => {
          expectClose(residuals.schoenfeld[i].values[j], s, README, `Schoenfeld ${i},${j}`);
        });
      });
      const curves = fit.survivalCurves ?? [];
      [e.curveMeans, e.curveProfile].forEach((expected, c) => {
        const table = curves[c].strata[0].table;
        expect(table.length).toBe(expected.length);
        expected.forEach((row, i) => {
          for (const key of [
            'time',
            'nRisk',
            'nEvent',
            'nCensor',
            'cumHazard',
            'cumHazardStdErr',
            'surv',
            'lower',
            'upper',
          ] as const) {
            expectClose(table[i][key], row[key], README, `curve ${c} row ${i} ${key}`);
          }
        });
      });
    });
  }

  it('counting-process residuals and per-stratum curves (heart)', () => {
    const e = extra.coxHeartResiduals;
    const fit = fitCox('Surv(start, stop, event) ~ age + transplant + strata(surgery)', heart, {
      residuals: true,
      survivalCurves: [{ age: 0, transplant: 1 }],
    });
    const residuals = fit.residuals;
    if (!residuals) throw new Error('no residuals');
    e.martingale.forEach((m, i) => {
      expectClose(residuals.martingale[i], m, README, `martingale ${i}`);
    });
    e.score.forEach((row, i) => {
      row.forEach((s, j) => {
        expectClose(residuals.score[j][i], s, README, `score ${i},${j}`);
      });
    });
    const strata = fit.survivalCurves?.[0].strata ?? [];
    expect(strata.map((s) => s.stratum)).toEqual(['surgery=0', 'surgery=1']);
    e.curve.forEach((expected, s) => {
      expected.forEach((row, i) => {
        for (const key of ['time', 'nRisk', 'cumHazard', 'cumHazardStdErr', 'surv'] as const) {
          expectClose(strata[s].table[i][key], row[key], README, `stratum ${s} row ${i} ${key}`);
        }
      });
    });
  });

  it('a covariate constant within every stratum is aliased (NA), as R reports it', () => {
    const cellnum = (veteran.celltype as string[]).map(
      (c) => ['adeno', 'large', 'smallcell', 'squamous'].indexOf(c) + 1,
    );
    const fit = fitCox('Surv(time, status) ~ karno + cellnum + strata(celltype)', {
      ...veteran,
      cellnum,
    });
    const e = extra.coxAliased;
    expectClose(fit.coefficients[0].estimate, e.coef[0], README, 'karno');
    expect(fit.coefficients[1].estimate).toBeNull();
    expect(fit.coefficients[1].stdError).toBeNull();
    expectClose(fit.coefficients[0].stdError, e.se[0], README, 'se karno');
    expectClose(fit.logLik, e.loglik[1], README, 'loglik');
    expect(fit.likelihoodRatioTest?.df).toBe(1);
    expect(fit.warnings.map((w) => w.code)).toContain('aliased');
  });
});

describe('fitCox on degenerate and bad input', () => {
  const base = { time: [5, 3, 8, 1, 9, 4], status: [1, 0, 1, 1, 0, 1], x: [1, 0, 2, 1, 0, 3] };

  it('fitCox requires at least one event', () => {
    expect(() => fitCox('Surv(time, status) ~ x', { ...base, status: [0, 0, 0, 0, 0, 0] })).toThrow(
      /at least one event; received 0 events in 6 rows/,
    );
  });

  it('fitCox accepts negative times and drops rows whose stop is not after start', () => {
    const shifted = fitCox('Surv(time, status) ~ x', { ...base, time: [5, 3, -8, 1, 9, 4] });
    expect(shifted.nobs).toBe(6);
    const fit = fitCox('Surv(start, time, status) ~ x', { ...base, start: [0, 0, 8, 0, 0, 0] });
    expect(fit.nobs).toBe(5);
    expect(fit.warnings.map((w) => w.code)).toContain('empty-intervals-dropped');
  });

  it('fitCox rejects event codes other than 0/1, 1/2 or logical', () => {
    expect(() => fitCox('Surv(time, status) ~ x', { ...base, status: [1, 0, 3, 1, 0, 1] })).toThrow(
      DataError,
    );
  });

  it('fitCox rejects an infinite covariate, naming the term and the data row', () => {
    expect(() => fitCox('Surv(time, status) ~ log(x)', base)).toThrow(
      /log\(x\) is -Infinity in data row 2/,
    );
  });

  it('fitCox requires a Surv response and valid options', () => {
    expect(() => fitCox('time ~ x', base)).toThrow(FormulaError);
    expect(() => fitCox('Surv(time, status) ~ x', base, { ties: 'exact' as never })).toThrow(
      InvalidArgumentError,
    );
    expect(() => fitCox('Surv(time, status) ~ x', base, { init: [1, 2] })).toThrow(
      /init of length 1/,
    );
  });

  it('fitCox runs out of iterations on a monotone likelihood as R does, without crashing', () => {
    // R: coxph gives beta 21.94155 after running out of iterations, loglik -1.791759
    const fit = fitCox('Surv(time, status) ~ x', {
      time: [1, 2, 3, 4, 5, 6],
      status: [1, 1, 1, 0, 0, 0],
      x: [1, 1, 1, 0, 0, 0],
    });
    expectClose(fit.coefficients[0].estimate, 21.94154728873219, { rtol: 1e-6, atol: 0 }, 'beta');
    expectClose(fit.logLik, -1.7917594708546147, README, 'loglik');
    expect(fit.converged).toBe(false);
    expect(fit.warnings.map((w) => w.code)).toContain('not-converged');
  });

  it('fitCox flags a coefficient whose log-likelihood converged first as possibly infinite', () => {
    // R: "Loglik converged before variable 1; coefficient may be infinite", beta 21.857145, iter 19
    const z = [
      -0.6264538107423324, 0.18364332422208224, -0.8356286124100472, 1.5952808021377916,
      0.3295077718153605, -0.8204683841180153, 0.4874290524284853, 0.7383247051292173,
      0.5757813516534923, -0.305388387156356, 1.511781168450848, 0.3898432364114311,
      -0.6212405805418038, -2.2146998871775, 1.1249309181431082, -0.04493360901523085,
      -0.016190263098946087, 0.9438362106852992, 0.8212211950980886, 0.5939013212175088,
      0.9189773716082182, 0.7821363007310671, 0.0745649833651906, -1.9893516958633728,
      0.6198257478947102, -0.056128739529000785, -0.1557955067053293, -1.4707523838992744,
      -0.47815005510862035, 0.4179415601997024, 1.358679551529044, -0.10278772734299552,
      0.38767161155936913, -0.05380504058290512, -1.3770595568286066, -0.41499456329967976,
      -0.3942899537103493, -0.05931339671118566, 1.100025371983883, 0.7631757484575442,
    ];
    const time = z.map((_, i) => i + 1);
    const x = z.map((_, i) => (i < 20 ? 1 : 0));
    const fit = fitCox('Surv(time, status) ~ x + z', { time, status: time.map(() => 1), x, z });
    expectClose(fit.coefficients[0].estimate, 21.857145, { rtol: 1e-6, atol: 0 }, 'beta x');
    expectClose(fit.logLik, -84.00749, { rtol: 1e-6, atol: 0 }, 'loglik');
    expect(fit.iterations).toBe(19);
    expect(fit.converged).toBe(true);
    expect(fit.warnings.find((w) => w.code === 'infinite-coefficient')?.subjects).toEqual(['x']);
  });

  it('fitCox with maxIter = 1 stops early and says it did not converge', () => {
    const fit = fitCox('Surv(time, status) ~ age', loadCsv('lung.csv'), { maxIter: 1 });
    expect(fit.converged).toBe(false);
    expect(fit.iterations).toBe(1);
    expect(fit.warnings.map((w) => w.code)).toContain('not-converged');
  });

  it('fitCox with a group of a single subject still fits', () => {
    const fit = fitCox('Surv(time, status) ~ g', { ...base, g: ['a', 'a', 'b', 'a', 'a', 'a'] });
    expect(fit.coefficients[0].term).toBe('gb');
    expect(Number.isFinite(fit.coefficients[0].estimate as number)).toBe(true);
  });
});

describe('fitCox without covariates and with ignored clusters', () => {
  it('fitCox(Surv ~ 1) gives the null log-likelihood and the Efron baseline curve (R: coxph, survfit)', () => {
    const fit = fitCox('Surv(time, status) ~ 1', loadCsv('lung.csv'), { survivalCurves: 'means' });
    // R: coxph(Surv(time, status) ~ 1)$loglik = -749.9098; survfit: cumhaz 0.004385965,
    // 0.017660474 and std.err 0.004385965, 0.008830345 at times 5 and 11
    expectClose(fit.logLik, -749.9098013903947, README, 'loglik');
    expect(fit.coefficients).toEqual([]);
    expect(fit.likelihoodRatioTest).toBeNull();
    const table = fit.survivalCurves?.[0].strata[0].table ?? [];
    expectClose(table[0].cumHazard, 0.004385965, { rtol: 1e-6, atol: 0 }, 'cumhaz 5');
    expectClose(table[1].cumHazard, 0.017660474, { rtol: 1e-6, atol: 0 }, 'cumhaz 11');
    expectClose(table[1].cumHazardStdErr, 0.008830345, { rtol: 1e-6, atol: 0 }, 'se 11');
  });

  it('fitCox with an offset: coefficients and survfit curves at the mean offset and at a profile (R)', () => {
    const fit = fitCox('Surv(time, status) ~ age + offset(0.01 * ph.karno)', loadCsv('lung.csv'), {
      survivalCurves: ['means', { age: 60, 'ph.karno': 80 }] as never,
    });
    // R: coef 0.02230642223, loglik -750.2087474 -747.2486323; survfit row 2: cumhaz, std.err
    const R = { rtol: 1e-8, atol: 0 };
    expectClose(fit.coefficients[0].estimate, 0.02230642223, R, 'age');
    expectClose(fit.logLik, -747.2486323, R, 'loglik');
    const [means, profile] = (fit.survivalCurves ?? []).map((c) => c.strata[0].table[1]);
    expectClose(means.cumHazard, 0.017374051047, R, 'cumhaz at means');
    expectClose(means.cumHazardStdErr, 0.008690613996, R, 'se at means');
    expectClose(profile.cumHazard, 0.01613447875, R, 'cumhaz at profile');
    expectClose(profile.cumHazardStdErr, 0.00808920825, R, 'se at profile');
  });

  it('fitCox with a cluster and robust = false ignores the cluster and says so, as coxph', () => {
    const fit = fitCox('Surv(time, status) ~ age', loadCsv('lung.csv'), {
      cluster: 'inst',
      robust: false,
    });
    expect(fit.vcovType).toBe('classical');
    expect(fit.warnings.map((w) => w.code)).toContain('cluster-ignored');
    expect(fit.coefficients[0].stdError).toBe(fit.coefficients[0].naiveStdError);
  });
});

describe('fitCox recovers simulated hazard ratios', () => {
  it('exponential hazards with beta = (0.5, -0.7) and 30% censoring land within 4 standard errors', () => {
    const random = createRandom(20240611);
    const n = 4000;
    const x1: number[] = [];
    const x2: number[] = [];
    const time: number[] = [];
    const status: number[] = [];
    for (let i = 0; i < n; i++) {
      const a = random.normal();
      const b = random.uniform() < 0.5 ? 1 : 0;
      const rate = 0.1 * Math.exp(0.5 * a - 0.7 * b);
      const t = -Math.log(1 - random.uniform()) / rate;
      const c = -Math.log(1 - random.uniform()) / 0.04;
      x1.push(a);
      x2.push(b);
      time.push(Math.min(t, c));
      status.push(t <= c ? 1 : 0);
    }
    const fit = fitCox('Surv(time, status) ~ x1 + x2', { time, status, x1, x2 });
    const [b1, b2] = fit.coefficients;
    expect(Math.abs((b1.estimate as number) - 0.5)).toBeLessThan(4 * (b1.stdError as number));
    expect(Math.abs((b2.estimate as number) + 0.7)).toBeLessThan(4 * (b2.stdError as number));
    expect(fit.zph?.at(-1)?.pValue).toBeGreaterThan(1e-4);
  });
});

describe('fitCox: interval coverage', () => {
  it('fitCox 95% hazard-ratio intervals cover the true ratio about 95% of the time (Efron, tied times)', () => {
    // Weibull times with hazard ratio exp(0.6) per unit of x, rounded up to whole days (ties),
    // uniform censoring; the truth does not come from the fitted model's own machinery.
    const random = createRandom(20261205);
    const beta = 0.6;
    const reps = 200;
    let covered = 0;
    let coveredLog = 0;
    for (let rep = 0; rep < reps; rep++) {
      const time: number[] = [];
      const status: number[] = [];
      const x: number[] = [];
      for (let i = 0; i < 150; i++) {
        const a = random.normal();
        const t = Math.ceil(
          30 * (-Math.log(1 - random.uniform()) / Math.exp(beta * a)) ** (1 / 1.5),
        );
        const c = random.uniformIn(5, 60);
        time.push(Math.min(t, c));
        status.push(t <= c ? 1 : 0);
        x.push(a);
      }
      const [c] = fitCox(
        'Surv(time, status) ~ x',
        { time, status, x },
        { zph: false },
      ).coefficients;
      const truth = Math.exp(beta);
      if ((c.hazardRatioLower as number) <= truth && truth <= (c.hazardRatioUpper as number))
        covered++;
      if ((c.lower as number) <= beta && beta <= (c.upper as number)) coveredLog++;
    }
    // the two intervals are the same event on two scales; binomial sd at 0.95 with 200 is 0.015
    expect(coveredLog).toBe(covered);
    expect(covered / reps).toBeGreaterThan(0.9);
    expect(covered / reps).toBeLessThan(0.99);
  });
});
