/**
 * Tables of real Muster fits of different kinds: a multilevel probit (fitGlmer, checked here
 * against lme4::glmer) beside a Cauchy-prior logit (fitBayesGlm), terms unioned, each model's
 * method and covariance named.
 */
import { readFileSync } from 'node:fs';
import { readCsv } from '@muster/formula';
import { fitBayesGlm, fitGlm } from '@muster/glm';
import { fitGlmer } from '@muster/mixed';
import { fitAft, fitCox } from '@muster/survival';
import { beforeAll, describe, expect, it } from 'vitest';
import { type RegressionTable, regressionTable } from '../src/index.ts';
import { expectClose, fixtureJson, fixtureText } from './helpers.ts';

const glmerCase = fixtureJson<{
  formula: string;
  expected: {
    coefficients: { term: string; estimate: number; stdError: number }[];
    logLik: number;
    aic: number;
    bic: number;
    nobs: number;
    nGroups: { war: number };
  };
}>('glmer-panel-probit.json');

let table: RegressionTable;
beforeAll(async () => {
  const panel = readCsv(readFileSync(new URL('./fixtures/panel.csv', import.meta.url), 'utf8'));
  const glmer = await fitGlmer(glmerCase.formula, panel, { family: 'binomial', link: 'probit' });
  const bayes = await fitBayesGlm('deserted ~ x', panel, {});
  table = regressionTable([glmer, bayes], { modelNames: ['Multilevel probit', 'Cauchy prior'] });
});

describe('regressionTable of real fits of two kinds', () => {
  it('regressionTable([glmer, bayesglm]) shows the union of terms with glmer estimates as lme4 (1e-4)', () => {
    expect(table.terms.map((t) => t.label)).toEqual(['(Intercept)', 'x', 'z']);
    expect(table.terms[2].values[1]).toBe(null);
    glmerCase.expected.coefficients.forEach((expected, j) => {
      // fitGlmer's Laplace optimum agrees with lme4 to about 1e-5 relative (its own tests).
      expectClose(
        table.terms[j].values[0]!.estimate,
        expected.estimate,
        { rtol: 1e-4 },
        expected.term,
      );
      expectClose(
        table.terms[j].values[0]!.stdError,
        expected.stdError,
        { rtol: 1e-3 },
        expected.term,
      );
    });
  });

  it('regressionTable([glmer, bayesglm]) takes N, groups, logLik, AIC and BIC from each fit', () => {
    const gof = Object.fromEntries(table.gof.map((row) => [row.statistic, row.values]));
    expect(gof.nobs).toEqual([glmerCase.expected.nobs, glmerCase.expected.nobs]);
    expect(gof.nClusters).toEqual([glmerCase.expected.nGroups.war, null]);
    for (const key of ['logLik', 'aic', 'bic'] as const)
      expectClose(gof[key][0], glmerCase.expected[key], { rtol: 1e-6 }, key);
    // McFadden only for maximum-likelihood glms: neither model has it.
    expect(gof.r2McFadden).toBeUndefined();
    const cells = (label: string) => table.rows.find((r) => r.label === label)?.cells;
    expect(cells('Model')).toEqual(['glmer binomial(probit)', 'binomial(logit)']);
    expect(cells('Method')).toEqual(['laplace', 'bayes-cauchy']);
    expect(cells('Covariance')).toEqual(['hessian', 'posterior']);
  });
});

describe('regressionTable of a glm beside a Cox model', () => {
  it('regressionTable([glm, cox]) unions the terms, leaves blanks, and shows the Cox fit as R (1e-6)', async () => {
    const lyall = readCsv(fixtureText('lyall_synthetic.csv'));
    const lung = readCsv(fixtureText('lung.csv'));
    const logit = await fitGlm('mass_desertion ~ inequality', lyall, { family: 'binomial' });
    const cox = await fitCox('Surv(time, status) ~ age + sex + ph.ecog', lung, { ties: 'efron' });
    const mixed = regressionTable([logit, cox], { exponentiate: true });
    expect(mixed.terms.map((t) => t.label)).toEqual([
      '(Intercept)',
      'inequality',
      'age',
      'sex',
      'ph.ecog',
    ]);
    const cells = (label: string) => mixed.rows.find((r) => r.label === label)?.cells;
    expect(cells('inequality')?.[1]).toBe('');
    expect(cells('age')?.[0]).toBe('');
    // R: coxph(Surv(time, status) ~ age + sex + ph.ecog, lung): exp(coef) of age 1.01112822772252,
    // logLik -729.230121374862 on 3 df, 164 events of 227; AIC = 2 * 3 - 2 logLik, BIC with log(164).
    expectClose(mixed.terms[2].values[1]!.estimate, 1.01112822772252, { rtol: 1e-6 }, 'age HR');
    const gof = Object.fromEntries(mixed.gof.map((row) => [row.statistic, row.values[1]]));
    expect([gof.nobs, gof.nEvents]).toEqual([227, 164]);
    expectClose(gof.logLik, -729.230121374862, { rtol: 1e-6 }, 'logLik');
    expectClose(gof.aic, 6 + 2 * 729.230121374862, { rtol: 1e-6 }, 'AIC');
    expectClose(gof.bic, 3 * Math.log(164) + 2 * 729.230121374862, { rtol: 1e-6 }, 'BIC');
    expect(gof.r2McFadden).toBe(null);
    expect(cells('Model')).toEqual(['binomial(logit)', 'cox']);
  });
});

describe('regressionTable of a Firth logit beside an AFT model', () => {
  it('regressionTable([firth, aft]) names each method and leaves McFadden R² to ML glms', async () => {
    const lyall = readCsv(fixtureText('lyall_synthetic.csv'));
    const lung = readCsv(fixtureText('lung.csv'));
    const firth = await fitGlm('mass_desertion ~ inequality', lyall, {
      family: 'binomial',
      firth: true,
    });
    const aft = await fitAft('Surv(time, status) ~ age + sex', lung, { dist: 'weibull' });
    const table = regressionTable([firth, aft]);
    const cells = (label: string) => table.rows.find((r) => r.label === label)?.cells;
    expect(cells('Model')).toEqual(['binomial(logit)', 'aft weibull']);
    expect(cells('Method')).toEqual(['firth', 'ml']);
    expect(table.terms.map((t) => t.label)).toEqual([
      '(Intercept)',
      'inequality',
      'age',
      'sex',
      'Log(scale)',
    ]);
    expect(table.gof.some((row) => row.statistic === 'r2McFadden')).toBe(false);
    expect(cells('N')).toEqual(['377', '228']);
  });
});
