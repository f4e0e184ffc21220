/**
 * The warnings of fitBayesGlm, one builder per code (R's bayesglm.fit message in parentheses).
 */
import { type MusterWarning, warning } from '@muster/core';
import type { GlmSeparation } from '../types.ts';
import type { BayesIrlsOutput } from './bayes-irls.ts';
import { BAYES_CALLER } from './options.ts';

const EPS10 = 10 * 2.220446049250313e-16;

export const bayesWarnings = {
  priorScaleRaised(column: string, j: number, minScale: number): MusterWarning {
    return warning(
      'glm-prior-scale-raised',
      `${BAYES_CALLER}: the prior scale of ${column} fell below minPriorScale and was set to ${minScale} (R: prior scale for varible ${j + 1} set to min.prior.scale)`,
      [column],
    );
  },

  /** Separation: the estimates of the infinite terms are where the prior holds the likelihood. */
  priorDriven(separation: GlmSeparation): MusterWarning {
    return warning(
      'glm-prior-driven',
      `${BAYES_CALLER}: ${separation.kind} separation: the likelihood alone has no finite maximum along ${separation.infiniteTerms.join(', ')}; the estimates there are set by the prior (see prior.scale), so report the prior with them`,
      separation.infiniteTerms,
    );
  },
};

/** R's warnings at the end of bayesglm.fit, from the kernel's output. */
export function fitWarnings(fit: BayesIrlsOutput, maxIter: number): MusterWarning[] {
  const out: MusterWarning[] = [];
  if (fit.failure === 'no-informative-rows') {
    out.push(
      warning('glm-no-information', `${BAYES_CALLER}: no observations informative at an iteration`),
    );
  } else if (fit.failure === 'non-finite-coefficients') {
    out.push(
      warning('glm-non-finite', `${BAYES_CALLER}: non-finite coefficients during the iterations`),
    );
  } else if (fit.failure === 'step-halving-failed') {
    out.push(
      warning(
        'glm-step-halving',
        `${BAYES_CALLER}: step halving could not find valid coefficients`,
      ),
    );
  }
  if (!fit.converged) {
    out.push(
      warning(
        'not-converged',
        `${BAYES_CALLER}: the algorithm did not converge in ${maxIter} iterations (R: bayesglm: algorithm did not converge); raise maxIter`,
      ),
    );
  }
  if (fit.boundary) {
    out.push(
      warning(
        'glm-boundary',
        `${BAYES_CALLER}: the algorithm stopped at a boundary value (R: algorithm stopped at boundary value)`,
      ),
    );
  }
  if (fit.fitted.some((m) => m > 1 - EPS10 || m < EPS10)) {
    out.push(
      warning(
        'glm-fitted-probabilities-0-1',
        `${BAYES_CALLER}: fitted probabilities numerically 0 or 1 occurred (R: bayesglm: fitted probabilities numerically 0 or 1 occurred)`,
      ),
    );
  }
  return out;
}
