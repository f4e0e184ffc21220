/**
 * The warnings of fitBayesGlm from the kernel's output (R's bayesglm.fit message in each); the
 * messages are built in ../warnings.ts.
 */
import type { GlmSeparation } from '../types.ts';
import { type GlmWarning, glmWarnings } from '../warnings.ts';
import type { BayesIrlsOutput } from './bayes-irls.ts';
import { BAYES_CALLER } from './options.ts';

const EPS10 = 10 * 2.220446049250313e-16;

export const bayesWarnings = {
  priorScaleRaised(column: string, j: number, minScale: number): GlmWarning {
    return glmWarnings.priorScaleRaised(BAYES_CALLER, column, j, minScale);
  },

  /** Separation: the estimates of the infinite terms are where the prior holds the likelihood. */
  priorDriven(separation: GlmSeparation): GlmWarning {
    return glmWarnings.priorDriven(BAYES_CALLER, separation.kind, separation.infiniteTerms);
  },
};

/** R's warnings at the end of bayesglm.fit, from the kernel's output. */
export function fitWarnings(fit: BayesIrlsOutput, maxIter: number): GlmWarning[] {
  const out: GlmWarning[] = [];
  if (fit.failure === 'no-informative-rows') out.push(glmWarnings.noInformation(BAYES_CALLER));
  else if (fit.failure === 'non-finite-coefficients') out.push(glmWarnings.nonFinite(BAYES_CALLER));
  else if (fit.failure === 'step-halving-failed') {
    out.push(glmWarnings.stepHalvingFailed(BAYES_CALLER));
  }
  if (!fit.converged) out.push(glmWarnings.notConverged(BAYES_CALLER, 'bayes', maxIter));
  if (fit.boundary) out.push(glmWarnings.boundary(BAYES_CALLER, 'bayesglm'));
  if (fit.fitted.some((m) => m > 1 - EPS10 || m < EPS10)) {
    out.push(glmWarnings.fittedProbabilities(BAYES_CALLER, 'bayesglm'));
  }
  return out;
}
