/**
 * The fitting loop of arm::bayesglm.fit for families with a fixed dispersion: IRLS in which each
 * weighted least-squares step is augmented by one pseudo-observation per coefficient, and the
 * t prior is handled by EM as a scale mixture of normals (Gelman, Jakulin, Pittau & Su 2008,
 * section 2.2).
 *
 * Iteration (mirrors bayesglm.fit line by line so the iterates, and hence a fit stopped by the
 * iteration limit, agree with R):
 *   z = eta - offset + (y - mu) / mu.eta,   w = sqrt(wt mu.eta^2 / V(mu))   (rows with w > 0)
 *   least squares of [w z; m / s] on [w X; P / s], where P is the identity, its first row
 *     replaced by colMeans(X) when the model has an intercept and the inputs are scaled (the
 *     intercept's prior is on the linear predictor at the mean input), m the prior means and s
 *     the current prior sd; V = (R'R)^-1 from its QR
 *   s_j^2 = ((b_j - m_j)^2 + V_jj + df_j scale_j^2) / (1 + df_j)   (s_j = scale_j when df_j = Inf)
 *   converged when iter > 1 and |dev - dev_old| / (0.1 + |dev|) < tolerance (dev the deviance).
 * The covariance reported (R's summary of the fit) is V of the last least-squares step.
 *
 * Contract: `x` nrow x ncol column-major (column 0 the intercept when `intercept`), `y` the
 * response as proportions, `weights` the prior weights (trials folded in), `offset` or null;
 * prior arrays of length ncol. Never throws; non-convergence is reported in the output.
 */
import { qrCoefficients, qrDecompose, qrRInverse } from '@muster/core';
import type { Family } from '../internal/family.ts';
import { linearPredictor } from '../internal/matrix.ts';

export interface BayesIrlsInput {
  x: Float64Array;
  nrow: number;
  ncol: number;
  y: Float64Array;
  weights: Float64Array;
  trials: Float64Array | null;
  offset: Float64Array | null;
  family: Family;
  intercept: boolean;
  /** Whether the intercept's prior row holds the column means (arm's `scaled`). */
  scaled: boolean;
  priorMean: Float64Array;
  priorScale: Float64Array;
  /** Degrees of freedom of each t prior (1: Cauchy; Infinity: normal). */
  priorDf: Float64Array;
  maxIter: number;
  tolerance: number;
}

export interface BayesIrlsOutput {
  coefficients: Float64Array;
  /** (R'R)^-1 of the last augmented least-squares step, ncol x ncol column-major. */
  covariance: Float64Array;
  /** Prior sd after the last step (arm's `prior.sd`). */
  priorSd: Float64Array;
  fitted: Float64Array;
  linearPredictor: Float64Array;
  deviance: number;
  iterations: number;
  converged: boolean;
  /** A step gave an infinite deviance or invalid means and was halved (R's `boundary`). */
  boundary: boolean;
  /** The loop stopped early: no informative rows, or non-finite coefficients. */
  failure: 'no-informative-rows' | 'non-finite-coefficients' | 'step-halving-failed' | null;
}

interface State {
  eta: Float64Array;
  mu: Float64Array;
  muEta: Float64Array;
}

function evaluate(input: BayesIrlsInput, beta: Float64Array, state: State): number {
  const { x, nrow, ncol, family } = input;
  linearPredictor(x, nrow, ncol, beta, input.offset, state.eta);
  family.link.evaluate(state.eta, state.mu, state.muEta, nrow);
  return family.deviance(input.y, state.mu, input.weights, nrow);
}

function columnMeans(x: Float64Array, nrow: number, ncol: number): Float64Array {
  const out = new Float64Array(ncol);
  for (let j = 0; j < ncol; j++) {
    let s = 0;
    for (let i = 0; i < nrow; i++) s += x[j * nrow + i];
    out[j] = s / nrow;
  }
  return out;
}

