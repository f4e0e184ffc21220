/**
 * Iteratively reweighted least squares exactly as R's `glm.fit` (stats/R/glm.R, R 4.x):
 * starting values from the family's `initialize` (or `start` / `mustart`), working response
 * z = eta - offset + (y - mu) / mu.eta, working weights w = prior * mu.eta^2 / V(mu) over the
 * "good" rows (prior weight > 0 and mu.eta != 0), convergence when
 * |dev - devold| / (|dev| + 0.1) < tolerance, at most `maxIter` iterations, and step halving towards
 * the previous coefficients while the deviance is not finite or eta / mu leave their valid range.
 *
 * The weighted least-squares step is solved by the Cholesky path of ./weighted-factor.ts when
 * the weighted design is well conditioned, in increment form
 *   beta_new = beta + (X'WX)^-1 X'W (z - X beta) = beta + (X'WX)^-1 X' (w (y - mu) / mu.eta),
 * which is the same iterate as R's (a fresh least-squares solve) and acts as iterative
 * refinement; otherwise by R's QR path. As in R, the factor kept for the covariance is the one of
 * the last step (weights at the previous iterate), and aliased coefficients are 0 during the
 * iterations and NaN in the result.
 *
 * Contract: x is nrow x ncol column-major; y, weights (prior), offset (or null), trials (binomial
 * totals or null) have length nrow and were validated by the caller (weights >= 0, y in the
 * family's range). Where R's glm.fit stops with an error (no valid starting values, V(mu) = 0,
 * step halving that cannot recover) `irlsStatus` returns a failure status and `irls` throws
 * NumericalError.
 */
import { InvalidArgumentError, NumericalError, qrCoefficients } from '@muster/core';
import type { Family } from './family.ts';
import { gramAndScore } from './gram.ts';
import { linearPredictor } from './matrix.ts';
import { type ParallelSettings, type RowEngine, rowEngine } from './row-engine.ts';
import {
  choleskyFromGram,
  choleskyWeightedSolve,
  qrWeighted,
  type WeightedFactor,
} from './weighted-factor.ts';

export interface IrlsInput {
  x: Float64Array;
  nrow: number;
  ncol: number;
  y: Float64Array;
  weights: Float64Array;
  offset: Float64Array | null;
  trials: Float64Array | null;
  family: Family;
  start?: ArrayLike<number> | null;
  mustart?: Float64Array | null;
  /** Starting linear predictor (R's etastart; used when start is not given). */
  etastart?: Float64Array | null;
  tolerance: number;
  maxIter: number;
  /** Skip the Cholesky path (R's QR every iteration). */
  forceQr?: boolean;
  /** Caller name for error messages. */
  caller: string;
  /** Threads for the row passes of large fits (./row-engine.ts); default: all available. */
  parallel?: ParallelSettings;
  /** Debugging hook, as glm.control(trace = TRUE): called with each iteration's deviance. */
  trace?: (iteration: number, deviance: number, halved: number | null) => void;
}

/** The model's data as IRLS reads them (what a profile refit shares with the fit). */
export type IrlsData = Pick<
  IrlsInput,
  'x' | 'nrow' | 'ncol' | 'y' | 'weights' | 'offset' | 'trials' | 'family'
>;

export type IrlsEvent =
  | 'not-converged'
  | 'boundary'
  | 'step-divergence'
  | 'step-out-of-bounds'
  | 'non-finite-coefficients'
  | 'no-informative-observations';

export interface IrlsOutput {
  /** NaN for aliased columns */
  coefficients: Float64Array;
  aliased: Uint8Array;
  rank: number;
  eta: Float64Array;
  mu: Float64Array;
  /** working weights of the last step (R's fit$weights): 0 for rows not used */
  workingWeights: Float64Array;
  /** (y - mu) / mu.eta at the final eta (R's working residuals) */
  workingResiduals: Float64Array;
  deviance: number;
  iterations: number;
  converged: boolean;
  boundary: boolean;
  /** the factor of the last weighted least-squares step (for the covariance) */
  factor: WeightedFactor | null;
  events: IrlsEvent[];
  /** 'cholesky' or 'qr' for the last step */
  solver: 'cholesky' | 'qr';
}

/**
 * w[i] = prior * mu.eta^2 / V(mu) and u[i] = w (y - mu) / mu.eta (increment form) or
 * w (eta - offset + (y - mu) / mu.eta) (direct form) on the good rows, 0 elsewhere. Returns 0,
 * 1 (NaN variance), 2 (zero variance) or 3 (no good row). The binomial and poisson variances
 * are written out so the loop over a million rows has no call in it.
 */
