import { isSqlSource, type SqlSource } from '@muster/core';
import { type DataInput, releaseDesignMatrix } from '@muster/formula';
import { covarianceStep } from './fit/covariance-step.ts';
import { estimate } from './fit/estimation.ts';
import { buildModelData } from './fit/model-data.ts';
import { incompleteProfile, profileStep } from './fit/profile-step.ts';
import { binomialLike } from './fit/response.ts';
import { assembleResult, coefficientRows } from './fit/result.ts';
import { checkSeparation } from './fit/separation-step.ts';
import { resolveSettings } from './fit/settings.ts';
import type { FamilyName } from './internal/family.ts';
import type { LinkName } from './internal/link.ts';
import type { VcovType } from './internal/sandwich.ts';
import { fitGlmSql } from './sql/fit-glm-sql.ts';
import type { GlmResult } from './types.ts';

/** Options of {@link fitGlm}. */
export interface FitGlmOptions {
  /** `'binomial'`, `'poisson'`, `'gaussian'` (default, as R) or `'Gamma'`. */
  family?: FamilyName;
  /** Link; default the family's canonical link (logit, log, identity, inverse). */
  link?: LinkName;
  /** Column of prior weights (>= 0; rows where it is missing are dropped). */
  weights?: string;
  /** Offset: a column name, or values aligned with the data rows (added to any offset() term). */
  offset?: string | ArrayLike<number>;
  /**
   * Covariance of the estimates: default `'cluster'` when the formula has a `cluster(x)` term,
   * else `'classical'`.
   */
  vcov?: VcovType;
  /**
   * Cluster column for `vcov: 'cluster'` (or a `cluster(x)` term in the formula); several columns
   * (`['war', 'year']`) cluster on each and on their intersection, as
   * `sandwich::vcovCL(cluster = ~ war + year)`.
   */
  cluster?: string | string[];
  /**
   * sandwich's `vcovCL` type: `'HC1'` (default; G / (G - 1) (n - 1) / (n - k)) or `'HC0'`
   * (G / (G - 1) only, `vcovCL(type = "HC0", cadjust = TRUE)`: what Stata reports for logit,
   * probit and poisson with `vce(cluster)`).
   */
  clusterType?: 'HC1' | 'HC0';
  /** Firth's bias-reduced fit (brglm2 AS_mean; binomial and poisson). Default false. */
  firth?: boolean;
  /** Confidence level of the Wald and profile intervals (default 0.95). */
  confLevel?: number;
  /**
   * Profile-likelihood intervals (maximum likelihood only): `true` (exact roots, at any size),
   * `false`, `'auto'` (default: exact roots when nobs x ncol <= 200000, where they take at most a
   * few seconds; a warning says when they were skipped), or `'spline'`: R 4.2's printed
   * `confint(fit)` (MASS's profile at 10 steps a side and spline interpolation), to match a
   * published R table digit for digit.
   */
  profile?: boolean | 'auto' | 'spline';
  /**
   * Separation check for binomial fits: `'auto'` (default) runs the exact linear program on every
   * design of up to 200,000 cells (nobs x ncol), and on larger ones when the fit shows signs of
   * separation (no convergence, fitted probabilities within
   * min(1e-3, max(1e-6, 1e-6 (deviance + 0.1))) of 0 or 1), except after a converged
   * maximum-likelihood fit whose score equations certify that the data overlap (then
   * `separation.method` is `'overlap certificate (score equations)'` and no LP is solved);
   * `'always'` runs the LP regardless; `'never'`.
   */
  separation?: 'auto' | 'always' | 'never';
  /**
   * Level order of text columns, first level the reference (for a text response: the failure),
   * e.g. `{ deserted: ['no', 'yes'], regime: ['democracy', 'anocracy', 'autocracy'] }`. Default:
   * code-point order, as R in the C locale.
   */
  levels?: Record<string, string[]>;
  /**
   * Negative binomial (`family: 'negative.binomial'`): a fixed theta (MASS's
   * `negative.binomial(theta)`); without it theta is estimated by maximum likelihood as
   * `MASS::glm.nb` (reported with its standard error).
   */
  theta?: number;
  /** Starting coefficients, one per design column. */
  start?: ArrayLike<number>;
  /**
   * Convergence tolerance of the IRLS on the relative deviance change (default 1e-8, R's
   * `glm.control(epsilon)`; Firth: 1e-6 on the step) and of glm.nb's theta alternation.
   */
  tolerance?: number;
  /** Iteration limit (default 25, R's `glm.control(maxit)`; Firth: 100). */
  maxIter?: number;
  /**
   * Threads for the passes over the rows of large fits (from 131,072 rows; the binomial,
   * poisson and gaussian families with the logit, log or identity link): the calling thread plus
   * worker threads in Node (default: every CPU, at most 8, or the environment variable
   * MUSTER_THREADS); 1 keeps the fit on the calling thread. The estimates do not depend on it:
   * the rows are summed in fixed chunks whatever the number of threads. Where worker threads do
   * not exist (browsers) the fit runs on the calling thread.
   */
  threads?: number;
}

