import { describe, expect, it } from 'vitest';
import { type CoxResult, fitCox, logRank } from '../../src/index.ts';
import r from '../fixtures/cox-weights-residuals.json' with { type: 'json' };
import { expectClose, loadCsv } from '../helpers.ts';

// Newton-Raphson converges to tolerance = 1e-9 in the log-likelihood, as coxph: coefficients agree to
// about 1e-8 relative; residuals are functions of them
const FIT = { rtol: 1e-7, atol: 1e-10 };

const lung = loadCsv('lung-weights.csv');
const heart = loadCsv('heart.csv');
const FORMULA = 'Surv(time, status) ~ age + sex + ph.ecog';

interface Summary {
  coef: number[] | number;
  se: number[] | number;
  naiveSe?: number[] | number;
  loglik: number[];
  score: number;
  wald: number;
  concordance: number;
  nevent: number;
}
const list = (x: number[] | number) => (Array.isArray(x) ? x : [x]);

function expectFit(fit: CoxResult, expected: Summary, label: string): void {
  const coef = list(expected.coef);
  const se = list(expected.se);
  fit.coefficients.forEach((c, j) => {
    expectClose(c.estimate, coef[j], FIT, `${label} coef ${c.term}`);
    expectClose(c.stdError, se[j], FIT, `${label} se ${c.term}`);
    if (expected.naiveSe) {
      expectClose(c.naiveStdError, list(expected.naiveSe)[j], FIT, `${label} naive ${c.term}`);
    }
  });
  expectClose(fit.logLikNull, expected.loglik[0], FIT, `${label} loglik0`);
  expectClose(fit.logLik, expected.loglik[1], FIT, `${label} loglik`);
  expectClose(fit.scoreTest?.statistic, expected.score, FIT, `${label} score`);
  expectClose(fit.waldTest?.statisticUnrounded, expected.wald, FIT, `${label} wald`);
  expectClose(fit.concordance, expected.concordance, FIT, `${label} concordance`);
  expect(fit.nEvents, `${label} nEvents`).toBe(expected.nevent);
}

function expectColumns(
  actual: (number | null)[][],
  expected: number[] | number[][],
  label: string,
): void {
  const columns = Array.isArray(expected[0]) ? (expected as number[][]) : [expected as number[]];
  for (const [j, column] of columns.entries()) {
    for (const [i, v] of column.entries()) {
      expectClose(actual[j][i], v, FIT, `${label}[${i + 1}, ${j + 1}]`);
    }
  }
}

describe('fitCox case weights against coxph(weights = )', () => {
  it('fitCox with integer weights matches coxph (model-based variance)', () => {
    const fit = fitCox(FORMULA, lung, { weights: 'w' });
    expect(fit.vcovType).toBe('classical');
    expectFit(fit, r.integerWeights, 'integer weights');
  });

  it('fitCox with non-integer weights makes the variance robust, as coxph', () => {
    const fit = fitCox(FORMULA, lung, { weights: 'fw' });
    expect(fit.vcovType).toBe('robust');
    expectFit(fit, r.fractionalWeights, 'fractional weights');
  });

  it('fitCox with weights, Breslow ties and a cluster matches coxph', () => {
    const fit = fitCox(FORMULA, lung, { weights: 'w', ties: 'breslow', cluster: 'unit' });
    expect(fit.vcovType).toBe('cluster');
    expectFit(fit, r.weightsCluster, 'weights cluster');
  });

  it('fitCox refuses weights that are not positive and unknown options', () => {
    const data = { ...lung, w: lung.w.map((w, i) => (i === 4 ? 0 : w)) };
    expect(() => fitCox(FORMULA, data, { weights: 'w' })).toThrow(
      /finite positive numeric weights; column 'w' data row 5 is 0/,
    );
    expect(() => fitCox(FORMULA, lung, { weight: 'w' } as never)).toThrow(
      /fitCox does not know the option 'weight' \(did you mean 'weights'\?\)/,
    );
  });
});

describe('fitCox residuals against residuals.coxph', () => {
  it('fitCox returns martingale, deviance, score, dfbeta and dfbetas residuals', () => {
    const res = fitCox(FORMULA, lung, { residuals: true }).residuals;
    if (!res) throw new Error('no residuals');
    expectColumns([res.martingale], r.residuals.martingale, 'martingale');
    expectColumns([res.deviance], r.residuals.deviance, 'deviance');
    expectColumns(res.score, r.residuals.score, 'score');
    expectColumns(res.dfbeta, r.residuals.dfbeta, 'dfbeta');
    expectColumns(res.dfbetas, r.residuals.dfbetas, 'dfbetas');
  });

  it('fitCox dfbeta of a robust fit uses the model-based variance, as residuals.coxph', () => {
    const res = fitCox(FORMULA, lung, { residuals: true, robust: true }).residuals;
    if (!res) throw new Error('no residuals');
    expectColumns(res.dfbeta, r.robustResiduals.dfbeta, 'robust dfbeta');
    expectColumns(res.dfbetas, r.robustResiduals.dfbetas, 'robust dfbetas');
  });

  it('fitCox weighted dfbeta residuals carry the case weight', () => {
    const res = fitCox(FORMULA, lung, { residuals: true, weights: 'w' }).residuals;
    if (!res) throw new Error('no residuals');
    expectColumns([res.martingale], r.integerWeights.residuals.martingale, 'weighted martingale');
    expectColumns(res.dfbeta, r.integerWeights.residuals.dfbeta, 'weighted dfbeta');
  });
});