function workingWeights(
  family: Family,
  y: Float64Array,
  mu: Float64Array,
  muEta: Float64Array,
  eta: Float64Array,
  weights: Float64Array,
  offset: Float64Array | null,
  direct: boolean,
  w: Float64Array,
  u: Float64Array,
  n: number,
): number {
  const kind = family.name === 'binomial' ? 0 : family.name === 'poisson' ? 1 : 2;
  let good = 0;
  for (let i = 0; i < n; i++) {
    const me = muEta[i];
    const pw = weights[i];
    if (!(pw > 0) || me === 0) {
      w[i] = 0;
      u[i] = 0;
      continue;
    }
    const m = mu[i];
    const v = kind === 0 ? m * (1 - m) : kind === 1 ? m : family.variance(m);
    if (!(v !== 0)) return Number.isNaN(v) ? 1 : 2;
    const wi = (pw * me * me) / v;
    w[i] = wi;
    const r = (y[i] - m) / me;
    u[i] = direct ? wi * (eta[i] - (offset === null ? 0 : offset[i]) + r) : wi * r;
    good++;
  }
  return good === 0 ? 3 : 0;
}

/**
 * glm.fit's starting point, written into `eta`: the linear predictor of `start` (then also the
 * previous coefficients for step halving), `etastart`, or the link of `mustart` (the family's
 * initialize by default).
 */
function startingValues(
  input: IrlsInput,
  eta: Float64Array,
): { start: Float64Array; coefold: Float64Array | null } {
  const { x, nrow: n, ncol: p, y, weights, offset, trials, family, caller } = input;
  if (input.start != null) {
    if (input.start.length !== p) {
      throw new InvalidArgumentError(
        'start',
        `${caller} requires start to have ${p} values (one per coefficient); received ${input.start.length}`,
      );
    }
    const start = Float64Array.from(input.start);
    linearPredictor(x, n, p, start, offset, eta);
    return { start, coefold: Float64Array.from(start) };
  }
  if (input.etastart != null) eta.set(input.etastart);
  else {
    const mustart = input.mustart ?? family.mustart(y, weights, trials, n);
    const linkfun = family.link.linkfun;
    // Starting means repeat (0/1 data have two): a mean like the one before reuses its eta.
    let last = Number.NaN;
    let lastEta = Number.NaN;
    for (let i = 0; i < n; i++) {
      const m = mustart[i];
      if (m !== last || m === 0) {
        last = m;
        lastEta = linkfun(m);
      }
      eta[i] = lastEta;
    }
  }
  return { start: new Float64Array(p), coefold: null };
}

/**
 * eta, mu and mu.eta at the coefficients; returns the deviance and whether eta and mu are in the
 * family's and link's valid ranges.
 */
type Evaluate = (coefficients: Float64Array) => { deviance: number; valid: boolean };

/** The evaluation of the single-pass code: linear predictor, link, deviance, validity. */
function singlePassEvaluate(
  input: IrlsInput,
  eta: Float64Array,
  mu: Float64Array,
  muEta: Float64Array,
): Evaluate {
  const { x, nrow: n, ncol: p, y, weights, offset, family } = input;
  return (coefficients) => {
    linearPredictor(x, n, p, coefficients, offset, eta);
    family.link.evaluate(eta, mu, muEta, n);
    const deviance = family.deviance(y, mu, weights, n);
    return { deviance, valid: family.link.valideta(eta, n) && family.validmu(mu, n) };
  };
}

/**
 * glm.fit's inner loops: halve the step towards the previous coefficients (`coefold`) until
 * `ok` holds for the evaluation, re-evaluating after each halving; the number of tries (R's ii)
 * and the last evaluation, or null when maxIter halvings do not suffice (R: cannot correct step
 * size).
 */
function halveStep(
  coefficients: Float64Array,
  coefold: Float64Array,
  maxIter: number,
  evaluate: Evaluate,
  current: { deviance: number; valid: boolean },
  ok: (e: { deviance: number; valid: boolean }) => boolean,
): { tries: number; evaluation: { deviance: number; valid: boolean } } | null {
  const p = coefficients.length;
  let ii = 1;
  let evaluation = current;
  while (!ok(evaluation)) {
    if (ii > maxIter) return null;
    ii++;
    for (let j = 0; j < p; j++) coefficients[j] = (coefficients[j] + coefold[j]) / 2;
    evaluation = evaluate(coefficients);
  }
  return { tries: ii, evaluation };
}

