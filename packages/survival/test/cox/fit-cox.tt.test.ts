import { FormulaError, InvalidArgumentError } from '@muster/core';
import { describe, expect, it } from 'vitest';
import { type CoxResult, fitCox } from '../../src/index.ts';
import r from '../fixtures/cox-tt.json' with { type: 'json' };
import { expectClose, loadCsv } from '../helpers.ts';

const TOL = { rtol: 1e-8, atol: 1e-12 };
const lung = loadCsv('lung.csv');

function compare(fit: CoxResult, e: (typeof r)['logTime']): void {
  expect(fit.coefficients.map((c) => c.term)).toEqual(e.term);
  fit.coefficients.forEach((c, j) => {
    expectClose(c.estimate, e.estimate[j], TOL, `estimate ${c.term}`);
    expectClose(c.stdError, e.stdError[j], TOL, `se ${c.term}`);
  });
  expectClose(fit.logLikNull, e.loglik[0], TOL, 'loglik null');
  expectClose(fit.logLik, e.loglik[1], TOL, 'loglik');
  expect(fit.nobs).toBe(e.n);
  expect(fit.nEvents).toBe(e.nevent);
  expectClose(fit.likelihoodRatioTest?.statistic ?? Number.NaN, e.logtest, TOL, 'LR test');
  expectClose(fit.scoreTest?.statistic ?? Number.NaN, e.sctest, TOL, 'score test');
  expect(fit.waldTest?.statistic).toBe(e.waldtest);
  expectClose(fit.concordance, e.concordance, TOL, 'concordance');
  expectClose(fit.concordanceStdError, e.concordanceStd, TOL, 'concordance se');
}

describe('fitCox with tt() time-transform terms (coxph tt =)', () => {
  it('fitCox(tt: (x, t) => x * Math.log(t)) matches coxph(Surv(time, status) ~ ph.ecog + tt(age), tt = function(x, t, ...) x * log(t))', () => {
    const fit = fitCox('Surv(time, status) ~ ph.ecog + tt(age)', lung, {
      tt: (x, t) => x * Math.log(t),
    });
    expect(fit.zph).toBeNull();
    compare(fit, r.logTime);
  });

  it('fitCox with tt() and strata(sex) matches coxph', () => {
    const fit = fitCox('Surv(time, status) ~ ph.ecog + tt(age) + strata(sex)', lung, {
      tt: (x, t) => x * Math.log(t),
    });
    expect(fit.strata).toEqual(['sex=1', 'sex=2']);
    compare(fit, r.strata);
  });

  it('fitCox with one transform per tt() term and Breslow ties matches coxph(tt = list(...))', () => {
    const fit = fitCox('Surv(time, status) ~ tt(age) + tt(ph.ecog)', lung, {
      ties: 'breslow',
      tt: [(x, t) => x * Math.log(t), (x, t) => (x * Math.min(t, 365)) / 365],
    });
    compare(fit, r.breslow);
  });

  it('fitCox refuses tt() without the tt option, and residuals with it', () => {
    expect(() => fitCox('Surv(time, status) ~ tt(age)', lung)).toThrow(FormulaError);
    expect(() => fitCox('Surv(time, status) ~ tt(age)', lung)).toThrow(/needs the tt option/);
    expect(() =>
      fitCox('Surv(time, status) ~ tt(age)', lung, { tt: (x) => x, residuals: true }),
    ).toThrow(InvalidArgumentError);
    expect(() =>
      fitCox('Surv(time, status) ~ tt(age) + tt(sex)', lung, { tt: [(x) => x] }),
    ).toThrow(/one function per tt\(\) term \(2\)/);
  });
});
