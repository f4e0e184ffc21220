/**
 * The result object of fitBayesGlm from the kernel's output: coefficient rows, deviances, AIC
 * and log-likelihood as R's glm methods compute them on a bayesglm fit.
 */
import type { MusterWarning } from '@muster/core';
import type { BayesGlmResult } from '../fit-bayes-glm.ts';
import type { Family } from '../internal/family.ts';
import { matrixRows, waldRows } from '../internal/wald-rows.ts';
import type { GlmSeparation } from '../types.ts';
import type { BayesIrlsOutput } from './bayes-irls.ts';
import type { ModelInput } from './model-input.ts';
import type { FitBayesGlmOptions, ResolvedBayesOptions } from './options.ts';

export interface AssembleInput {
  formula: string;
  options: FitBayesGlmOptions;
  resolved: ResolvedBayesOptions;
  input: ModelInput;
  family: Family;
  fit: BayesIrlsOutput;
  prior: { mean: Float64Array; df: Float64Array };
  scale: Float64Array;
  separation: GlmSeparation;
  warnings: MusterWarning[];
}

function methodOf(df: Float64Array, intercept: boolean): BayesGlmResult['method'] {
  const slopes = Array.from(df).slice(intercept ? 1 : 0);
  if (slopes.every((d) => d === 1)) return 'bayes-cauchy';
  if (slopes.every((d) => d === Number.POSITIVE_INFINITY)) return 'bayes-normal';
  return 'bayes-t';
}

/** Deviance of the intercept-only (or, without intercept, eta = 0) fit, as bayesglm.fit. */
function nullDeviance(input: ModelInput, family: Family, intercept: boolean): number {
  const { y, weights } = input.response;
  const n = y.length;
  let mu0 = family.link.linkinv(0);
  if (intercept) {
    let sw = 0;
    let swy = 0;
    for (let i = 0; i < n; i++) {
      sw += weights[i];
      swy += weights[i] * y[i];
    }
    mu0 = swy / sw;
  }
  return family.deviance(y, new Float64Array(n).fill(mu0), weights, n);
}

export function assembleResult(a: AssembleInput): BayesGlmResult {
  const { design, response } = a.input;
  const p = design.ncol;
  const n = design.nrow;
  const intercept = design.hasIntercept;
  let nobs = 0;
  for (let i = 0; i < n; i++) if (response.weights[i] !== 0) nobs++;
  const aic =
    a.family.aic(response.y, response.trials, a.fit.fitted, response.weights, a.fit.deviance, n) +
    2 * p;
  const logLik = p - aic / 2;
  return {
    kind: 'glm',
    formula: design.formula,
    method: methodOf(a.prior.df, intercept),
    family: 'binomial',
    link: a.resolved.link,
    confLevel: a.resolved.confLevel,
    vcovType: 'posterior',
    vcov: matrixRows(a.fit.covariance, p),
    statisticType: 'z',
    dfResidual: nobs - p,
    coefficients: waldRows(
      design.columns,
      a.fit.coefficients,
      a.fit.covariance,
      a.resolved.confLevel,
    ),
    nobs,
    nEvents: Math.round(response.y.reduce((s, v, i) => s + v * response.weights[i], 0)),
    nClusters: null,
    cluster: null,
    weights: a.options.weights ?? null,
    offset: null,
    intervals: { wald: 'normal', profile: null },
    prior: {
      distribution: Array.from(a.prior.df, (d) =>
        d === 1 ? 'cauchy' : d === Number.POSITIVE_INFINITY ? 'normal' : 't',
      ),
      mean: Array.from(a.prior.mean),
      scale: Array.from(a.scale),
      df: Array.from(a.prior.df, (d) => (Number.isFinite(d) ? d : null)),
      sd: Array.from(a.fit.priorSd),
      scaled: a.resolved.scaled,
    },
    logLik,
    df: p,
    aic,
    bic: -2 * logLik + Math.log(nobs) * p,
    deviance: a.fit.deviance,
    nullDeviance: nullDeviance(a.input, a.family, intercept),
    dfNull: nobs - (intercept ? 1 : 0),
    nDropped: design.nDropped,
    dispersion: 1,
    ...(response.levels === undefined ? {} : { responseLevels: response.levels }),
    separation: a.separation,
    design: design.spec,
    converged: a.fit.converged,
    iterations: a.fit.iterations,
    warnings: a.warnings,
  };
}
