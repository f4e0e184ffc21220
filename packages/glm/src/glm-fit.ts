import { kernelEstimate } from './fit/kernel-estimate.ts';
import { type KernelInputs, kernelInputs } from './fit/kernel-inputs.ts';
import { nullDeviance } from './fit/null-deviance.ts';
import type { FamilyName } from './internal/family.ts';
import type { LinkName } from './internal/link.ts';
import type { GlmWarning } from './warnings.ts';

/** Options of {@link glmFit}. */
export interface GlmFitOptions {
  /** Family (default `'gaussian'`, as R's glm.fit). */
  family?: FamilyName;
  /** Link (default: the family's canonical link, as R). */
  link?: LinkName;
  /** Prior weights, length nrow, each >= 0 (default 1). */
  weights?: ArrayLike<number> | null;
  /** Offset added to the linear predictor, length nrow (default none). */
  offset?: ArrayLike<number> | null;
  /**
   * Binomial only: totals m_i of a cbind(successes, failures) response. Then `y` holds the
   * proportions successes / m and `weights` already include m (R's glm after `initialize`).
   */
  trials?: ArrayLike<number> | null;
  /** Whether the model has an intercept (for the null deviance); default: some column is all 1. */
  intercept?: boolean;
  /** Starting coefficients (length ncol). */
  start?: ArrayLike<number> | null;
  /** Starting fitted means (length nrow), instead of the family's default. */
  mustart?: ArrayLike<number> | null;
  /** Convergence tolerance on the relative deviance change (default 1e-8; Firth: 1e-6 on the step). */
  tolerance?: number;
  /** Maximum IRLS iterations (default 25; Firth: 100). */
  maxIter?: number;
  /** `'ml'` (default) or `'firth'` (brglm2 AS_mean; binomial and poisson). */
  method?: 'ml' | 'firth';
  /** Negative binomial only: the fixed theta (MASS's negative.binomial(theta)); default 1. */
  theta?: number;
  /**
   * Threads for the passes over the rows of large fits (from 131,072 rows; the binomial,
   * poisson and gaussian families with the logit, log or identity link): the calling thread plus
   * worker threads in Node (default: every CPU, at most 8, or the environment variable
   * MUSTER_THREADS); 1 keeps the fit on the calling thread. The estimates do not depend on it:
   * the rows are summed in fixed chunks whatever the number of threads. Where worker threads do
   * not exist (browsers) the fit runs on the calling thread.
   */
  threads?: number;
  /** Name used in error messages and warnings (default `'glmFit'`). */
  caller?: string;
}

/** Result of the matrix-level {@link glmFit} (typed arrays; {@link fitGlm} builds the JSON result). */
export interface GlmFitResult {
  family: FamilyName;
  link: LinkName;
  method: 'ml' | 'firth';
  /** Estimates in column order; NaN for aliased columns. */
  coefficients: Float64Array;
  /** true for a column R would report as aliased (NA). */
  aliased: boolean[];
  rank: number;
  /** (X'WX)^-1 at the last step, ncol x ncol column-major, NaN rows/columns for aliased. */
  covUnscaled: Float64Array;
  /** 1 for binomial and poisson; Pearson chi-square / dfResidual otherwise. */
  dispersion: number;
  linearPredictor: Float64Array;
  fitted: Float64Array;
  /** R's fit$weights: working weights of the last IRLS step. */
  workingWeights: Float64Array;
  /** R's working residuals (y - mu) / mu.eta. */
  workingResiduals: Float64Array;
  priorWeights: Float64Array;
  y: Float64Array;
  deviance: number;
  nullDeviance: number;
  aic: number;
  logLik: number;
  dfResidual: number;
  dfNull: number;
  /** Observations with a positive prior weight (R's n.ok). */
  nobs: number;
  converged: boolean;
  boundary: boolean;
  iterations: number;
  warnings: GlmWarning[];
  /** Which factorisation solved the last step. */
  solver: 'cholesky' | 'qr';
}

