/**
 * The three-model table of fixtures/three-models.R from real fitGlm fits: every number behind
 * the cells agrees with base R + sandwich to 1e-6, as the README example prints it.
 */
import { readCsv } from '@muster/formula';
import { fitGlm } from '@muster/glm';
import { beforeAll, describe, expect, it } from 'vitest';
import { type RegressionTable, regressionTable } from '../src/index.ts';
import { expectClose, fixtureJson, fixtureText, type ReferenceModel } from './helpers.ts';

const reference = fixtureJson<{ models: ReferenceModel[] }>('three-models.json').models;
const tolerance = { rtol: 1e-6, atol: 1e-10 };
let table: RegressionTable;
let ratios: RegressionTable;

beforeAll(async () => {
  const data = readCsv(fixtureText('lyall_synthetic.csv'));
  const fits = await Promise.all(
    reference.map((model) =>
      fitGlm(model.formula, data, {
        family: 'binomial',
        vcov: model.vcov,
        ...(model.cluster ? { cluster: model.cluster } : {}),
        profile: false,
      }),
    ),
  );
  table = regressionTable(fits, { modelNames: reference.map((model) => model.name) });
  ratios = regressionTable(fits, {
    modelNames: ['Bivariate', 'Controls', 'Clustered'],
    coefMap: {
      inequality: 'Inequality',
      'log(troops)': 'Troops (log)',
      regimedemocracy: 'Democracy',
      regimeautocracy: 'Autocracy',
      initiator: 'Initiator',
    },
    exponentiate: true,
  });
});

describe('regressionTable of three fitGlm logits agrees with R (base R + sandwich)', () => {
  it('estimates, standard errors, limits and their exponentiated forms agree to 1e-6', () => {
    reference.forEach((model, j) => {
      for (const expected of model.coefficients) {
        const label = `${model.name} ${expected.term}`;
        const shown = table.terms.find((t) => t.label === expected.term)!.values[j]!;
        expectClose(shown.estimate, expected.estimate, tolerance, `${label} estimate`);
        expectClose(shown.stdError, expected.stdError, tolerance, `${label} stdError`);
        expectClose(shown.lower, expected.lower, tolerance, `${label} lower`);
        expectClose(shown.upper, expected.upper, tolerance, `${label} upper`);
        const ratio = ratios.terms.find((t) => t.terms[j] === expected.term)?.values[j];
        if (ratio === undefined) continue; // the intercept is not in the coefMap
        expectClose(ratio!.estimate, expected.expEstimate, tolerance, `${label} exp`);
        expectClose(ratio!.stdError, expected.expStdError, tolerance, `${label} delta SE`);
      }
    });
  });

  it('N, events, clusters, logLik, AIC, BIC, deviance and McFadden R² agree to 1e-6', () => {
    const gof = Object.fromEntries(table.gof.map((row) => [row.statistic, row.values]));
    reference.forEach((model, j) => {
      expect([gof.nobs[j], gof.nEvents[j], gof.nClusters[j]]).toEqual([
        model.nobs,
        model.nEvents,
        model.nClusters,
      ]);
      for (const key of ['logLik', 'aic', 'bic', 'deviance', 'r2McFadden'] as const)
        expectClose(gof[key][j], model[key], tolerance, `${model.name} ${key}`);
    });
  });

  it('toText() prints the README example', () => {
    const readme = fixtureText('../../README.md');
    const printed = readme.slice(
      readme.indexOf('```\n---') + 4,
      readme.indexOf('```', readme.indexOf('```\n---') + 4),
    );
    expect(ratios.toText()).toBe(printed);
  });
});
