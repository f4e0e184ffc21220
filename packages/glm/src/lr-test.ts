import { InvalidArgumentError, pchisq } from '@muster/core';
import type { GlmResult } from './types.ts';
import { type GlmWarning, glmWarnings } from './warnings.ts';

/** Result of {@link lrTest}: R's `anova(reduced, full, test = "Chisq")` table as plain data. */
export interface LrTestResult {
  method: 'likelihood-ratio (analysis of deviance, test = "Chisq")';
  /** The two models in the order given: formula, residual df, residual deviance. */
  models: { formula: string; dfResidual: number; deviance: number }[];
  /** Residual df of the first model minus the second's (R's Df: negative when the larger comes first). */
  df: number;
  /** Deviance of the first model minus the second's (R's Deviance, signed the same way). */
  deviance: number;
  /** Dispersion of the larger model (1 for binomial and poisson). */
  dispersion: number;
  /** |deviance| / dispersion, referred to chi-square(|df|). */
  statistic: number;
  pValue: number;
  warnings: GlmWarning[];
}

/**
 * Likelihood-ratio test of two nested GLM fits: R's `anova(reduced, full, test = "Chisq")`, in
 * either order: as R, `df` and `deviance` are the first model's minus the second's (negative
 * when the larger model comes first) and the statistic and p-value are the same.
 *
 * Method: the deviance reduction divided by the dispersion of the larger model (R's
 * `anova.glmlist` with `stat.anova`), referred to a chi-square distribution with the difference
 * in residual degrees of freedom; for binomial and poisson the statistic is
 * 2 (logLik_full - logLik_reduced).
 *
 * @param reduced - one model, usually the smaller (a {@link fitGlm} result)
 * @param full - the other, fitted to the same observations with the same family
 * @returns the analysis-of-deviance comparison
 * @throws InvalidArgumentError when the fits differ in family, link, method or number of
 *   observations, or have equal residual degrees of freedom
 * @example
 * ```ts
 * const data = { y: [0, 0, 1, 0, 1, 1, 0, 1], x: [1, 2, 3, 4, 5, 6, 2, 7] };
 * const small = await fitGlm('y ~ 1', data, { family: 'binomial' });
 * const big = await fitGlm('y ~ x', data, { family: 'binomial' });
 * lrTest(small, big).pValue.toFixed(4);
 * // => '0.0155'
 * ```
 */
export function lrTest(reduced: GlmResult, full: GlmResult): LrTestResult {
  if (reduced?.kind !== 'glm' || full?.kind !== 'glm') {
    throw new InvalidArgumentError('full', 'lrTest requires two results of fitGlm');
  }
  if (
    reduced.family !== full.family ||
    reduced.link !== full.link ||
    reduced.method !== full.method
  ) {
    throw new InvalidArgumentError(
      'full',
      `lrTest requires fits with the same family, link and method; received ${reduced.family}/${reduced.link}/${reduced.method} and ${full.family}/${full.link}/${full.method}`,
    );
  }
  if (reduced.nobs !== full.nobs) {
    throw new InvalidArgumentError(
      'full',
      `lrTest requires fits to the same observations; received ${reduced.nobs} and ${full.nobs} observations`,
    );
  }
  let small = reduced;
  let big = full;
  if (small.dfResidual < big.dfResidual) [small, big] = [big, small];
  if (small.dfResidual === big.dfResidual) {
    throw new InvalidArgumentError(
      'full',
      `lrTest requires models with different residual degrees of freedom; both have ${big.dfResidual}`,
    );
  }
  const warnings: GlmWarning[] = [];
  const bigTerms = new Set(big.coefficients.filter((c) => c.estimate !== null).map((c) => c.term));
  const notNested = small.coefficients
    .filter((c) => c.estimate !== null && !bigTerms.has(c.term))
    .map((c) => c.term);
  if (notNested.length > 0) {
    warnings.push(glmWarnings.notNested('lrTest', notNested));
  }
  // R's anova(a, b): Df = df_a - df_b and Deviance = D_a - D_b in the order given (negative when
  // the larger model comes first), the chi-square statistic and p-value from their magnitudes.
  const df = reduced.dfResidual - full.dfResidual;
  const deviance = reduced.deviance - full.deviance;
  const dispersion = big.dispersion;
  const statistic = (Math.sign(df) * deviance) / dispersion;
  const pValue = statistic < 0 ? Number.NaN : pchisq(statistic, Math.abs(df), false);
  return {
    method: 'likelihood-ratio (analysis of deviance, test = "Chisq")',
    models: [reduced, full].map((m) => ({
      formula: m.formula,
      dfResidual: m.dfResidual,
      deviance: m.deviance,
    })),
    df,
    deviance,
    dispersion,
    statistic,
    pValue,
    warnings,
  };
}
