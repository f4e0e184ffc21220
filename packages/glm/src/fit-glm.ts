import { checkOptionKeys, DataError, InvalidArgumentError, pnorm, pt, qnorm } from '@muster/core';
import { type DataInput, designMatrix } from '@muster/formula';
import { clusterCodes, clusterColumns, hasClusterTerm, requireFiniteDesign } from './fit/inputs.ts';
import { binomialLike, CALLER, numericExtra, prepareResponse, rowOf } from './fit/response.ts';
import { checkSeparation } from './fit/separation-step.ts';
import { glmFit } from './glm-fit.ts';
import { type FamilyName, resolveFamily } from './internal/family.ts';
import type { LinkName } from './internal/link.ts';
import { fitNegativeBinomial } from './internal/negative-binomial.ts';
import { profileIntervals } from './internal/profile.ts';
import { splineProfileIntervals } from './internal/profile-spline.ts';
import { type VcovType, vcovMatrix } from './internal/sandwich.ts';
import type { GlmCoefficient, GlmResult } from './types.ts';
import { type GlmWarning, glmWarnings } from './warnings.ts';

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
   * min(1e-3, max(1e-6, 1e-6 (deviance + 0.1))) of 0 or 1); `'always'`; `'never'`.
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
}

const FIT_GLM_OPTIONS = [
  'family',
  'link',
  'weights',
  'offset',
  'vcov',
  'cluster',
  'clusterType',
  'firth',
  'confLevel',
  'profile',
  'separation',
  'levels',
  'theta',
  'start',
  'tolerance',
  'maxIter',
] as const satisfies readonly (keyof FitGlmOptions)[];

/** Largest nobs x ncol for which profile intervals are computed by default. */
const PROFILE_AUTO_CELLS = 200_000;
const VCOV_TYPES: VcovType[] = ['classical', 'HC0', 'HC1', 'HC2', 'HC3', 'cluster'];

/** MASS's profile and spline limits (R 4.2's confint.glm) for the columns not skipped. */
function splineProfile(
  input: Parameters<typeof profileIntervals>[0] & { tolerance?: number; maxIter?: number },
) {
  const { skip, ...rest } = input;
  const aliased = rest.aliased.map((a, j) => a || (skip?.has(j) ?? false));
  const out = splineProfileIntervals({
    ...rest,
    aliased,
    tolerance: input.tolerance ?? 1e-8,
    maxIter: input.maxIter ?? 25,
  });
  return out;
}

/** sum(prior weight x y): the successes of a binomial response (R's sum(fit$prior.weights * fit$y)). */
function weightedSuccesses(y: Float64Array, weights: Float64Array): number {
  let total = 0;
  for (let i = 0; i < y.length; i++) total += weights[i] * y[i];
  return total;
}

