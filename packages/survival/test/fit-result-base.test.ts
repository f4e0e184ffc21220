/**
 * Every survival fit returns the shared result shape of @muster/core (FitResultBase for the
 * regressions, ResultBase for curves and tests): checked on the types, on the keys at run time,
 * and on the shared numbers (logLik, df, AIC, BIC, intervals) against R
 * (test/fixtures/fit-base-cases.R).
 */
import {
  COEFFICIENT_ROW_FIELDS,
  FIT_RESULT_FIELDS,
  type FitResultBase,
  InvalidArgumentError,
  isFitResult,
  type ResultBase,
} from '@muster/core';
import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  type AftResult,
  type CauseSpecificCoxResult,
  type CoxResult,
  type CumulativeIncidenceResult,
  cumulativeIncidence,
  type FineGrayPrediction,
  type FineGrayResult,
  fitAft,
  fitCauseSpecificCox,
  fitCox,
  fitFineGray,
  type GrayTestResult,
  grayTest,
  type KaplanMeierResult,
  kaplanMeier,
  type LogRankResult,
  logRank,
  predictFineGray,
  SURVIVAL_WARNING_CODES,
} from '../src/index.ts';
import { expectClose, loadCase, loadCsv } from './helpers.ts';

const R = { rtol: 1e-6, atol: 1e-10 };
const lung = loadCsv('lung.csv');
const mgus2 = loadCsv('mgus2_complete.csv');
const cases = loadCase('fit-base-cases');

function expectFitBase(fit: FitResultBase, kind: string): void {
  expect(fit.kind).toBe(kind);
  for (const key of FIT_RESULT_FIELDS) expect(fit, key).toHaveProperty(key);
  expect(isFitResult(JSON.parse(JSON.stringify(fit)))).toBe(true);
  for (const row of fit.coefficients) {
    expect(Object.keys(row).slice(0, COEFFICIENT_ROW_FIELDS.length)).toEqual([
      ...COEFFICIENT_ROW_FIELDS,
    ]);
  }
  expect(fit.vcov.length).toBe(fit.coefficients.length);
  for (const w of fit.warnings) expect(SURVIVAL_WARNING_CODES).toContain(w.code);
}

describe('the survival fits extend FitResultBase', () => {
  it('types: CoxResult, CauseSpecificCoxResult, AftResult and FineGrayResult', () => {
    expectTypeOf<CoxResult>().toMatchTypeOf<FitResultBase>();
    expectTypeOf<CauseSpecificCoxResult>().toMatchTypeOf<FitResultBase>();
    expectTypeOf<AftResult>().toMatchTypeOf<FitResultBase>();
    expectTypeOf<FineGrayResult>().toMatchTypeOf<FitResultBase>();
    expectTypeOf<CoxResult['kind']>().toEqualTypeOf<'cox'>();
    expectTypeOf<CauseSpecificCoxResult['kind']>().toEqualTypeOf<'cause-specific-cox'>();
    expectTypeOf<AftResult['kind']>().toEqualTypeOf<'aft'>();
    expectTypeOf<FineGrayResult['kind']>().toEqualTypeOf<'fine-gray'>();
  });

  it('types: the curves and tests extend ResultBase', () => {
    expectTypeOf<KaplanMeierResult>().toMatchTypeOf<ResultBase>();
    expectTypeOf<LogRankResult>().toMatchTypeOf<ResultBase>();
    expectTypeOf<CumulativeIncidenceResult>().toMatchTypeOf<ResultBase>();
    expectTypeOf<GrayTestResult>().toMatchTypeOf<ResultBase>();
    expectTypeOf<FineGrayPrediction>().toMatchTypeOf<ResultBase>();
  });

  it('fitCox returns every base field, coefficient rows in the shared order', () => {
    const fit = fitCox('Surv(time, status) ~ age + sex + ph.ecog', lung);
    expectFitBase(fit, 'cox');
    expect(fit.method).toBe('partial-likelihood');
    expect(fit.vcovType).toBe('classical');
    expect(fit.statisticType).toBe('z');
    expect(fit.dfResidual).toBeNull();
  });

  it('fitCauseSpecificCox returns kind cause-specific-cox', () => {
    const fit = fitCauseSpecificCox('Surv(etime, event) ~ age + male', mgus2, { cause: 1 });
    expectFitBase(fit, 'cause-specific-cox');
    expect(fit.nEvents).toBe(fit.causeSpecific.nCause);
  });

  it('fitAft returns every base field; vcov in coefficients order, Log(scale) included', () => {
    const fit = fitAft('Surv(time, status) ~ age + sex', lung);
    expectFitBase(fit, 'aft');
    expect(fit.coefficients.map((c) => c.term)).toEqual([
      '(Intercept)',
      'age',
      'sex',
      'Log(scale)',
    ]);
    expect(fit.vcov[3][3]).toBeCloseTo((fit.coefficients[3].stdError as number) ** 2, 12);
  });

  it('fitFineGray returns every base field; nEvents counts failures from the cause', () => {
    const fit = fitFineGray(mgus2, {
      time: 'etime',
      event: 'event',
      cause: 1,
      covariates: ['age', 'male', 'hgb'],
    });
    expectFitBase(fit, 'fine-gray');
    expect(fit.nEvents).toBe(fit.eventCounts.cause);
    expect(fit.eventCounts.cause + fit.eventCounts.competing + fit.eventCounts.censored).toBe(
      fit.nobs,
    );
    expect(fit.formula).toBe('~ age + male + hgb');
    expect([fit.aic, fit.bic]).toEqual([null, null]);
  });

  it('the curves and tests have a kind and warnings', () => {
    const km = kaplanMeier(lung.time as number[], lung.status as number[]);
    const lr = logRank('Surv(time, status) ~ sex', lung);
    const competing = { time: 'etime', event: 'event', group: 'male' };
    const ci = cumulativeIncidence(mgus2, competing);
    const gray = grayTest(mgus2, competing);
    const fineGray = fitFineGray(mgus2, {
      time: 'etime',
      event: 'event',
      cause: 1,
      covariates: ['age'],
    });
    const prediction = predictFineGray(fineGray, { age: 70 });
    const kinds = [km, lr, ci, gray, prediction].map((r) => [r.kind, Array.isArray(r.warnings)]);
    expect(kinds).toEqual([
      ['kaplan-meier', true],
      ['log-rank', true],
      ['cumulative-incidence', true],
      ['gray-test', true],
      ['fine-gray-prediction', true],
    ]);
  });
});

