/**
 * The null deviance of glmFit, as glm() reports it: glm.fit's weighted mean (or linkinv(offset)
 * without an intercept); with an offset and an intercept, glm() refits the intercept-only model
 * with the offset, starting from the fitted means; a Firth fit refits the intercept-only
 * bias-reduced model.
 */
import { firthFit } from '../internal/firth.ts';
import { irls } from '../internal/irls.ts';
import { type GlmWarning, glmWarnings } from '../warnings.ts';
import type { KernelInputs } from './kernel-inputs.ts';

export function nullDeviance(
  input: KernelInputs,
  mu: Float64Array,
): { nullDeviance: number; warnings: GlmWarning[] } {
  const { n, y, weights, offset, family, caller, tolerance } = input;
  if (!input.intercept || (offset === null && input.method === 'ml')) {
    return { nullDeviance: constantNullDeviance(input), warnings: [] };
  }
  const ones = new Float64Array(n).fill(1);
  if (input.method === 'firth') {
    const fit = firthFit({
      x: ones,
      nrow: n,
      ncol: 1,
      y,
      weights,
      offset,
      family,
      tolerance,
      maxIter: 1000,
      caller,
    });
    return { nullDeviance: family.deviance(y, fit.mu, weights, n), warnings: [] };
  }
  const fit = irls({
    x: ones,
    nrow: n,
    ncol: 1,
    y,
    weights,
    offset,
    trials: input.trials,
    family,
    mustart: mu,
    tolerance,
    maxIter: input.maxIter,
    caller,
    parallel: { threads: input.threads },
  });
  const warnings = fit.converged ? [] : [glmWarnings.nullNotConverged(caller)];
  return { nullDeviance: fit.deviance, warnings };
}

/** The weighted mean with an intercept, g^-1(offset) without (no n-vector needed). */
function constantNullDeviance(input: KernelInputs): number {
  const { n, y, weights, offset, family, intercept } = input;
  let constant = Number.NaN;
  if (intercept) {
    let sw = 0;
    let swy = 0;
    for (let i = 0; i < n; i++) {
      sw += weights[i];
      swy += weights[i] * y[i];
    }
    constant = swy / sw;
  }
  const linkinv = family.link.linkinv;
  let deviance = 0;
  // A row like the one before it (same response, weight and mean: most rows of 0/1 data with
  // an intercept) adds the same deviance term, so it is reused rather than computed again.
  let lastY = Number.NaN;
  let lastW = Number.NaN;
  let lastM = Number.NaN;
  let lastD = 0;
  for (let i = 0; i < n; i++) {
    const m = intercept ? constant : linkinv(offset === null ? 0 : offset[i]);
    const yi = y[i];
    const wi = weights[i];
    if (!(sameNumber(yi, lastY) && sameNumber(wi, lastW) && sameNumber(m, lastM))) {
      lastY = yi;
      lastW = wi;
      lastM = m;
      lastD = family.devResid(yi, m, wi);
    }
    deviance += lastD;
  }
  return deviance;
}

/** a and b are the same number, zeros of different sign told apart (NaN never is). */
function sameNumber(a: number, b: number): boolean {
  return a === b && (a !== 0 || 1 / a === 1 / b);
}
