/**
 * A three-model table against R: the numbers behind its cells (estimates, standard errors from
 * each model's covariance, exponentiated estimates with delta-method errors, N, events,
 * clusters, logLik, AIC, BIC, deviance, McFadden's R²) agree with base R + sandwich
 * (fixtures/three-models.R) to 1e-6.
 */
import { describe, expect, it } from 'vitest';
import { regressionTable } from '../src/index.ts';
import { expectClose, fixtureJson, type ReferenceModel, referenceFit } from './helpers.ts';

const reference = fixtureJson<{ models: ReferenceModel[] }>('three-models.json').models;
const fits = reference.map(referenceFit);
const names = reference.map((model) => model.name);
const tolerance = { rtol: 1e-6, atol: 1e-12 };

describe('regressionTable of three logits agrees with R (base R + sandwich)', () => {
  it('regressionTable(fits) shows every term with each model estimate and standard error', () => {
    const table = regressionTable(fits, { modelNames: names });
    expect(table.terms.map((term) => term.label)).toEqual([
      '(Intercept)',
      'inequality',
      'log(troops)',
      'regimeautocracy',
      'regimedemocracy',
      'initiator',
    ]);
    reference.forEach((model, j) => {
      for (const expected of model.coefficients) {
        const term = table.terms.find((t) => t.label === expected.term)!;
        const shown = term.values[j]!;
        const label = `${model.name} ${expected.term}`;
        expectClose(shown.estimate, expected.estimate, tolerance, `${label} estimate`);
        expectClose(shown.stdError, expected.stdError, tolerance, `${label} stdError`);
        expectClose(shown.lower, expected.lower, tolerance, `${label} lower`);
        expectClose(shown.upper, expected.upper, tolerance, `${label} upper`);
      }
    });
    // Bivariate has no controls: blank cells.
    const troops = table.terms.find((t) => t.label === 'log(troops)')!;
    expect(troops.values[0]).toBe(null);
    expect(table.rows.find((r) => r.label === 'log(troops)')!.cells[0]).toBe('');
  });

  it('regressionTable(fits) computes N, events, clusters, logLik, AIC, BIC, deviance and McFadden R² as R', () => {
    const table = regressionTable(fits, { modelNames: names });
    const gof = Object.fromEntries(table.gof.map((row) => [row.statistic, row.values]));
    expect(Object.keys(gof)).toEqual([
      'nobs',
      'nEvents',
      'nClusters',
      'logLik',
      'aic',
      'bic',
      'deviance',
      'r2McFadden',
    ]);
    reference.forEach((model, j) => {
      expect(gof.nobs[j]).toBe(model.nobs);
      expect(gof.nEvents[j]).toBe(model.nEvents);
      expect(gof.nClusters[j]).toBe(model.nClusters);
      for (const key of ['logLik', 'aic', 'bic', 'deviance', 'r2McFadden'] as const)
        expectClose(gof[key][j], model[key], tolerance, `${model.name} ${key}`);
    });
  });

  it('regressionTable(fits, { exponentiate: true }) gives exp(b), exp(b) SE(b) and exp of the limits as R', () => {
    const table = regressionTable(fits, { exponentiate: true });
    reference.forEach((model, j) => {
      for (const expected of model.coefficients) {
        const shown = table.terms.find((t) => t.label === expected.term)!.values[j]!;
        const label = `${model.name} ${expected.term}`;
        expectClose(shown.estimate, expected.expEstimate, tolerance, `${label} exp`);
        expectClose(shown.stdError, expected.expStdError, tolerance, `${label} delta SE`);
        expectClose(shown.lower, expected.expLower, tolerance, `${label} exp lower`);
        expectClose(shown.upper, expected.expUpper, tolerance, `${label} exp upper`);
        expectClose(shown.pValue, expected.pValue, tolerance, `${label} p unchanged`);
      }
    });
    expect(table.notes.join('\n')).toContain('delta-method standard errors');
  });

  it('regressionTable(fits) prints the cells as R rounds them and names each covariance', () => {
    const table = regressionTable(fits, { modelNames: names });
    const cells = (label: string) => table.rows.find((r) => r.label === label)!.cells;
    // R: format(signif(b, 3)): 7.476 -> 7.48; 1.172 -> (1.17); 377; -111.8 (one decimal).
    expect(cells('inequality')).toEqual(['7.48', '7.77', '7.81']);
    const beneath = table.rows[table.rows.findIndex((r) => r.label === 'inequality') + 1];
    expect(beneath.section).toBe('uncertainty');
    expect(beneath.cells[0]).toBe('(1.17)');
    expect(cells('N')).toEqual(['377', '377', '377']);
    expect(cells('Clusters')).toEqual(['', '', '160']);
    expect(cells('Covariance')).toEqual(['classical', 'HC1', 'cluster (war)']);
    expect(cells('Model')).toEqual(['binomial(logit)', 'binomial(logit)', 'binomial(logit)']);
    expect(cells('Method')).toEqual(['ml', 'ml', 'ml']);
  });
});
