/** Layout of regressionTable on small fits with the shared result fields. */
import { InvalidArgumentError } from '@muster/core';
import { describe, expect, it } from 'vitest';
import { regressionTable } from '../src/index.ts';
import { baseFit, expectClose, row } from './helpers.ts';

const logit = baseFit({
  family: 'binomial',
  link: 'logit',
  coefficients: [row('(Intercept)', -2, 0.5), row('inequality', 1.5, 0.5), row('age', 0.02, 0.01)],
  nobs: 200,
  nEvents: 40,
  logLik: -90,
  aic: 186,
  bic: 195.9,
  deviance: 180,
  nullDeviance: 200,
});
const cox = baseFit({
  kind: 'cox',
  method: 'partial-likelihood',
  vcovType: 'robust',
  coefficients: [row('age', 0.03, 0.01), row('sex', -0.5, 0.2)],
  nobs: 228,
  nEvents: 165,
  nClusters: 228,
  logLik: -740.5,
  aic: 1485,
  bic: 1491.9,
});

const cells = (table: ReturnType<typeof regressionTable>, label: string) =>
  table.rows.find((r) => r.label === label)?.cells;

describe('regressionTable', () => {
  it('regressionTable([glm, cox]) takes the union of terms and leaves cells blank where a model lacks a term', () => {
    const table = regressionTable([logit, cox]);
    expect(table.models).toEqual(['(1)', '(2)']);
    expect(table.terms.map((t) => t.label)).toEqual(['(Intercept)', 'inequality', 'age', 'sex']);
    expect(cells(table, 'sex')).toEqual(['', '-0.5']);
    expect(cells(table, 'age')).toEqual(['0.02', '0.03']);
    expect(cells(table, 'Events')).toEqual(['40', '165']);
    expect(cells(table, 'Deviance')).toEqual(['180.0', '']);
    expect(cells(table, 'Model')).toEqual(['binomial(logit)', 'cox']);
    expect(cells(table, 'Method')).toEqual(['ml', 'partial-likelihood']);
    expect(cells(table, 'Covariance')).toEqual(['classical', 'robust']);
    // McFadden only for the likelihood glm: 1 - (-90) / (-90 - (200 - 180) / 2) = 0.1.
    expectClose(table.gof.find((g) => g.statistic === 'r2McFadden')!.values[0], 0.1, {
      rtol: 1e-12,
    });
    expect(cells(table, 'McFadden R²')).toEqual(['0.100', '']);
  });

  it('regressionTable(fits, { coefMap }) relabels, orders and drops terms, and joins two terms under one label', () => {
    const table = regressionTable([logit, cox], {
      coefMap: [
        ['sex', 'Male'],
        ['inequality', 'Inequality'],
        ['age', 'Age (years)'],
      ],
    });
    expect(table.terms.map((t) => t.label)).toEqual(['Male', 'Inequality', 'Age (years)']);
    expect(table.rows.filter((r) => r.section === 'estimate').map((r) => r.label)).toEqual([
      'Male',
      'Inequality',
      'Age (years)',
    ]);
    const joined = regressionTable([logit, cox], {
      coefMap: { inequality: 'Exposure', sex: 'Exposure' },
    });
    expect(joined.terms).toHaveLength(1);
    expect(joined.terms[0].terms).toEqual(['inequality', 'sex']);
    expect(cells(joined, 'Exposure')).toEqual(['1.5', '-0.5']);
  });

  it('regressionTable(fits, { coefMap }) refuses two terms of one model under one label', () => {
    expect(() => regressionTable([logit], { coefMap: { inequality: 'x', age: 'x' } })).toThrowError(
      "regressionTable requires at most one term per label in each model; model 1 has 'inequality' and 'age' under 'x'",
    );
  });

  it('regressionTable(fits) shows no stars by default; stars: true and custom thresholds add them', () => {
    // p of inequality: z = 3 -> 0.0027; of age: z = 2 -> 0.0455; intercept z = -4 -> 6.3e-5.
    expect(cells(regressionTable([logit]), 'inequality')).toEqual(['1.5']);
    const starred = regressionTable([logit], { stars: true });
    expect(cells(starred, '(Intercept)')).toEqual(['-2***']);
    expect(cells(starred, 'inequality')).toEqual(['1.5**']);
    expect(cells(starred, 'age')).toEqual(['0.02*']);
    expect(starred.notes).toContain('* p < 0.05, ** p < 0.01, *** p < 0.001');
    const custom = regressionTable([logit], { stars: { '+': 0.1, '†': 0.01 } });
    expect(cells(custom, 'inequality')).toEqual(['1.5†']);
    expect(cells(custom, 'age')).toEqual(['0.02+']);
  });

  it('regressionTable(fits, { uncertainty }) puts the interval, statistic, p-value or nothing beneath', () => {
    const beneath = (uncertainty: 'confInt' | 'statistic' | 'pValue') => {
      const table = regressionTable([logit], { uncertainty });
      return table.rows[table.rows.findIndex((r) => r.label === 'inequality') + 1].cells[0];
    };
    expect(beneath('confInt')).toBe('[0.52, 2.48]');
    expect(beneath('statistic')).toBe('(3)');
    expect(beneath('pValue')).toBe('(0.0027)');
    const none = regressionTable([logit], { uncertainty: 'none' });
    expect(none.rows.some((r) => r.section === 'uncertainty')).toBe(false);
    expect(regressionTable([logit], { uncertainty: 'confInt' }).notes[0]).toBe(
      '95% confidence intervals in brackets',
    );
  });

  it('regressionTable(fits, { digits, gof }) formats each statistic with its own digits and keeps the rows asked for', () => {
    const table = regressionTable([logit], {
      digits: { estimate: 2, stdError: 4, likelihood: 2 },
      gof: ['logLik', 'nobs'],
    });
    expect(cells(table, 'age')).toEqual(['0.02']);
    expect(table.gof.map((g) => g.statistic)).toEqual(['logLik', 'nobs']);
    expect(cells(table, 'Log-likelihood')).toEqual(['-90.00']);
    expect(
      regressionTable([logit], { methodRows: false }).rows.some((r) => r.section === 'method'),
    ).toBe(false);
  });

  it('regressionTable(fits, { exponentiate: [true, false] }) exponentiates the named models only and says so', () => {
    const table = regressionTable([logit, cox], { exponentiate: [true, false] });
    expectClose(table.terms[1].values[0]!.estimate, Math.exp(1.5), { rtol: 1e-14 });
    expectClose(table.terms[1].values[0]!.stdError, Math.exp(1.5) * 0.5, { rtol: 1e-14 });
    expect(table.terms[2].values[1]!.estimate).toBe(0.03);
    expect(table.notes.some((n) => n.startsWith('Exponentiated coefficients in (1) (odds'))).toBe(
      true,
    );
  });

  it('regressionTable shows an aliased coefficient as NA and Tjur R² omitted with its reason', () => {
    const aliased = baseFit({
      family: 'binomial',
      coefficients: [
        row('x', 1, 0.5),
        {
          term: 'z',
          estimate: null,
          stdError: null,
          statistic: null,
          pValue: null,
          lower: null,
          upper: null,
        },
      ],
    });
    const table = regressionTable([aliased], { gof: ['nobs', 'r2Tjur'] });
    expect(cells(table, 'z')).toEqual(['NA']);
    expect(table.gof.map((g) => g.statistic)).toEqual(['nobs']);
    expect(table.notes.at(-1)).toBe(
      'Tjur R² not shown for (1): the fit carries no fitted probabilities of a 0/1 response (fittedValues and response)',
    );
    const withFitted = baseFit({
      family: 'binomial',
      coefficients: [row('x', 1, 0.5)],
      fittedValues: [0.9, 0.6, 0.2, 0.1],
      response: [1, 1, 0, 0],
    });
    // (0.9 + 0.6) / 2 - (0.2 + 0.1) / 2 = 0.6
    expectClose(regressionTable([withFitted], { gof: ['r2Tjur'] }).gof[0].values[0], 0.6, {
      rtol: 1e-12,
    });
  });

  it('regressionTable refuses what is not a fit and options out of their domain, naming them', () => {
    const refuse = (call: () => unknown, argument: string, message: string) => {
      try {
        call();
        expect.unreachable();
      } catch (error) {
        expect(error).toBeInstanceOf(InvalidArgumentError);
        expect((error as InvalidArgumentError).argument).toBe(argument);
        expect((error as Error).message).toBe(message);
      }
    };
    refuse(
      () => regressionTable([]),
      'fits',
      'regressionTable requires a non-empty array of fitted models; received []',
    );
    refuse(
      () => regressionTable([logit, { kind: 'kaplan-meier' }]),
      'fits[1]',
      "regressionTable requires fitted models with coefficients, vcovType, confLevel and nobs; fits[1] is a 'kaplan-meier' result without them",
    );
    refuse(
      () => regressionTable([logit], { modelNames: ['a', 'b'] }),
      'modelNames',
      'regressionTable requires one model name per fit (1); received ["a","b"]',
    );
    refuse(
      () => regressionTable([logit], { stars: { '*': 5 } }),
      'stars',
      'regressionTable requires stars to be true, false or symbols with thresholds in (0, 1); received {"*":5}',
    );
    refuse(
      () => regressionTable([logit], { digits: { estimate: 0 } }),
      'digits.estimate',
      'regressionTable requires digits.estimate to be an integer from 1 to 15; received 0',
    );
    refuse(
      () => regressionTable([logit], { digit: 2 } as never),
      'digit',
      "regressionTable does not know the option 'digit' (did you mean 'digits'?); known options: modelNames, coefMap, exponentiate, uncertainty, stars, gof, digits, methodRows, title, notes",
    );
    refuse(
      () => regressionTable([logit], { gof: ['r2'] as never }),
      'gof',
      'regressionTable requires gof to list statistics among nobs, nEvents, nClusters, logLik, aic, bic, deviance, r2McFadden, r2Tjur; received ["r2"]',
    );
  });

  it('regressionTable(fits) survives JSON: every field but the methods is plain data', () => {
    const table = regressionTable([logit, cox], { title: 'Models' });
    const copy = JSON.parse(JSON.stringify(table));
    expect(copy.kind).toBe('regression-table');
    expect(copy.rows).toEqual(table.rows);
    expect(copy.title).toBe('Models');
  });
});

describe('regressionTable method rows', () => {
  it('regressionTable names glmer, AFT and Cox models by kind and family or distribution', () => {
    const glmer = baseFit({ kind: 'glmer', family: 'binomial', link: 'logit', method: 'laplace' });
    const aft = baseFit({ kind: 'aft', dist: 'weibull', coefficients: [row('age', 0.1, 0.05)] });
    const cox = baseFit({ kind: 'cox', coefficients: [row('age', 0.1, 0.05)] });
    const table = regressionTable([glmer, aft, cox]);
    expect(table.rows.find((r) => r.label === 'Model')?.cells).toEqual([
      'glmer binomial(logit)',
      'aft weibull',
      'cox',
    ]);
  });
});
