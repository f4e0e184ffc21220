/**
 * The last step of fitGlm: coefficient rows (tests and Wald limits from the chosen covariance,
 * the profile limits) and the result object with the fields every Muster fit shares.
 */
import { pnorm, pt, qnorm } from '@muster/core';
import type { FitGlmOptions } from '../fit-glm.ts';
import type { SandwichOutput } from '../internal/sandwich.ts';
import type { GlmCoefficient, GlmResult, GlmSeparation } from '../types.ts';
import type { GlmWarning } from '../warnings.ts';
import type { Estimation } from './estimation.ts';
import type { ModelData } from './model-data.ts';
import type { ProfileStep } from './profile-step.ts';
import { binomialLike } from './response.ts';
import type { FitSettings } from './settings.ts';

function finiteOrNull(v: number): number | null {
  return Number.isFinite(v) ? v : null;
}

/**
 * One row per design column: z tests (t with the residual df where the dispersion is estimated)
 * and Wald limits estimate -/+ qnorm(1 - (1 - confLevel) / 2) se (R's confint.default), all null
 * for an aliased column.
 */
export function coefficientRows(
  model: ModelData,
  estimation: Estimation,
  sandwich: SandwichOutput,
  profile: ProfileStep,
  confLevel: number,
): GlmCoefficient[] {
  const { fit, family } = estimation;
  const p = model.design.ncol;
  const zq = qnorm(1 - (1 - confLevel) / 2);
  return model.design.columns.map((term, j) => {
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
    const pValue = family.fixedDispersion
      ? 2 * pnorm(Math.abs(statistic), 0, 1, false)
      : 2 * pt(Math.abs(statistic), fit.dfResidual, false);
    return {
      term,
      estimate,
      stdError: finiteOrNull(se),
      statistic: finiteOrNull(statistic),
      pValue: finiteOrNull(pValue),
      lower: finiteOrNull(estimate - zq * se),
      upper: finiteOrNull(estimate + zq * se),
      profileLower: profile.limits?.lower[j] ?? null,
      profileUpper: profile.limits?.upper[j] ?? null,
    };
  });
}

/** sum(prior weight x y): the successes of a binomial response (R's sum(fit$prior.weights * fit$y)). */
function weightedSuccesses(y: Float64Array, weights: Float64Array): number {
  let total = 0;
  for (let i = 0; i < y.length; i++) total += weights[i] * y[i];
  return total;
}

export interface ResultParts {
  model: ModelData;
  settings: FitSettings;
  estimation: Estimation;
  separation: GlmSeparation;
  sandwich: SandwichOutput;
  profile: ProfileStep;
  coefficients: GlmCoefficient[];
  warnings: GlmWarning[];
}

/** The result object of fitGlm from its steps. */
export function assembleResult(parts: ResultParts, options: FitGlmOptions): GlmResult {
  const { model, settings, estimation, sandwich, coefficients } = parts;
  const { design, response, cluster } = model;
  const { fit, family, nb } = estimation;
  const p = design.ncol;
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
    method: settings.method,
    vcovType: settings.vcovType,
    cluster: cluster?.label ?? null,
    nClusters: sandwich.nClusters,
    ...(cluster !== null && cluster.codes.length > 1
      ? { nClustersByDimension: sandwich.nClustersByDimension ?? undefined }
      : {}),
    ...(cluster !== null ? { clusterType: options.clusterType ?? 'HC1' } : {}),
    weights: options.weights ?? null,
    offset: model.offsetLabel,
    statisticType: family.fixedDispersion ? 'z' : 't',
    confLevel: settings.confLevel,
    intervals: { wald: 'normal', profile: parts.profile.method },
    coefficients,
    vcov: Array.from({ length: p }, (_, a) =>
      Array.from({ length: p }, (_, b) => finiteOrNull(sandwich.vcov[b * p + a])),
    ),
    logLik: fit.logLik,
    df,
    deviance: fit.deviance,
    nullDeviance: fit.nullDeviance,
    aic: fit.aic,
    // R's BIC: n counts every row of the fit (logLik's nobs attribute), zero weights included.
    bic: -2 * fit.logLik + Math.log(design.nrow) * df,
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
    warnings: parts.warnings,
    separation: parts.separation,
    design: design.spec,
  };
}