/** One augmented weighted least-squares step: coefficients and (R'R)^-1 (null when not finite). */
function augmentedStep(
  input: BayesIrlsInput,
  state: State,
  priorSd: Float64Array,
  meanRow: Float64Array | null,
): { beta: Float64Array; covariance: Float64Array } | 'no-informative-rows' | null {
  const { x, nrow, ncol, family, weights, y } = input;
  const rows: number[] = [];
  for (let i = 0; i < nrow; i++) if (weights[i] > 0 && state.muEta[i] !== 0) rows.push(i);
  if (rows.length === 0) return 'no-informative-rows';
  const m = rows.length + ncol;
  const a = new Float64Array(m * ncol);
  const b = new Float64Array(m);
  for (let k = 0; k < rows.length; k++) {
    const i = rows[k];
    const d = state.muEta[i];
    const w = Math.sqrt((weights[i] * d * d) / family.variance(state.mu[i]));
    const off = input.offset === null ? 0 : input.offset[i];
    b[k] = w * (state.eta[i] - off + (y[i] - state.mu[i]) / d);
    for (let j = 0; j < ncol; j++) a[j * m + k] = w * x[j * nrow + i];
  }
  for (let r = 0; r < ncol; r++) {
    const k = rows.length + r;
    const w = 1 / priorSd[r];
    b[k] = w * input.priorMean[r];
    if (r === 0 && meanRow !== null) {
      for (let j = 0; j < ncol; j++) a[j * m + k] = w * meanRow[j];
    } else {
      a[r * m + k] = w;
    }
  }
  const qr = qrDecompose(a, m, ncol, 1e-7);
  const beta = qrCoefficients(qr, b);
  for (let j = 0; j < ncol; j++) if (!Number.isFinite(beta[j])) return null;
  // (R'R)^-1 in input order from R^-1 in pivoted order.
  const rinv = qrRInverse(qr);
  const k = qr.rank;
  const covariance = new Float64Array(ncol * ncol).fill(Number.NaN);
  for (let c = 0; c < k; c++) {
    for (let r = 0; r < k; r++) {
      let s = 0;
      for (let l = Math.max(r, c); l < k; l++) s += rinv[l * k + r] * rinv[l * k + c];
      covariance[qr.pivot[c] * ncol + qr.pivot[r]] = s;
    }
  }
  return { beta, covariance };
}

function updatePriorSd(
  input: BayesIrlsInput,
  beta: Float64Array,
  cov: Float64Array,
  sd: Float64Array,
) {
  const p = input.ncol;
  for (let j = 0; j < p; j++) {
    const df = input.priorDf[j];
    const s = input.priorScale[j];
    if (df === Number.POSITIVE_INFINITY) {
      sd[j] = s;
      continue;
    }
    const d = beta[j] - input.priorMean[j];
    sd[j] = Math.sqrt((d * d + cov[j * p + j] + df * s * s) / (1 + df));
  }
}

/** Halve towards the previous coefficients until the deviance is finite and the means valid. */
function halveStep(
  input: BayesIrlsInput,
  beta: Float64Array,
  previous: Float64Array,
  state: State,
): number | null {
  for (let ii = 1; ii <= input.maxIter; ii++) {
    for (let j = 0; j < input.ncol; j++) beta[j] = (beta[j] + previous[j]) / 2;
    const dev = evaluate(input, beta, state);
    const valid =
      input.family.link.valideta(state.eta, input.nrow) &&
      input.family.validmu(state.mu, input.nrow);
    if (Number.isFinite(dev) && valid) return dev;
  }
  return null;
}

export function bayesIrls(input: BayesIrlsInput): BayesIrlsOutput {
  const { nrow, ncol, family } = input;
  const state: State = {
    eta: new Float64Array(nrow),
    mu: family.mustart(input.y, input.weights, input.trials, nrow),
    muEta: new Float64Array(nrow),
  };
  for (let i = 0; i < nrow; i++) state.eta[i] = family.link.linkfun(state.mu[i]);
  family.link.evaluate(state.eta, state.mu, state.muEta, nrow);
  let devOld = family.deviance(input.y, state.mu, input.weights, nrow);
  const meanRow = input.intercept && input.scaled ? columnMeans(input.x, nrow, ncol) : null;
  const priorSd = Float64Array.from(input.priorScale);
  let beta: Float64Array = new Float64Array(ncol);
  let previous: Float64Array | null = null;
  let covariance: Float64Array = new Float64Array(ncol * ncol).fill(Number.NaN);
  let dev = devOld;
  let converged = false;
  let boundary = false;
  let failure: BayesIrlsOutput['failure'] = null;
  let iter = 0;
  for (iter = 1; iter <= input.maxIter; iter++) {
    const step = augmentedStep(input, state, priorSd, meanRow);
    if (step === 'no-informative-rows' || step === null) {
      failure = step === null ? 'non-finite-coefficients' : step;
      break;
    }
    beta = step.beta;
    covariance = step.covariance;
    updatePriorSd(input, beta, covariance, priorSd);
    dev = evaluate(input, beta, state);
    const valid = family.link.valideta(state.eta, nrow) && family.validmu(state.mu, nrow);
    if (!Number.isFinite(dev) || !valid) {
      const halved = previous === null ? null : halveStep(input, beta, previous, state);
      if (halved === null) {
        failure = 'step-halving-failed';
        break;
      }
      dev = halved;
      boundary = true;
    }
    if (iter > 1 && Math.abs(dev - devOld) / (0.1 + Math.abs(dev)) < input.tolerance) {
      converged = true;
      break;
    }
    devOld = dev;
    previous = Float64Array.from(beta);
  }
  return {
    coefficients: beta,
    covariance,
    priorSd,
    fitted: state.mu,
    linearPredictor: state.eta,
    deviance: dev,
    iterations: Math.min(iter, input.maxIter),
    converged,
    boundary,
    failure,
  };
}