/**
 * Fit a generalised linear model from a formula and data, with R's results: `glm()` estimates,
 * deviances, AIC and log-likelihood; standard errors, tests and Wald intervals from the chosen
 * covariance (classical, HC0, HC1, HC3, or CR1 clustered as `sandwich::vcovCL(type = "HC1")`);
 * exact profile-likelihood intervals; Firth's bias reduction (brglm2 AS_mean); and an exact
 * linear-programming check for separation that names the separated terms.
 *
 * Method: the formula is expanded by `@muster/formula` (R's model.frame with na.omit and
 * drop.unused.levels, treatment contrasts); the fit is {@link glmFit} (R's glm.fit IRLS); see
 * docs/algorithm.md for the covariances, the profile roots and the separation check.
 * References: McCullagh & Nelder (1989); Zeileis (2006), J. Stat. Softw. 16(9) (sandwich);
 * Firth (1993), Biometrika 80, 27-38; Konis (2007).
 *
 * @param formula - R model formula, e.g. `'mass_desertion ~ inequality + log(troops) + regime'`;
 *   binomial responses may be 0/1, proportions with `weights`, `cbind(successes, failures)` or a
 *   two-level string column (first level = failure); `offset()` terms are allowed
 * @param data - columns by name (`readCsv` output, arrays) or an arquero table; or a
 *   `SqlSource` (`@muster/duckdb`'s `duckdbSource`): the fit then runs as aggregate queries in the
 *   SQL engine and never loads the rows (README, "Out-of-core fits"; binomial logit, poisson and
 *   gaussian; Wald intervals; the separation check by single columns)
 * @param options - family, link, weights, offset, vcov, cluster, firth, confLevel, profile,
 *   separation, start, tolerance, maxIter, threads
 * @returns a plain result object (see {@link GlmResult}); non-convergence and separation are
 *   reported in `converged` and `warnings`, never thrown
 * @throws FormulaError for a bad formula or a missing column; DataError for invalid values
 *   (naming column and 1-based data row): a non-0/1 binomial response, a negative count, a
 *   negative weight, all rows missing; InvalidArgumentError for bad options or more
 *   coefficients than observations
 * @example
 * ```ts
 * const data = { y: [0, 0, 1, 0, 1, 1], x: [1, 2, 3, 4, 5, 6] };
 * const fit = await fitGlm('y ~ x', data, { family: 'binomial' });
 * fit.coefficients.map((c) => [c.term, c.estimate?.toFixed(4)]);
 * // => [['(Intercept)', '-4.2491'], ['x', '1.2140']]
 * ```
 * ```ts
 * // The same fit with the rows in DuckDB (a table, a Parquet file or, here, a query).
 * import { duckdbSource, openDatabase } from '@muster/duckdb';
 *
 * const db = await openDatabase();
 * const rows = duckdbSource(db, 'SELECT * FROM (VALUES (0, 1), (0, 2), (1, 3), (0, 4), (1, 5), (1, 6)) t(y, x)');
 * const fit = await fitGlm('y ~ x', rows, { family: 'binomial' });
 * fit.coefficients.map((c) => [c.term, c.estimate?.toFixed(4)]);
 * // => [['(Intercept)', '-4.2491'], ['x', '1.2140']]
 * db.close();
 * ```
 */
export async function fitGlm(
  formula: string,
  data: DataInput | SqlSource,
  options: FitGlmOptions = {},
): Promise<GlmResult> {
  if (isSqlSource(data)) return fitGlmSql(formula, data, options);
  const settings = resolveSettings(formula, options);
  const model = buildModelData(formula, data, options, settings);
  const estimation = estimate(model, settings, options);
  const { fit, family } = estimation;
  // Separation (binomial): an exact LP check, run when asked or when the fit shows the signs.
  const separationStep = await checkSeparation({
    design: model.design,
    y: model.response.y,
    weights: model.response.weights,
    fit,
    binomial: binomialLike(family.name),
    mode: settings.separation,
    method: settings.method,
  });
  const covariance = covarianceStep(model, fit, settings, options);
  const { separation } = separationStep;
  const profile = profileStep(model, fit, family, separation, settings, options);
  const { sandwich } = covariance;
  const coefficients = coefficientRows(model, estimation, sandwich, profile, settings.confLevel);
  const warnings = [
    ...estimation.warnings,
    ...separationStep.warnings,
    ...covariance.warnings,
    ...profile.warnings,
    ...incompleteProfile(profile, coefficients),
  ];
  const parts = {
    model,
    settings,
    estimation,
    separation,
    sandwich,
    profile,
    coefficients,
    warnings,
  };
  const result = assembleResult(parts, options);
  // The result keeps the design's spec, not its matrix: the matrix's memory goes to the next
  // design of a similar size (large matrices only), which then writes into mapped memory.
  releaseDesignMatrix(model.design);
  return result;
}