/** The outcome of {@link irlsStatus}: the fit, or where R's glm.fit would stop with an error. */
export type IrlsResult = { status: 'ok'; fit: IrlsOutput } | { status: 'failed'; message: string };

/** {@link irlsStatus} for callers that stop as glm.fit does: throws NumericalError on failure. */
export function irls(input: IrlsInput): IrlsOutput {
  const result = irlsStatus(input);
  if (result.status === 'failed') throw new NumericalError(result.message);
  return result.fit;
}

const failed = (message: string): IrlsResult => ({ status: 'failed', message });

/** R's glm.fit; returns a failure status where R stops with an error (no exception). */
export function irlsStatus(input: IrlsInput): IrlsResult {
  const { nrow: n, y, weights, family, tolerance, maxIter, caller } = input;
  const link = family.link;
  const events: IrlsEvent[] = [];

  const engine = rowEngine(input, input.parallel);
  const eta = engine?.eta ?? new Float64Array(n);
  const mu = engine?.mu ?? new Float64Array(n);
  const muEta = engine?.muEta ?? new Float64Array(n);
  const w = engine?.w ?? new Float64Array(n);
  const u = engine?.u ?? new Float64Array(n); // w * (y - mu) / mu.eta, or w * z on a direct solve
  const evaluate: Evaluate =
    engine === null
      ? singlePassEvaluate(input, eta, mu, muEta)
      : (coefficients) => engine.evaluate(coefficients);

  let { start, coefold } = startingValues(input, eta);
  link.evaluate(eta, mu, muEta, n);
  if (!(family.validmu(mu, n) && link.valideta(eta, n))) {
    return failed(
      `${caller} cannot find valid starting values for the ${family.name} family with the ${link.name} link; supply start`,
    );
  }
  let devold = family.deviance(y, mu, weights, n);
  let dev = devold;
  let converged = false;
  let boundary = false;
  let factor: WeightedFactor | null = null;
  let useQr = input.forceQr === true;
  let iterations = 0;
  const arrays = { eta, mu, muEta, w, u };

  for (let iter = 1; iter <= maxIter; iter++) {
    iterations = iter;
    const direct = coefold === null || useQr;
    const solved = weightedStep(input, engine, arrays, start, direct, useQr);
    if (solved.status === 1) return failed(`${caller}: NAs in V(mu) at iteration ${iter}`);
    if (solved.status === 2) return failed(`${caller}: 0s in V(mu) at iteration ${iter}`);
    if (solved.status === 3) {
      converged = false;
      events.push('no-informative-observations');
      break;
    }
    factor = solved.factor;
    useQr = solved.useQr;
    const coef = solved.next as Float64Array;
    let finite = true;
    for (let j = 0; j < coef.length; j++) if (!Number.isFinite(coef[j])) finite = false;
    if (!finite) {
      converged = false;
      events.push('non-finite-coefficients');
      break;
    }
    start = coef;
    let evaluation = evaluate(start);
    dev = evaluation.deviance;
    input.trace?.(iter, dev, null);
    boundary = false;
    if (!Number.isFinite(dev)) {
      if (coefold === null) {
        return failed(
          `${caller} found no valid set of coefficients (deviance not finite at the first iteration); supply start`,
        );
      }
      events.push('step-divergence');
      const halved = halveStep(start, coefold, maxIter, evaluate, evaluation, (e) =>
        Number.isFinite(e.deviance),
      );
      if (halved === null) return failed(`${caller}: inner loop 1; cannot correct step size`);
      evaluation = halved.evaluation;
      dev = evaluation.deviance;
      boundary = true;
    }
    if (!evaluation.valid) {
      if (coefold === null) {
        return failed(
          `${caller} found no valid set of coefficients (fitted values out of range at the first iteration); supply start`,
        );
      }
      events.push('step-out-of-bounds');
      const halved = halveStep(start, coefold, maxIter, evaluate, evaluation, (e) => e.valid);
      if (halved === null) return failed(`${caller}: inner loop 2; cannot correct step size`);
      boundary = true;
      dev = halved.evaluation.deviance;
      input.trace?.(iter, dev, halved.tries);
    }
    if (Math.abs(dev - devold) / (Math.abs(dev) + 0.1) < tolerance) {
      converged = true;
      break;
    }
    devold = dev;
    coefold = Float64Array.from(start);
  }
  if (!converged && !events.includes('not-converged')) events.push('not-converged');
  if (boundary) events.push('boundary');

  const last = { eta, mu, muEta, workingWeights: w, deviance: dev, factor };
  return {
    status: 'ok',
    fit: irlsOutput(input, start, last, iterations, converged, boundary, events),
  };
}

