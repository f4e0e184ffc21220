/**
 * The estimation step of fitGlm: glm.fit's IRLS (or brglm2's Firth fit) through the kernel
 * glmFit, and for a negative binomial without a given theta MASS's glm.nb alternation of theta
 * and the coefficients.
 */
import type { FitGlmOptions } from '../fit-glm.ts';
import { type GlmFitResult, glmFit } from '../glm-fit.ts';
import { type Family, resolveFamily } from '../internal/family.ts';
import { fitNegativeBinomial, type NegativeBinomialFit } from '../internal/negative-binomial.ts';
import { type GlmWarning, glmWarnings } from '../warnings.ts';
import type { ModelData } from './model-data.ts';
import { CALLER } from './response.ts';
import type { FitSettings } from './settings.ts';

export interface Estimation {
  fit: GlmFitResult;
  /** The family, with glm.nb's theta when it was estimated. */
  family: Family;
  nb: NegativeBinomialFit<GlmFitResult> | null;
  /** The response's warnings, the fit's and glm.nb's. */
  warnings: GlmWarning[];
}

export function estimate(
  model: ModelData,
  settings: FitSettings,
  options: FitGlmOptions,
): Estimation {
  const { design, response, offset } = model;
  let { family } = settings;
  const runFit = (theta: number | null, mustart: Float64Array | null) =>
    glmFit(design.matrix, design.nrow, design.ncol, response.y, {
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
      threads: options.threads,
      method: settings.method,
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
          design.nrow,
          options.tolerance ?? 1e-8,
          options.maxIter ?? 25,
        )
      : null;
  const fit = nb === null ? runFit(options.theta ?? null, null) : nb.result;
  const warnings: GlmWarning[] = [...response.warnings, ...fit.warnings];
  if (nb !== null) {
    family = resolveFamily(CALLER, family.name, family.link.name, undefined, nb.theta.theta);
    // glm.nb: logLik is Lm at the final theta, aic = -2 Lm + 2 rank + 2.
    fit.logLik = nb.logLik;
    fit.aic = -2 * nb.logLik + 2 * fit.rank + 2;
    if (nb.thetaWarnings.some((w) => w !== null)) {
      const cause = nb.thetaWarnings.includes('truncated') ? 'truncated' : 'limit';
      warnings.push(glmWarnings.thetaLimit(CALLER, cause));
    }
    if (!nb.converged) {
      warnings.push(glmWarnings.notConverged(CALLER, 'theta', options.maxIter ?? 25));
    }
  }
  return { fit, family, nb, warnings };
}
