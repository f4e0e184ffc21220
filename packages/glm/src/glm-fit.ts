import { checkOptionKeys, InvalidArgumentError, qrDecompose } from '@muster/core';
import { type FamilyName, resolveFamily } from './internal/family.ts';
import { firthFit } from './internal/firth.ts';
import { type IrlsEvent, irls } from './internal/irls.ts';
import type { LinkName } from './internal/link.ts';
import { selectColumns } from './internal/matrix.ts';
import { unscaledCovariance } from './internal/weighted-factor.ts';
import { type GlmWarning, glmWarnings } from './warnings.ts';

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

const EPS10 = 10 * 2.220446049250313e-16;

function toFloat64(
  caller: string,
  name: string,
  v: ArrayLike<number> | null | undefined,
  n: number,
): Float64Array | null {
  if (v == null) return null;
  if (v.length !== n) {
    throw new InvalidArgumentError(
      name,
      `${caller} requires ${name} to have one value per row (${n}); received length ${v.length}`,
    );
  }
  return v instanceof Float64Array ? v : Float64Array.from(v);
}

const GLM_FIT_OPTIONS = [
  'family',
  'link',
  'weights',
  'offset',
  'trials',
  'intercept',
  'start',
  'mustart',
  'tolerance',
  'maxIter',
  'method',
  'theta',
  'caller',
] as const satisfies readonly (keyof GlmFitOptions)[];