describe('logLik, df, AIC and BIC agree with R (logLik(), AIC(), BIC())', () => {
  const check = (
    fit: FitResultBase,
    e: { logLik: number; df: number; aic: number; bic: number },
  ) => {
    expectClose(fit.logLik, e.logLik, R, 'logLik');
    expect(fit.df).toBe(e.df);
    expectClose(fit.aic, e.aic, R, 'AIC');
    expectClose(fit.bic, e.bic, R, 'BIC');
  };
  it('coxph: BIC uses the number of events (Efron, Breslow, an aliased column)', () => {
    check(fitCox(cases.coxEfron.formula, lung), cases.coxEfron);
    check(fitCox(cases.coxBreslow.formula, lung, { ties: 'breslow' }), cases.coxBreslow);
    const lung2 = { ...lung, sex2: (lung.sex as number[]).map((s) => s * 2) };
    const aliased = fitCox(cases.coxAliased.formula, lung2);
    check(aliased, cases.coxAliased);
    expect(aliased.vcov[2]).toEqual([null, null, null]);
    expect(aliased.warnings.map((w) => w.code)).toContain('aliased');
  });
  it('survreg: BIC uses the number of rows; an aliased column counts in df, as survreg', () => {
    for (const key of ['aftWeibull', 'aftLognormalStrata', 'aftExponential', 'aftAliased']) {
      const e = cases[key];
      const data =
        key === 'aftAliased' ? { ...lung, sex2: (lung.sex as number[]).map((s) => s * 2) } : lung;
      check(fitAft(e.formula, data, { dist: e.dist }), e);
    }
  });
});

describe('coefficient intervals agree with R: lower/upper on the estimate scale, then the ratio', () => {
  const intervals = cases.intervals;
  it('fitCox: confint(fit) and summary(fit)$conf.int at 0.95 and 0.90', () => {
    for (const [level, e] of [
      [0.95, intervals.cox95],
      [0.9, intervals.cox90],
    ] as const) {
      const fit = fitCox(cases.coxEfron.formula, lung, { confLevel: level });
      expect(fit.confLevel).toBe(level);
      fit.coefficients.forEach((c, j) => {
        expectClose(c.lower, e.lower[j], R, `${c.term} lower`);
        expectClose(c.upper, e.upper[j], R, `${c.term} upper`);
        expectClose(c.hazardRatioLower, e.hazardRatioLower[j], R, `${c.term} HR lower`);
        expectClose(c.hazardRatioUpper, e.hazardRatioUpper[j], R, `${c.term} HR upper`);
      });
    }
  });
  it('fitAft: confint(fit) at 0.95 and 0.90', () => {
    for (const [level, e] of [
      [0.95, intervals.aft95],
      [0.9, intervals.aft90],
    ] as const) {
      const fit = fitAft('Surv(time, status) ~ age + sex', lung, { confLevel: level });
      e.lower.forEach((lower: number, j: number) => {
        expectClose(fit.coefficients[j].lower, lower, R, `${j} lower`);
        expectClose(fit.coefficients[j].upper, e.upper[j], R, `${j} upper`);
      });
    }
  });
  it('fitFineGray: summary(crr)$conf.int at 0.95 and 0.90', () => {
    for (const [level, e] of [
      [0.95, intervals.fineGray95],
      [0.9, intervals.fineGray90],
    ] as const) {
      const fit = fitFineGray(mgus2, {
        time: 'etime',
        event: 'event',
        cause: 1,
        covariates: ['age', 'male', 'hgb'],
        confLevel: level,
      });
      fit.coefficients.forEach((c, j) => {
        expectClose(c.hazardRatioLower, e.hazardRatioLower[j], R, `${c.term} HR lower`);
        expectClose(c.hazardRatioUpper, e.hazardRatioUpper[j], R, `${c.term} HR upper`);
        expectClose(c.lower, Math.log(e.hazardRatioLower[j]), R, `${c.term} lower`);
      });
    }
  });
});

describe('old option names are refused with the current name', () => {
  const cases: [string, () => unknown, string][] = [
    ['eps', () => fitCox('Surv(time, status) ~ age', lung, { eps: 1e-9 } as never), 'tolerance'],
    [
      'gtol',
      () =>
        fitFineGray(mgus2, {
          time: 'etime',
          event: 'event',
          cause: 1,
          covariates: ['age'],
          gtol: 1e-6,
        } as never),
      'tolerance',
    ],
    ['level', () => fitAft('Surv(time, status) ~ age', lung, { level: 0.9 } as never), 'confLevel'],
    ['maxit', () => fitCox('Surv(time, status) ~ age', lung, { maxit: 5 } as never), 'maxIter'],
  ];
  for (const [old, call, current] of cases) {
    it(`'${old}' is refused naming '${current}'`, () => {
      expect(call).toThrow(InvalidArgumentError);
      expect(call).toThrow(`no longer takes '${old}'; use '${current}'`);
    });
  }
});
