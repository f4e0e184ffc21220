import { describe, expect, it } from 'vitest';
import { type CoxResult, fitCox } from '../../src/index.ts';
import r from '../fixtures/cox-strata-interaction.json' with { type: 'json' };
import { expectClose, loadCsv } from '../helpers.ts';

const TOL = { rtol: 1e-8, atol: 1e-12 };
const lung = loadCsv('lung.csv');

function compare(fit: CoxResult, e: (typeof r)['main']): void {
  expect(fit.coefficients.map((c) => c.term)).toEqual(e.term);
  fit.coefficients.forEach((c, j) => {
    expectClose(c.estimate, e.estimate[j], TOL, `estimate ${c.term}`);
    expectClose(c.stdError, e.stdError[j], TOL, `se ${c.term}`);
  });
  expectClose(fit.logLikNull, e.loglik[0], TOL, 'loglik null');
  expectClose(fit.logLik, e.loglik[1], TOL, 'loglik');
}

describe('fitCox with x:strata(g) terms (a slope per stratum, coxph names)', () => {
  it('fitCox(ph.ecog + age:strata(sex) + strata(sex)) matches coxph: age:strata(sex)sex=1 and sex=2', () => {
    compare(fitCox('Surv(time, status) ~ ph.ecog + age:strata(sex) + strata(sex)', lung), r.noMain);
  });

  it('fitCox(age + age:strata(sex) + strata(sex)) keeps the main effect and the difference for sex=2', () => {
    compare(fitCox('Surv(time, status) ~ age + age:strata(sex) + strata(sex)', lung), r.main);
  });

  it('fitCox(age:strata(sex)) stratifies by sex as coxph does', () => {
    const fit = fitCox('Surv(time, status) ~ age:strata(sex)', lung);
    expect(fit.formula).toBe('Surv(time, status) ~ age:strata(sex)');
    compare(fit, r.implicit);
  });
});