/**
 * One weighted least-squares step: working weights and right-hand side (rows with prior weight
 * 0 or mu.eta = 0 get w = 0), then the Cholesky increment or, when the weighted design is not
 * well conditioned (or `useQr`), R's QR solve. `status` is workingWeights' code (0 when a step
 * was taken).
 */
function weightedStep(
  input: IrlsInput,
  engine: RowEngine | null,
  arrays: {
    eta: Float64Array;
    mu: Float64Array;
    muEta: Float64Array;
    w: Float64Array;
    u: Float64Array;
  },
  start: Float64Array,
  direct: boolean,
  useQrBefore: boolean,
): { status: number; next: Float64Array | null; factor: WeightedFactor | null; useQr: boolean } {
  const { x, nrow: n, ncol: p, y, weights, offset, family, tolerance } = input;
  const { eta, mu, muEta, w, u } = arrays;
  let useQr = useQrBefore;
  let gram: { a: Float64Array | null; score: Float64Array | null } | null = null;
  let status: number;
  if (engine !== null && !useQr) {
    const passes = engine.weightsAndGram(direct);
    status = passes.status;
    gram = passes;
  } else {
    status = workingWeights(
      family,
      y,
      mu,
      muEta,
      eta,
      weights,
      direct ? offset : null,
      direct,
      w,
      u,
      n,
    );
  }
  if (status !== 0) return { status, next: null, factor: null, useQr };
  let next: Float64Array | null = null;
  let factor: WeightedFactor | null = null;
  if (!useQr) {
    const { a, score } = gram ?? gramAndScore(x, n, p, w, u);
    factor = choleskyFromGram(a as Float64Array, p);
    if (factor === null) {
      useQr = true;
    } else {
      const delta = choleskyWeightedSolve(factor, score as Float64Array);
      if (direct) next = delta;
      else {
        next = new Float64Array(p);
        for (let j = 0; j < p; j++) next[j] = start[j] + delta[j];
      }
    }
  }
  if (useQr) {
    const qrStep = qrWeighted(x, n, p, w, Math.min(1e-7, tolerance / 1000));
    factor = qrStep.factor;
    // W^(1/2) z with z = eta - offset + (y - mu) / mu.eta
    const zw = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      if (w[i] > 0) {
        const z = eta[i] - (offset === null ? 0 : offset[i]) + (y[i] - mu[i]) / muEta[i];
        zw[i] = z * qrStep.sqrtW[i];
      }
    }
    next = qrCoefficients(factor.qr!, zw);
    for (let j = 0; j < p; j++) if (factor.aliased[j]) next[j] = 0;
  }
  return { status: 0, next, factor, useQr };
}

/** The result at the last iterate: aliased coefficients NaN, R's working residuals on every row. */
function irlsOutput(
  input: IrlsInput,
  start: Float64Array,
  last: {
    eta: Float64Array;
    mu: Float64Array;
    muEta: Float64Array;
    workingWeights: Float64Array;
    deviance: number;
    factor: WeightedFactor | null;
  },
  iterations: number,
  converged: boolean,
  boundary: boolean,
  events: IrlsEvent[],
): IrlsOutput {
  const { nrow: n, ncol: p, y } = input;
  const { mu, muEta, factor } = last;
  const coefficients = Float64Array.from(start);
  const aliased = factor === null ? new Uint8Array(p) : factor.aliased;
  for (let j = 0; j < p; j++) if (aliased[j]) coefficients[j] = Number.NaN;
  // R: residuals <- (y - mu) / mu.eta(eta) at the final eta (all rows).
  const workingResiduals = new Float64Array(n);
  for (let i = 0; i < n; i++) workingResiduals[i] = (y[i] - mu[i]) / muEta[i];
  return {
    coefficients,
    aliased,
    rank: factor === null ? 0 : factor.rank,
    eta: last.eta,
    mu,
    workingWeights: last.workingWeights,
    workingResiduals,
    deviance: last.deviance,
    iterations,
    converged,
    boundary,
    factor,
    events,
    solver: factor?.kind ?? 'qr',
  };
}