function finiteOrNull(v: number): number | null {
  return Number.isFinite(v) ? v : null;
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
 * @param data - columns by name (`readCsv` output, arrays) or an arquero table
 * @param options - family, link, weights, offset, vcov, cluster, firth, confLevel, profile,
 *   separation, start, tolerance, maxIter
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
 */
export async function fitGlm(
  formula: string,
  data: DataInput,
  options: FitGlmOptions = {},
): Promise<GlmResult> {
  checkOptionKeys(CALLER, options, FIT_GLM_OPTIONS);
  let family = resolveFamily(CALLER, options.family, options.link, undefined, options.theta);
  // A cluster(x) term in the formula asks for clustered errors unless vcov says otherwise.
  const vcovType = options.vcov ?? (hasClusterTerm(formula) ? 'cluster' : 'classical');
  if (!VCOV_TYPES.includes(vcovType)) {
    throw new InvalidArgumentError(
      'vcov',
      `${CALLER} requires vcov to be one of ${VCOV_TYPES.join(', ')}; received '${vcovType}'`,
    );
  }
  const confLevel = options.confLevel ?? 0.95;
  if (!(confLevel > 0 && confLevel < 1)) {
    throw new InvalidArgumentError(
      'confLevel',
      `${CALLER} requires 0 < confLevel < 1; received ${confLevel}`,
    );
  }
  const method = options.firth === true ? 'firth' : 'ml';
  if (method === 'firth' && (!family.fixedDispersion || family.name === 'negative.binomial')) {
    throw new InvalidArgumentError(
      'firth',
      `${CALLER} supports firth for the binomial and poisson families; received family ${family.name}`,
    );
  }
  if (vcovType === 'cluster' && options.cluster === undefined) {
    // A cluster(x) term in the formula is used below when present.
  } else if (options.cluster !== undefined && vcovType !== 'cluster') {
    throw new InvalidArgumentError(
      'cluster',
      `${CALLER} uses a cluster column only with vcov 'cluster'; received vcov '${vcovType}'`,
    );
  }
  if (![undefined, true, false, 'auto', 'spline'].includes(options.profile)) {
    throw new InvalidArgumentError(
      'profile',
      `${CALLER} requires profile true, false, 'auto' or 'spline'; received '${String(options.profile)}'`,
    );
  }
  if (options.clusterType !== undefined && !['HC1', 'HC0'].includes(options.clusterType)) {
    throw new InvalidArgumentError(
      'clusterType',
      `${CALLER} requires clusterType 'HC1' or 'HC0'; received '${options.clusterType}'`,
    );
  }
  const separationMode = options.separation ?? 'auto';
  if (!['auto', 'always', 'never'].includes(separationMode)) {
    throw new InvalidArgumentError(
      'separation',
      `${CALLER} requires separation 'auto', 'always' or 'never'; received '${separationMode}'`,
    );
  }

  const extra: Record<string, string> = {};
  if (options.weights !== undefined) extra.weights = options.weights;
  const clusterRoles = clusterColumns(options.cluster);
  for (const [name, role] of clusterRoles) extra[role] = name;
  if (typeof options.offset === 'string') extra.offset = options.offset;
  const design = designMatrix(formula, data, {
    extra,
    keepMissing: clusterRoles.map(([, role]) => role),
    dropUnusedLevels: true,
    levels: options.levels,
  });
  const n = design.nrow;
  if (n === 0) {
    const names = [
      ...(design.response === null
        ? []
        : 'name' in design.response
          ? [design.response.name]
          : design.response.names),
      ...design.spec.variables.map((v) => v.name),
      ...Object.values(extra),
    ];
    throw new DataError(
      `${CALLER} requires at least one row without missing values; all ${design.nDropped} rows were dropped as missing in ${[...new Set(names)].join(', ')}`,
    );
  }
  const p = design.ncol;
  const priorWeights =
    options.weights === undefined ? null : numericExtra(design, 'weights', options.weights);
  if (priorWeights !== null) {
    for (let i = 0; i < n; i++) {
      if (!(priorWeights[i] >= 0) || !Number.isFinite(priorWeights[i])) {
        throw new DataError(
          `${CALLER} requires weights >= 0; column '${options.weights}' data row ${rowOf(design, i)} has ${priorWeights[i]}`,
          { column: options.weights, row: rowOf(design, i) },
        );
      }
    }
  }
  const response = prepareResponse(
    design,
    family.name,
    family.link.name,
    priorWeights,
    options.levels,
  );

  let offset: Float64Array | null =
    design.offset === null ? null : Float64Array.from(design.offset);
  let offsetLabel: string | null = null;
  if (options.offset !== undefined) {
    let values: Float64Array;
    if (typeof options.offset === 'string') {
      values = numericExtra(design, 'offset', options.offset);
      offsetLabel = options.offset;
    } else {
      const all = options.offset;
      const total = design.nrow + design.nDropped;
      if (all.length !== total) {
        throw new InvalidArgumentError(
          'offset',
          `${CALLER} requires offset values for every data row (${total}); received ${all.length}`,
        );
      }
      values = Float64Array.from(design.rows, (r) => all[r]);
      offsetLabel = 'values';
    }
    if (offset === null) offset = values;
    else for (let i = 0; i < n; i++) offset[i] += values[i];
  }

  requireFiniteDesign(design, offset);

  let nOk = 0;
  for (let i = 0; i < n; i++) if (response.weights[i] > 0) nOk++;
  if (p > nOk) {
    throw new InvalidArgumentError(
      'formula',
      `${CALLER} requires at most as many coefficients as observations; the design has ${p} columns (${design.columns.join(', ')}) and ${nOk} observations`,
    );
  }

  let cluster: { codes: Int32Array[]; label: string } | null = null;
  if (vcovType === 'cluster') {
    if (clusterRoles.length > 0) {
      cluster = {
        codes: clusterRoles.map(([name, role]) => clusterCodes(design, name, role)),
        label: clusterRoles.map(([name]) => name).join(', '),
      };
    } else if (design.cluster !== null) {
      if (design.cluster.levels.length < 2) {
        throw new DataError(
          `${CALLER} requires at least 2 clusters for vcov 'cluster'; ${design.cluster.label} has ${design.cluster.levels.length} on the ${n} rows used`,
          { column: design.cluster.label },
        );
      }
      cluster = { codes: [design.cluster.codes], label: design.cluster.label };
    } else {
      throw new InvalidArgumentError(
        'cluster',
        `${CALLER} requires a cluster column (option cluster or a cluster() term) for vcov 'cluster'`,
      );
    }
  }

  const runFit = (theta: number | null, mustart: Float64Array | null) =>
    glmFit(design.matrix, n, p, response.y, {
      family: theta === null && family.name === 'negative.binomial' ? 'poisson' : family.name,
      link: family.link.name,
      weights: response.weights,
      offset,
      trials: response.trials,
      intercept: design.hasIntercept,
      start: mustart === null ? (options.start ?? null) : null,
      mustart,
      tolerance: options.tolerance,
      maxIter: options.maxIter,
      method,
      caller: CALLER,
      theta: theta ?? options.theta,
    });
  // Negative binomial without a given theta: MASS's glm.nb alternation (theta by ML).
  const nb =
    family.name === 'negative.binomial' && options.theta === undefined
      ? fitNegativeBinomial(
          (theta, mustart) => {
            const result = runFit(theta, mustart);
            return { result, mu: result.fitted, dfResidual: result.dfResidual };
          },
          response.y,
          response.weights,
          n,
          options.tolerance ?? 1e-8,
          options.maxIter ?? 25,
        )
      : null;
  const fit = nb === null ? runFit(options.theta ?? null, null) : nb.result;
  if (nb !== null) {
    family = resolveFamily(CALLER, family.name, family.link.name, undefined, nb.theta.theta);
    // glm.nb: logLik is Lm at the final theta, aic = -2 Lm + 2 rank + 2.
    fit.logLik = nb.logLik;
    fit.aic = -2 * nb.logLik + 2 * fit.rank + 2;
  }
  const warnings: GlmWarning[] = [...response.warnings, ...fit.warnings];
  if (nb?.thetaWarnings.some((w) => w !== null)) {
    warnings.push(
      glmWarnings.thetaLimit(
        CALLER,
        nb.thetaWarnings.includes('truncated') ? 'truncated' : 'limit',
      ),
    );
  }
  if (nb !== null && !nb.converged) {
    warnings.push(glmWarnings.notConverged(CALLER, 'theta', options.maxIter ?? 25));
  }

  // Separation (binomial): an exact LP check, run when asked or when the fit shows the signs.
  const separationStep = await checkSeparation({
    design,
    y: response.y,
    weights: response.weights,
    fit,
    binomial: binomialLike(family.name),
    mode: separationMode,
    method,
  });
  const separation = separationStep.separation;
  warnings.push(...separationStep.warnings);

  // Covariance of the chosen type.
  // Deliberate differences from R, each stated in the result (README, "Known differences").
  if (vcovType !== 'classical' && response.weights.some((w) => w === 0)) {
    warnings.push(glmWarnings.zeroWeightsSandwich(CALLER, vcovType));
  }
  if (method === 'firth' && offset !== null && design.hasIntercept) {
    warnings.push(glmWarnings.firthNullDeviance(CALLER));
  }
  const sandwich = vcovMatrix({
    x: design.matrix,
    nrow: n,
    ncol: p,
    aliased: fit.aliased,
    covUnscaled: fit.covUnscaled,
    dispersion: fit.dispersion,
    workingWeights: fit.workingWeights,
    workingResiduals: fit.workingResiduals,
    priorWeights: response.weights,
    type: vcovType,
    cluster: cluster?.codes ?? null,
    clusterType: options.clusterType,
  });
  if (sandwich.unstableRows.length > 0) {
    const terms = sandwich.undefinedColumns.map((j) => design.columns[j]);
    const rows = sandwich.unstableRows.map((i) => rowOf(design, i));
    warnings.push(glmWarnings.hc3Unstable(CALLER, vcovType, terms, rows));
  }
  const classicalSe = Array.from({ length: p }, (_, j) =>
    fit.aliased[j] ? Number.NaN : Math.sqrt(fit.dispersion * fit.covUnscaled[j * p + j]),
  );

  // Profile-likelihood intervals (maximum likelihood, converged, not separated).
  let profile: { lower: (number | null)[]; upper: (number | null)[] } | null = null;
  const profileOption = options.profile ?? 'auto';
  let wantProfile = profileOption === true || profileOption === 'spline';
  if (profileOption === 'auto') {
    wantProfile = fit.nobs * p <= PROFILE_AUTO_CELLS;
    if (!wantProfile && method === 'ml') {
      warnings.push(glmWarnings.profileSkipped(CALLER, fit.nobs, p));
    }
  }
  // Under separation the coefficients with infinite estimates are skipped; the others still get
  // their limits (MASS's profile does the same).
  const infinite = new Set(
    design.columns
      .map((_, j) => j)
      .filter((j) => separation.infiniteTerms.includes(design.columns[j])),
  );
  if (
    wantProfile &&
    method === 'ml' &&
    (fit.converged || separation.separation) &&
    Number.isFinite(fit.dispersion)
  ) {
    profile = (profileOption === 'spline' ? splineProfile : profileIntervals)({
      x: design.matrix,
      nrow: n,
      ncol: p,
      y: response.y,
      weights: response.weights,
      offset,
      trials: response.trials,
      family,
      coefficients: fit.coefficients,
      fitted: fit.fitted,
      aliased: fit.aliased,
      deviance: fit.deviance,
      dispersion: fit.dispersion,
      se: classicalSe,
      confLevel,
      caller: CALLER,
      skip: infinite,
      tolerance: options.tolerance,
      maxIter: options.maxIter,
    });
  }

  const useT = !family.fixedDispersion;
  const zq = qnorm(1 - (1 - confLevel) / 2);
  const coefficients: GlmCoefficient[] = design.columns.map((term, j) => {
    if (fit.aliased[j]) {
      return {
        term,
        estimate: null,
        stdError: null,
        statistic: null,
        pValue: null,
        lower: null,
        upper: null,
        profileLower: null,
        profileUpper: null,
      };
    }
    const estimate = fit.coefficients[j];
    const se = Math.sqrt(sandwich.vcov[j * p + j]);
    const statistic = estimate / se;
    const pValue = useT
      ? 2 * pt(Math.abs(statistic), fit.dfResidual, false)
      : 2 * pnorm(Math.abs(statistic), 0, 1, false);
    return {
      term,
      estimate,
      stdError: finiteOrNull(se),
      statistic: finiteOrNull(statistic),
      pValue: finiteOrNull(pValue),
      lower: finiteOrNull(estimate - zq * se),
      upper: finiteOrNull(estimate + zq * se),
      profileLower: profile?.lower[j] ?? null,
      profileUpper: profile?.upper[j] ?? null,
    };
  });
  if (profile !== null) {
    const missing = coefficients.filter(
      (c, j) =>
        c.estimate !== null &&
        !infinite.has(j) &&
        (c.profileLower === null || c.profileUpper === null),
    );
    if (missing.length > 0) {
      warnings.push(
        glmWarnings.profileIncomplete(
          CALLER,
          missing.map((c) => c.term),
        ),
      );
    }
  }
  const vcov = Array.from({ length: p }, (_, a) =>
    Array.from({ length: p }, (_, b) => finiteOrNull(sandwich.vcov[b * p + a])),
  );

  // R's attr(logLik(fit), 'df'): the rank, plus the dispersion of gaussian, Gamma and
  // inverse.gaussian (stats' logLik.glm) and an estimated theta (MASS's logLik.negbin).
  const df =
    fit.rank +
    (['gaussian', 'Gamma', 'inverse.gaussian'].includes(family.name) || nb !== null ? 1 : 0);
  return {
    kind: 'glm',
    formula: design.formula,
    family: family.name,
    link: family.link.name,
    method,
    vcovType,
    cluster: cluster?.label ?? null,
    nClusters: sandwich.nClusters,
    ...(cluster !== null && cluster.codes.length > 1
      ? { nClustersByDimension: sandwich.nClustersByDimension ?? undefined }
      : {}),
    ...(cluster !== null ? { clusterType: options.clusterType ?? 'HC1' } : {}),
    weights: options.weights ?? null,
    offset: offsetLabel,
    statisticType: useT ? 't' : 'z',
    confLevel,
    intervals: {
      wald: 'normal',
      profile:
        profile === null
          ? null
          : profileOption === 'spline'
            ? 'likelihood-ratio (MASS profile and spline, as R confint)'
            : 'likelihood-ratio (exact roots)',
    },
    coefficients,
    vcov,
    logLik: fit.logLik,
    df,
    deviance: fit.deviance,
    nullDeviance: fit.nullDeviance,
    aic: fit.aic,
    bic: -2 * fit.logLik + Math.log(n) * df,
    nEvents: binomialLike(family.name) ? weightedSuccesses(response.y, response.weights) : null,
    dfResidual: fit.dfResidual,
    dfNull: fit.dfNull,
    nobs: fit.nobs,
    nDropped: design.nDropped,
    ...(family.name === 'negative.binomial'
      ? {
          theta: nb?.theta.theta ?? (options.theta as number),
          thetaStdError: nb?.theta.standardError ?? null,
        }
      : {}),
    ...(response.levels === undefined ? {} : { responseLevels: response.levels }),
    dispersion: fit.dispersion,
    converged: fit.converged,
    iterations: fit.iterations,
    warnings,
    separation,
    design: design.spec,
  };
}