/**
 * Fit a generalised linear model to a design matrix: R's `glm.fit` (IRLS with its starting
 * values, convergence rule and step halving), the null deviance and AIC of `glm()`, and brglm2's
 * mean bias-reducing fit (`method: 'firth'`).
 *
 * Method: see docs/algorithm.md. Each IRLS step solves the weighted least-squares problem by a
 * Cholesky factorisation of the equilibrated X'WX in increment form when the weighted design is
 * well conditioned, and by R's pivoted Householder QR (LINPACK dqrdc2, tolerance 1e-11)
 * otherwise, so aliased columns are those R reports as NA.
 * References: McCullagh & Nelder, *Generalized Linear Models* (2nd ed., 1989), ch. 2;
 * R's stats::glm.fit; Kosmidis & Firth (2009), Biometrika 96(4), 793-804.
 *
 * @param x - design matrix, nrow x ncol, column-major (not modified)
 * @param nrow - rows (observations)
 * @param ncol - columns (coefficients)
 * @param y - response, length nrow (binomial: 0/1 or proportions; see `options.trials`)
 * @param options - family, link, weights, offset, start, convergence control, method
 * @returns estimates, unscaled covariance, deviances, AIC, log-likelihood and convergence
 *   information (typed arrays; see {@link fitGlm} for the formula interface and JSON result)
 * @throws InvalidArgumentError for bad dimensions, family or link; NumericalError where R's
 *   glm.fit stops (no valid starting values)
 * @example
 * ```ts
 * // Logistic regression of y on an intercept and x.
 * const x = new Float64Array([1, 1, 1, 1, 1, 1, 1, 2, 3, 4, 5, 6]);
 * const fit = glmFit(x, 6, 2, new Float64Array([0, 0, 1, 0, 1, 1]), { family: 'binomial' });
 * Array.from(fit.coefficients).map((b) => b.toFixed(4));
 * // => ['-4.2491', '1.2140']
 * ```
 */
export function glmFit(
  x: Float64Array,
  nrow: number,
  ncol: number,
  y: ArrayLike<number>,
  options: GlmFitOptions = {},
): GlmFitResult {
  const input = kernelInputs(x, nrow, ncol, y, options);
  const estimate = kernelEstimate(input);
  const nullStep = nullDeviance(input, estimate.mu);
  const { family, n, y: yy, weights } = input;
  const { rank, mu, deviance } = estimate;
  let nZero = 0;
  for (let i = 0; i < n; i++) if (weights[i] === 0) nZero++;
  const nOk = n - nZero;
  const dfResidual = nOk - rank;
  const aic = family.aic(yy, input.trials, mu, weights, deviance, n) + 2 * rank;
  return {
    family: family.name,
    link: family.link.name,
    method: input.method,
    coefficients: estimate.coefficients,
    aliased: Array.from(estimate.aliased, (a) => a === 1),
    rank,
    covUnscaled: estimate.covUnscaled,
    dispersion: pearsonDispersion(input, estimate, dfResidual),
    linearPredictor: estimate.eta,
    fitted: mu,
    workingWeights: estimate.workingWeights,
    workingResiduals: estimate.workingResiduals,
    priorWeights: weights,
    y: yy,
    deviance,
    nullDeviance: nullStep.nullDeviance,
    aic,
    logLik: (family.fixedDispersion ? rank : rank + 1) - aic / 2,
    dfResidual,
    dfNull: nOk - (input.intercept ? 1 : 0),
    nobs: nOk,
    converged: estimate.converged,
    boundary: estimate.boundary,
    iterations: estimate.iterations,
    warnings: [...estimate.warnings, ...nullStep.warnings],
    solver: estimate.solver,
  };
}

/** 1 for binomial and poisson; else Pearson's chi-square over the residual df (NaN without any). */
function pearsonDispersion(
  input: KernelInputs,
  estimate: { workingWeights: Float64Array; workingResiduals: Float64Array },
  dfResidual: number,
): number {
  if (input.family.fixedDispersion) return 1;
  if (!(dfResidual > 0)) return Number.NaN;
  const { workingWeights: w, workingResiduals: r } = estimate;
  let s = 0;
  for (let i = 0; i < input.n; i++) if (w[i] > 0) s += w[i] * r[i] * r[i];
  return s / dfResidual;
}
