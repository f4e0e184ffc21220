/**
 * The estimation of glmFit: R's glm.fit IRLS (`method: 'ml'`) or brglm2's mean bias-reducing
 * fit (`'firth'`) on the columns brglm2 keeps, with R's warnings about the iterations and about
 * fitted values at the boundary of the parameter space.
 */
import { qrDecompose } from '@muster/core';
import { firthFit } from '../internal/firth.ts';
import { type IrlsEvent, irls } from '../internal/irls.ts';
import { selectColumns } from '../internal/matrix.ts';
import { unscaledCovariance } from '../internal/weighted-factor.ts';
import { type GlmWarning, glmWarnings } from '../warnings.ts';
import type { KernelInputs } from './kernel-inputs.ts';

/** The estimates and the quantities of the last iteration, for either method. */
export interface KernelEstimate {
  /** NaN for aliased columns. */
  coefficients: Float64Array;
  aliased: Uint8Array;
  rank: number;
  /** (X'WX)^-1, p x p column-major, NaN rows and columns for aliased columns. */
  covUnscaled: Float64Array;
  eta: Float64Array;
  mu: Float64Array;
  workingWeights: Float64Array;
  workingResiduals: Float64Array;
  deviance: number;
  converged: boolean;
  boundary: boolean;
  iterations: number;
  solver: 'cholesky' | 'qr';
  warnings: GlmWarning[];
}

const EPS10 = 10 * 2.220446049250313e-16;

export function kernelEstimate(input: KernelInputs): KernelEstimate {
  const estimate = input.method === 'ml' ? mlEstimate(input) : firthEstimate(input);
  estimate.warnings.push(...boundaryFitWarnings(input, estimate.mu));
  return estimate;
}

/** R's glm.fit. */
function mlEstimate(input: KernelInputs): KernelEstimate {
  const { x, n, p, caller, maxIter } = input;
  const fit = irls({
    x,
    nrow: n,
    ncol: p,
    y: input.y,
    weights: input.weights,
    offset: input.offset,
    trials: input.trials,
    family: input.family,
    start: input.start,
    mustart: input.mustart,
    tolerance: input.tolerance,
    maxIter,
    caller,
    parallel: { threads: input.threads },
  });
  return {
    coefficients: fit.coefficients,
    aliased: fit.aliased,
    rank: fit.rank,
    covUnscaled:
      fit.factor === null
        ? new Float64Array(p * p).fill(Number.NaN)
        : unscaledCovariance(fit.factor),
    eta: fit.eta,
    mu: fit.mu,
    workingWeights: fit.workingWeights,
    workingResiduals: fit.workingResiduals,
    deviance: fit.deviance,
    converged: fit.converged,
    boundary: fit.boundary,
    iterations: fit.iterations,
    solver: fit.solver,
    warnings: eventWarnings(caller, fit.events, maxIter),
  };
}

/** brglm2's brglmFit (AS_mean) on the columns its check_aliasing keeps. */
function firthEstimate(input: KernelInputs): KernelEstimate {
  const { x, n, p, caller, maxIter, family } = input;
  // brglm2's check_aliasing: qr(x) with R's default tolerance 1e-7, aliased columns dropped.
  const qr = qrDecompose(x, n, p, 1e-7);
  const aliased = new Uint8Array(p);
  for (let j = qr.rank; j < p; j++) aliased[qr.pivot[j]] = 1;
  const keep: number[] = [];
  for (let j = 0; j < p; j++) if (!aliased[j]) keep.push(j);
  const fit = firthFit({
    x: keep.length === p ? x : selectColumns(x, n, keep),
    nrow: n,
    ncol: keep.length,
    y: input.y,
    weights: input.weights,
    offset: input.offset,
    family,
    tolerance: input.tolerance,
    maxIter,
    caller,
  });
  const coefficients = new Float64Array(p).fill(Number.NaN);
  const covUnscaled = new Float64Array(p * p).fill(Number.NaN);
  const cov = unscaledCovariance(fit.factor);
  keep.forEach((j, a) => {
    coefficients[j] = fit.coefficients[a];
    keep.forEach((k, b) => {
      covUnscaled[k * p + j] = cov[b * keep.length + a];
    });
  });
  const warnings: GlmWarning[] = [];
  if (!fit.converged) warnings.push(glmWarnings.notConverged(caller, 'firth', maxIter));
  if (fit.fallback) warnings.push(glmWarnings.firthFallback(caller));
  return {
    coefficients,
    aliased,
    rank: keep.length,
    covUnscaled,
    eta: fit.eta,
    mu: fit.mu,
    workingWeights: fit.workingWeights,
    workingResiduals: fit.workingResiduals,
    deviance: family.deviance(input.y, fit.mu, input.weights, n),
    converged: fit.converged,
    boundary: false,
    iterations: fit.iterations,
    solver: fit.factor.kind,
    warnings,
  };
}

/** R's warnings for the IRLS events, each once, in the order they first occurred. */
export function eventWarnings(caller: string, events: IrlsEvent[], maxIter: number): GlmWarning[] {
  const out: GlmWarning[] = [];
  for (const e of new Set(events)) {
    switch (e) {
      case 'not-converged':
        out.push(glmWarnings.notConverged(caller, 'irls', maxIter));
        break;
      case 'boundary':
        out.push(glmWarnings.boundary(caller));
        break;
      case 'step-divergence':
        out.push(glmWarnings.stepHalving(caller, 'divergence'));
        break;
      case 'step-out-of-bounds':
        out.push(glmWarnings.stepHalving(caller, 'out-of-bounds'));
        break;
      case 'non-finite-coefficients':
        out.push(glmWarnings.nonFinite(caller));
        break;
      case 'no-informative-observations':
        out.push(glmWarnings.noInformation(caller));
        break;
    }
  }
  return out;
}

/** glm.fit's warnings on fitted probabilities of 0 or 1 and fitted rates of 0. */
function boundaryFitWarnings(input: KernelInputs, mu: Float64Array): GlmWarning[] {
  const { family, n, caller } = input;
  if (family.name === 'binomial') {
    for (let i = 0; i < n; i++) {
      if (mu[i] > 1 - EPS10 || mu[i] < EPS10) return [glmWarnings.fittedProbabilities(caller)];
    }
  }
  if (family.name === 'poisson') {
    for (let i = 0; i < n; i++) if (mu[i] < EPS10) return [glmWarnings.fittedRates(caller)];
  }
  return [];
}