function eventWarnings(caller: string, events: IrlsEvent[], maxIter: number): GlmWarning[] {
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
  const caller = options.caller ?? 'glmFit';
  checkOptionKeys(caller, options, GLM_FIT_OPTIONS);
  if (!Number.isInteger(nrow) || nrow < 1 || !Number.isInteger(ncol) || ncol < 0) {
    throw new InvalidArgumentError(
      'nrow',
      `${caller} requires positive integer dimensions; received nrow = ${nrow}, ncol = ${ncol}`,
    );
  }
  if (x.length !== nrow * ncol) {
    throw new InvalidArgumentError(
      'x',
      `${caller} requires x to have nrow * ncol = ${nrow * ncol} values; received ${x.length}`,
    );
  }
  const n = nrow;
  const p = ncol;
  const family = resolveFamily(caller, options.family, options.link, undefined, options.theta);
  const method = options.method ?? 'ml';
  if (method !== 'ml' && method !== 'firth') {
    throw new InvalidArgumentError(
      'method',
      `${caller} requires method 'ml' or 'firth'; received '${method}'`,
    );
  }
  if (method === 'firth' && !family.fixedDispersion) {
    throw new InvalidArgumentError(
      'firth',
      `${caller} supports firth for the binomial and poisson families; received family ${family.name}`,
    );
  }
  const yy = toFloat64(caller, 'y', y, n) as Float64Array;
  const weights = toFloat64(caller, 'weights', options.weights, n) ?? new Float64Array(n).fill(1);
  const offset = toFloat64(caller, 'offset', options.offset, n);
  const trials = toFloat64(caller, 'trials', options.trials, n);
  const mustart = toFloat64(caller, 'mustart', options.mustart, n);
  for (let i = 0; i < n; i++) {
    if (!(weights[i] >= 0) || !Number.isFinite(weights[i])) {
      throw new InvalidArgumentError(
        'weights',
        `${caller} requires finite weights >= 0; row ${i + 1} has ${weights[i]}`,
      );
    }
  }
  let intercept = options.intercept;
  if (intercept === undefined) {
    intercept = false;
    for (let j = 0; j < p && !intercept; j++) {
      let ones = true;
      for (let i = 0; i < n && ones; i++) if (x[j * n + i] !== 1) ones = false;
      intercept = ones;
    }
  }
  const tolerance = options.tolerance ?? (method === 'firth' ? 1e-6 : 1e-8);
  const maxIter = options.maxIter ?? (method === 'firth' ? 100 : 25);
  if (!(tolerance > 0)) {
    throw new InvalidArgumentError(
      'tolerance',
      `${caller} requires tolerance > 0; received ${tolerance}`,
    );
  }
  if (!Number.isInteger(maxIter) || maxIter < 1) {
    throw new InvalidArgumentError(
      'maxIter',
      `${caller} requires an integer maxIter >= 1; received ${maxIter}`,
    );
  }

  const warnings: GlmWarning[] = [];
  let coefficients: Float64Array;
  let aliased: Uint8Array;
  let rank: number;
  let covUnscaled: Float64Array;
  let eta: Float64Array;
  let mu: Float64Array;
  let workingWeights: Float64Array;
  let workingResiduals: Float64Array;
  let deviance: number;
  let converged: boolean;
  let boundary = false;
  let iterations: number;
  let solver: 'cholesky' | 'qr';

  if (method === 'ml') {
    const fit = irls({
      x,
      nrow: n,
      ncol: p,
      y: yy,
      weights,
      offset,
      trials,
      family,
      start: options.start ?? null,
      mustart,
      tolerance,
      maxIter,
      caller,
    });
    coefficients = fit.coefficients;
    aliased = fit.aliased;
    rank = fit.rank;
    covUnscaled =
      fit.factor === null
        ? new Float64Array(p * p).fill(Number.NaN)
        : unscaledCovariance(fit.factor);
    eta = fit.eta;
    mu = fit.mu;
    workingWeights = fit.workingWeights;
    workingResiduals = fit.workingResiduals;
    deviance = fit.deviance;
    converged = fit.converged;
    boundary = fit.boundary;
    iterations = fit.iterations;
    solver = fit.solver;
    warnings.push(...eventWarnings(caller, fit.events, maxIter));
  } else {
    // brglm2's check_aliasing: qr(x) with R's default tolerance 1e-7, aliased columns dropped.
    const qr = qrDecompose(x, n, p, 1e-7);
    aliased = new Uint8Array(p);
    for (let j = qr.rank; j < p; j++) aliased[qr.pivot[j]] = 1;
    const keep: number[] = [];
    for (let j = 0; j < p; j++) if (!aliased[j]) keep.push(j);
    const xk = keep.length === p ? x : selectColumns(x, n, keep);
    const fit = firthFit({
      x: xk,
      nrow: n,
      ncol: keep.length,
      y: yy,
      weights,
      offset,
      family,
      tolerance,
      maxIter,
      caller,
    });
    rank = keep.length;
    coefficients = new Float64Array(p).fill(Number.NaN);
    covUnscaled = new Float64Array(p * p).fill(Number.NaN);
    const cov = unscaledCovariance(fit.factor);
    keep.forEach((j, a) => {
      coefficients[j] = fit.coefficients[a];
      keep.forEach((k, b) => {
        covUnscaled[k * p + j] = cov[b * keep.length + a];
      });
    });
    eta = fit.eta;
    mu = fit.mu;
    workingWeights = fit.workingWeights;
    workingResiduals = fit.workingResiduals;
    deviance = family.deviance(yy, mu, weights, n);
    converged = fit.converged;
    iterations = fit.iterations;
    solver = fit.factor.kind;
    if (!converged) {
      warnings.push(glmWarnings.notConverged(caller, 'firth', maxIter));
    }
    if (fit.fallback) {
      warnings.push(glmWarnings.firthFallback(caller));
    }
  }

  if (family.name === 'binomial') {
    let extreme = false;
    for (let i = 0; i < n && !extreme; i++) if (mu[i] > 1 - EPS10 || mu[i] < EPS10) extreme = true;
    if (extreme) {
      warnings.push(glmWarnings.fittedProbabilities(caller));
    }
  }
  if (family.name === 'poisson') {
    let extreme = false;
    for (let i = 0; i < n && !extreme; i++) if (mu[i] < EPS10) extreme = true;
    if (extreme) {
      warnings.push(glmWarnings.fittedRates(caller));
    }
  }

  // Null deviance: glm.fit's weighted mean (or linkinv(offset) without intercept); with an offset
  // and an intercept, glm() refits the intercept-only model with the offset from the fitted means.
  let nullDeviance: number;
  if (intercept && offset !== null) {
    const ones = new Float64Array(n).fill(1);
    if (method === 'ml') {
      const nullFit = irls({
        x: ones,
        nrow: n,
        ncol: 1,
        y: yy,
        weights,
        offset,
        trials,
        family,
        mustart: mu,
        tolerance,
        maxIter,
        caller,
      });
      nullDeviance = nullFit.deviance;
      if (!nullFit.converged) {
        warnings.push(glmWarnings.nullNotConverged(caller));
      }
    } else {
      const nullFit = firthFit({
        x: ones,
        nrow: n,
        ncol: 1,
        y: yy,
        weights,
        offset,
        family,
        tolerance,
        maxIter: 1000,
        caller,
      });
      nullDeviance = family.deviance(yy, nullFit.mu, weights, n);
    }
  } else if (intercept && method === 'firth') {
    const ones = new Float64Array(n).fill(1);
    const nullFit = firthFit({
      x: ones,
      nrow: n,
      ncol: 1,
      y: yy,
      weights,
      offset: null,
      family,
      tolerance,
      maxIter: 1000,
      caller,
    });
    nullDeviance = family.deviance(yy, nullFit.mu, weights, n);
  } else {
    // The weighted mean with an intercept, g^-1(offset) without (no n-vector needed).
    let constant = Number.NaN;
    if (intercept) {
      let sw = 0;
      let swy = 0;
      for (let i = 0; i < n; i++) {
        sw += weights[i];
        swy += weights[i] * yy[i];
      }
      constant = swy / sw;
    }
    const linkinv = family.link.linkinv;
    nullDeviance = 0;
    for (let i = 0; i < n; i++) {
      const m = intercept ? constant : linkinv(offset === null ? 0 : offset[i]);
      nullDeviance += family.devResid(yy[i], m, weights[i]);
    }
  }

  let nZero = 0;
  for (let i = 0; i < n; i++) if (weights[i] === 0) nZero++;
  const nOk = n - nZero;
  const dfResidual = nOk - rank;
  const dfNull = nOk - (intercept ? 1 : 0);
  const aic = family.aic(yy, trials, mu, weights, deviance, n) + 2 * rank;
  const logLik = (family.fixedDispersion ? rank : rank + 1) - aic / 2;
  let dispersion = 1;
  if (!family.fixedDispersion) {
    if (dfResidual > 0) {
      let s = 0;
      for (let i = 0; i < n; i++) {
        if (workingWeights[i] > 0)
          s += workingWeights[i] * workingResiduals[i] * workingResiduals[i];
      }
      dispersion = s / dfResidual;
    } else dispersion = Number.NaN;
  }

  return {
    family: family.name,
    link: family.link.name,
    method,
    coefficients,
    aliased: Array.from(aliased, (a) => a === 1),
    rank,
    covUnscaled,
    dispersion,
    linearPredictor: eta,
    fitted: mu,
    workingWeights,
    workingResiduals,
    priorWeights: weights,
    y: yy,
    deviance,
    nullDeviance,
    aic,
    logLik,
    dfResidual,
    dfNull,
    nobs: nOk,
    converged,
    boundary,
    iterations,
    warnings,
    solver,
  };
}
