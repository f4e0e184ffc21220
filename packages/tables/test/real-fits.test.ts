/**
 * Tables of real Muster fits of different kinds: a multilevel probit (fitGlmer, checked here
 * against lme4::glmer) beside a Cauchy-prior logit (fitBayesGlm), terms unioned, each model's
 * method and covariance named.
 */
import { readFileSync } from 'node:fs';
import { readCsv } from '@muster/formula';
import { fitBayesGlm } from '@muster/glm';
import { fitGlmer } from '@muster/mixed';
import { beforeAll, describe, expect, it } from 'vitest';
import { type RegressionTable, regressionTable } from '../src/index.ts';
import { expectClose, fixtureJson } from './helpers.ts';

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
