/**
 * The survival results fit the chart input types as they are (no mapping): checked on the types,
 * and on a real Cox, AFT and Fine-Gray fit drawn side by side with their own intervals.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { readCsv } from '@muster/formula';
import {
  type AftResult,
  type CoxResult,
  type FineGrayResult,
  fitAft,
  fitCox,
  fitFineGray,
  type CumulativeIncidenceResult as SurvivalCumulativeIncidence,
  type KaplanMeierResult as SurvivalKaplanMeier,
} from '@muster/survival';
import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  type CoefficientResult,
  type CumulativeIncidenceResult,
  type KaplanMeierResult,
  type ModelPlotFit,
  modelPlot,
} from '../src/index.ts';

const folder = fileURLToPath(new URL('./fixtures/', import.meta.url));
const csv = (name: string) => readCsv(readFileSync(`${folder}${name}.csv`, 'utf8'));

describe('survival results are chart inputs', () => {
  it('types: curves and fits of @muster/survival match the shapes the builders read', () => {
    expectTypeOf<SurvivalKaplanMeier>().toMatchTypeOf<KaplanMeierResult>();
    expectTypeOf<SurvivalCumulativeIncidence>().toMatchTypeOf<CumulativeIncidenceResult>();
    expectTypeOf<CoxResult>().toMatchTypeOf<CoefficientResult>();
    expectTypeOf<CoxResult>().toMatchTypeOf<ModelPlotFit>();
    expectTypeOf<AftResult>().toMatchTypeOf<ModelPlotFit>();
    expectTypeOf<FineGrayResult>().toMatchTypeOf<ModelPlotFit>();
  });

  it('modelPlot draws a Cox, an AFT and a Fine-Gray fit with the intervals the fits report', () => {
    const lung = csv('lung');
    const cox = fitCox('Surv(time, status) ~ age + sex', lung, { confLevel: 0.9 });
    const aft = fitAft('Surv(time, status) ~ age + sex', lung, { confLevel: 0.9 });
    const fineGray = fitFineGray(csv('mgus2'), {
      time: 'etime',
      event: 'event',
      cause: 1,
      covariates: ['age'],
      confLevel: 0.9,
    });
    const spec = modelPlot([cox, aft, fineGray], { modelNames: ['Cox', 'AFT', 'Fine-Gray'] });
    const rows = (spec.data as { values: Record<string, unknown>[] }).values;
    const age = rows.filter((row) => row.term === 'age');
    expect(age.map((row) => row.model)).toEqual(['Cox', 'AFT', 'Fine-Gray']);
    expect(age.map((row) => [row.lower, row.upper])).toEqual(
      [cox, aft, fineGray].map((fit) => {
        const c = fit.coefficients.find((row) => row.term === 'age');
        return [c?.lower, c?.upper];
      }),
    );
  });
});
