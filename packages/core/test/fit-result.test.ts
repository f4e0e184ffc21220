import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  COEFFICIENT_ROW_FIELDS,
  type CoefficientRow,
  FIT_RESULT_FIELDS,
  type FitResultBase,
  isFitResult,
  warning,
} from '../src/index.ts';

const fit: FitResultBase<'demo'> = {
  kind: 'demo',
  formula: 'y ~ x',
  method: 'ml',
  confLevel: 0.95,
  vcovType: 'classical',
  vcov: [[0.25]],
  statisticType: 'z',
  dfResidual: null,
  coefficients: [
    {
      term: 'x',
      estimate: 1,
      stdError: 0.5,
      statistic: 2,
      pValue: 0.0455,
      lower: 0.02,
      upper: 1.98,
    },
  ],
  nobs: 10,
  nEvents: 4,
  nClusters: null,
  logLik: -5,
  df: 1,
  aic: 12,
  bic: 12.3,
  converged: true,
  iterations: 4,
  warnings: [warning('not-converged', 'demo')],
};

describe('FitResultBase', () => {
  it('is recognised structurally, as saved JSON is', () => {
    expect(isFitResult(JSON.parse(JSON.stringify(fit)))).toBe(true);
    expect(isFitResult({ ...fit, vcov: undefined })).toBe(false);
    expect(isFitResult(null)).toBe(false);
  });

  it('lists every field of FitResultBase, no more', () => {
    expect(Object.keys(fit).sort()).toEqual([...FIT_RESULT_FIELDS].sort());
    type Listed = (typeof FIT_RESULT_FIELDS)[number];
    expectTypeOf<Exclude<keyof FitResultBase, Listed>>().toEqualTypeOf<never>();
    expectTypeOf<Exclude<Listed, keyof FitResultBase>>().toEqualTypeOf<never>();
  });

  it('lists the shared coefficient fields in display order', () => {
    expect(Object.keys(fit.coefficients[0]!)).toEqual([...COEFFICIENT_ROW_FIELDS]);
    expectTypeOf<keyof CoefficientRow>().toEqualTypeOf<(typeof COEFFICIENT_ROW_FIELDS)[number]>();
  });

  it('types warning codes by the union a package declares', () => {
    type Code = 'not-converged' | 'aliased';
    const typed: FitResultBase<'demo', CoefficientRow, Code> = {
      ...fit,
      warnings: [warning<Code>('aliased', 'x is aliased')],
    };
    expectTypeOf(typed.warnings[0]!.code).toEqualTypeOf<Code>();
  });
});
