/**
 * Every model result of Muster extends FitResultBase (@muster/core): checked at type level (each
 * result type is assignable to it) and at run time (each kind, fitted on a small data set, has
 * the shared fields and coefficient rows that begin with the shared columns).
 */
import {
  COEFFICIENT_ROW_FIELDS,
  createRandom,
  type FitResultBase,
  glance,
  isFitResult,
  tidy,
} from '@muster/core';
import {
  type BayesGlmResult,
  fitBayesGlm,
  fitGlm,
  fitRelogit,
  type GlmResult,
  type RelogitResult,
  summary as summaryGlm,
} from '@muster/glm';
import {
  type EffectResult,
  estimateEffect,
  matchIt,
  summary as summaryMatched,
} from '@muster/matching';
import { fitGlmer, type GlmerResult, summary as summaryGlmer } from '@muster/mixed';
import {
  type AftResult,
  type CauseSpecificCoxResult,
  type CoxResult,
  type FineGrayCoxResult,
  type FineGrayResult,
  fitAft,
  fitCauseSpecificCox,
  fitCox,
  fitFineGray,
  fitFineGrayCox,
  summary as summarySurvival,
} from '@muster/survival';
import { describe, expect, expectTypeOf, it } from 'vitest';

/** 60 rows: two covariates, a war of 6 rows, a binary outcome, times with two causes. */
function data() {
  const random = createRandom(7);
  const rows = Array.from({ length: 60 }, (_, i) => {
    const x = random.normal();
    const g = i % 2;
    const eta = -0.3 + 0.8 * x + 0.4 * g;
    return {
      x,
      g,
      war: `W${Math.floor(i / 6)}`,
      y: random.uniform() < 1 / (1 + Math.exp(-eta)) ? 1 : 0,
      time: Math.round(10 * random.gamma(2, 1) * Math.exp(-0.3 * x)) + 1,
      status: random.uniform() < 0.8 ? 1 : 0,
      cause: i % 5 === 0 ? 0 : 1 + (i % 2),
    };
  });
  const columns = (key: keyof (typeof rows)[number]) => rows.map((r) => r[key]);
  return {
    x: columns('x') as number[],
    g: columns('g') as number[],
    war: columns('war') as string[],
    y: columns('y') as number[],
    time: columns('time') as number[],
    status: columns('status') as number[],
    cause: columns('cause') as number[],
  };
}

describe('every fit kind satisfies FitResultBase', () => {
  it('at type level', () => {
    expectTypeOf<GlmResult>().toExtend<FitResultBase<'glm'>>();
    expectTypeOf<RelogitResult>().toExtend<FitResultBase<'glm'>>();
    expectTypeOf<BayesGlmResult>().toExtend<FitResultBase<'glm'>>();
    expectTypeOf<CoxResult>().toExtend<FitResultBase<'cox'>>();
    expectTypeOf<CauseSpecificCoxResult>().toExtend<FitResultBase<'cause-specific-cox'>>();
    expectTypeOf<AftResult>().toExtend<FitResultBase<'aft'>>();
    expectTypeOf<FineGrayResult>().toExtend<FitResultBase<'fine-gray'>>();
    expectTypeOf<FineGrayCoxResult>().toExtend<FitResultBase<'fine-gray-cox'>>();
    expectTypeOf<GlmerResult>().toExtend<FitResultBase<'glmer'>>();
    expectTypeOf<EffectResult>().toExtend<FitResultBase<'matched-effect'>>();
  });

  it('at run time, on a small fit of each kind', async () => {
    const d = data();
    const match = await matchIt('g ~ x', d, { method: 'nearest' });
    const fits: [string, FitResultBase][] = [
      ['glm', await fitGlm('y ~ x + g', d, { family: 'binomial' })],
      ['glm', await fitRelogit('y ~ x + g', d)],
      ['glm', await fitBayesGlm('y ~ x + g', d)],
      ['cox', fitCox('Surv(time, status) ~ x + g', d)],
      ['cause-specific-cox', fitCauseSpecificCox('Surv(time, cause) ~ x + g', d, { cause: 1 })],
      ['aft', fitAft('Surv(time, status) ~ x + g', d, { dist: 'weibull' })],
      [
        'fine-gray',
        fitFineGray(d, { time: 'time', event: 'cause', cause: 1, covariates: ['x', 'g'] }),
      ],
      ['fine-gray-cox', fitFineGrayCox('Surv(time, cause) ~ x + g', d, { cause: 1 })],
      ['glmer', await fitGlmer('y ~ x + (1 | war)', d, { profile: false, lrTest: false })],
      ['matched-effect', await estimateEffect(match, d, { outcome: 'y' })],
    ];
    for (const [kind, fit] of fits) {
      expect(fit.kind, kind).toBe(kind);
      expect(isFitResult(fit), kind).toBe(true);
      for (const field of ['formula', 'method', 'vcovType'] as const) {
        expect(typeof fit[field], `${kind}.${field}`).toBe('string');
      }
      expect(['z', 't'], `${kind}.statisticType`).toContain(fit.statisticType);
      expect(fit.confLevel, `${kind}.confLevel`).toBe(0.95);
      expect(fit.nobs, `${kind}.nobs`).toBeGreaterThan(0);
      expect(typeof fit.converged, `${kind}.converged`).toBe('boolean');
      expect(Number.isInteger(fit.iterations), `${kind}.iterations`).toBe(true);
      expect(fit.vcov.length, `${kind}.vcov`).toBe(fit.coefficients.length);
      for (const key of ['nEvents', 'nClusters', 'logLik', 'aic', 'bic', 'dfResidual'] as const) {
        expect(fit[key] === null || typeof fit[key] === 'number', `${kind}.${key}`).toBe(true);
      }
      for (const row of fit.coefficients) {
        expect(Object.keys(row).slice(0, 7), `${kind} ${row.term}`).toEqual([
          ...COEFFICIENT_ROW_FIELDS,
        ]);
      }
      // tidy and glance read every kind; each package's summary prints its kinds as text.
      expect(
        tidy(fit).map((row) => row.term),
        `${kind} tidy`,
      ).toEqual(fit.coefficients.map((row) => row.term));
      expect(glance(fit).nobs, `${kind} glance`).toBe(fit.nobs);
      const summary =
        kind === 'glm'
          ? summaryGlm
          : kind === 'glmer'
            ? summaryGlmer
            : kind === 'matched-effect'
              ? summaryMatched
              : summarySurvival;
      const text = (summary as (f: FitResultBase) => string)(fit);
      for (const row of fit.coefficients) expect(text, `${kind} summary`).toContain(row.term);
    }
  });
});
