import { pchisq } from '@muster/core';
import type { GlmerLrTest } from '../types.ts';

/**
 * LR test of the random effects against the pooled glm with the same fixed effects. The null
 * puts the variances on the boundary of the parameter space, so the chi-squared(df) p-value is
 * conservative; for a single variance the correct null distribution is the 50:50 mixture of
 * chi-squared(0) and chi-squared(1) (Self & Liang 1987; Stram & Lee 1994), whose p-value is half.
 */
export function lrTestPooled(mixedLogLik: number, pooledLogLik: number, df: number): GlmerLrTest {
  const statistic = Math.max(0, 2 * (mixedLogLik - pooledLogLik));
  const pValue = pchisq(statistic, df, false);
  const single = df === 1;
  return {
    pooledLogLik,
    statistic,
    df,
    pValue,
    pValueBoundary: single ? 0.5 * pValue : null,
    note: single
      ? 'the variance is 0 under the null (a boundary): pValueBoundary uses the 50:50 mixture of chi-squared(0) and chi-squared(1); pValue is the naive, conservative chi-squared(1)'
      : `${df} covariance parameters are tested, some on the boundary under the null: the chi-squared(${df}) pValue is conservative`,
  };
}