describe('fitCox robust variance on counting-process data', () => {
  it('fitCox refuses robust = true on (start, stop] data without a cluster, as coxph', () => {
    expect(r.robustCounting).toMatch(/one of cluster or id is needed/);
    expect(() =>
      fitCox('Surv(start, stop, event) ~ age + transplant', heart, { robust: true }),
    ).toThrow(/requires a cluster for robust = true on counting-process data/);
  });

  it('fitCox clusters counting-process rows by subject with cluster(id)', () => {
    const fit = fitCox('Surv(start, stop, event) ~ age + transplant + cluster(id)', heart);
    expectFit(fit, r.countingCluster, 'counting cluster');
  });
});

describe('fitCox and logRank accept what R accepts', () => {
  it('fitCox accepts negative times (only their order matters)', () => {
    const shifted = { ...lung, time: lung.time.map((t) => (t as number) - 400) };
    expectFit(fitCox('Surv(time, status) ~ age + sex', shifted), r.negativeTimes, 'negative');
  });

  it('logRank accepts negative times', () => {
    const shifted = { ...lung, time: lung.time.map((t) => (t as number) - 400) };
    const test = logRank('Surv(time, status) ~ sex', shifted);
    expectClose(test.chisq, r.logrankNegative.chisq, FIT, 'chisq');
    test.groups.forEach((g, i) => {
      expectClose(g.observed, r.logrankNegative.observed[i], FIT, 'observed');
      expectClose(g.expected, r.logrankNegative.expected[i], FIT, 'expected');
    });
  });

  it('fitCox drops empty (start, stop] intervals with a warning naming the data rows', () => {
    const fit = fitCox('Surv(start, stop, event) ~ age', loadCsv('heart-empty-intervals.csv'));
    expectFit(fit, r.emptyIntervals, 'empty intervals');
    expect(fit.nobs).toBe(r.emptyIntervals.n);
    expect(fit.warnings.find((w) => w.code === 'empty-intervals-dropped')?.message).toMatch(
      /data row\(s\) 3, 10$/,
    );
  });
});

describe('fitCox formula constructs', () => {
  it('fitCox fits strata(g) + x:g as coxph fits x:strata(g) (one coefficient per stratum)', () => {
    const data = { ...lung, sexf: lung.sex.map((s) => (s === 1 ? 'a' : 'b')) };
    const fit = fitCox('Surv(time, status) ~ age + strata(sexf) + ph.ecog:sexf', data);
    expect(fit.coefficients.map((c) => c.term)).toEqual(['age', 'ph.ecog:sexfa', 'ph.ecog:sexfb']);
    expectFit(fit, r.strataInteraction, 'strata interaction');
  });

  it('fitCox reads Surv(time, status == 1) as coxph does', () => {
    const fit = fitCox('Surv(time, status == 1) ~ age + sex', lung);
    fit.coefficients.forEach((c, j) => {
      expectClose(c.estimate, r.survComparison.coef[j], FIT, c.term);
    });
    expectClose(fit.logLik, r.survComparison.loglik[1], FIT, 'loglik');
  });

  it('fitCox refuses frailty(), tt() and x:strata(g), naming the supported alternative', () => {
    expect(() => fitCox('Surv(time, status) ~ age + frailty(unit)', lung)).toThrow(
      /does not fit shared frailty terms such as frailty\(unit\); for soldiers clustered in units use cluster\(unit\)/,
    );
    expect(() => fitCox('Surv(time, status) ~ age + tt(age)', lung)).toThrow(
      /needs the tt option for time-transform terms tt\(x\)/,
    );
    expect(() => logRank('Surv(time, status) ~ ph.ecog:strata(sex)', lung)).toThrow(
      /write strata\(g\) \+ x:g/,
    );
    expect(() => logRank('Surv(time, status) ~ sex + frailty(unit)', lung)).toThrow(
      /cluster\(unit\)/,
    );
  });
});

describe('fitCox cox.zph transforms and scaled Schoenfeld residuals against cox.zph', () => {
  const ZPH = { rtol: 1e-6, atol: 1e-9 };
  for (const transform of ['rank', 'identity', 'log', 'km'] as const) {
    it(`fitCox zphTransform '${transform}' matches cox.zph(fit, '${transform}', terms = FALSE)`, () => {
      const expected = r.zph[transform];
      const fit = fitCox(FORMULA, lung, { zphTransform: transform, zphResiduals: true });
      expect(fit.zphTransform).toBe(transform);
      fit.zph?.forEach((row, j) => {
        expectClose(row.chisq, expected.chisq[j], ZPH, row.term);
      });
      const res = fit.zphResiduals;
      if (!res) throw new Error('no zph residuals');
      res.x.forEach((x, i) => {
        expectClose(x, expected.x[i], ZPH, `x ${i}`);
      });
      res.time.forEach((t, i) => {
        expectClose(t, expected.time[i], ZPH, `time ${i}`);
      });
      expectColumns(res.y, expected.y, `${transform} y`);
    });
  }

  it('fitCox scaled Schoenfeld residuals of a stratified model match cox.zph', () => {
    const expected = r.zph.strataRank;
    const fit = fitCox('Surv(time, status) ~ age + ph.ecog + strata(sex)', lung, {
      zphTransform: 'rank',
      zphResiduals: true,
    });
    fit.zph?.forEach((row, j) => {
      expectClose(row.chisq, expected.chisq[j], ZPH, row.term);
    });
    const res = fit.zphResiduals;
    if (!res) throw new Error('no zph residuals');
    res.x.forEach((x, i) => {
      expectClose(x, expected.x[i], ZPH, `x ${i}`);
    });
    expectColumns(res.y, expected.y, 'strata y');
  });
});
