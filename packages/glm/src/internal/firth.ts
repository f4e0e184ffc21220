/**
 * Mean bias-reducing adjusted score fit (Firth 1993; Kosmidis & Firth 2009), as brglm2's
 * `brglmFit(type = "AS_mean")` for families with a fixed dispersion (binomial, poisson).
 *
 * Adjusted score: U*_t(beta) = sum_i (w_i / d_i) (y_i - mu_i) x_it + 1/2 sum_i h_i (d'_i / d_i) x_it
 * where d = dmu/deta, d' = d2mu/deta2, w = prior * d^2 / V(mu) and h the diagonal of the hat
 * matrix W^(1/2) X (X'WX)^-1 X' W^(1/2). For the logit link d'/d = 1 - 2 mu and this is
 * Firth's penalised likelihood score. brglm2's quasi-Fisher scoring is replicated step for step
 * (so estimates agree with R to rounding, not only to brglm2's tolerance):
 * - start: glm.fit on the adjusted data (binomial: weights + a, y (w y + a/2) / (w + a);
 *   poisson: y + a/2; a = p / n) with epsilon = 1e-6;
 * - step = (X'WX)^-1 U*(beta); inner "halving" loop while sum|step| grows (at most 12), with the
 *   first iteration always taking a second, half step (brglm2's testhalf rule);
 * - stop when sum|step| < epsilon (1e-6) or after maxit (100) iterations.
 *
 * Contract: x (nrow x ncol, column-major) has full column rank (the caller removes aliased
 * columns with qr(x) at tolerance 1e-7, as brglm2's check_aliasing); y, weights, offset as in
 * ./irls.ts (binomial y as proportions, weights as totals).
 */
import type { Family } from './family.ts';
import { irls } from './irls.ts';
import { linearPredictor } from './matrix.ts';
import {
  choleskyWeighted,
  qrWeighted,
  unscaledCovariance,
  type WeightedFactor,
} from './weighted-factor.ts';

export interface FirthInput {
  x: Float64Array;
  nrow: number;
  ncol: number;
  y: Float64Array;
  weights: Float64Array;
  offset: Float64Array | null;
  family: Family;
  epsilon: number;
  maxit: number;
  caller: string;
}

export interface FirthOutput {
  coefficients: Float64Array;
  eta: Float64Array;
  mu: Float64Array;
  workingWeights: Float64Array;
  workingResiduals: Float64Array;
  factor: WeightedFactor;
  iterations: number;
  converged: boolean;
  failed: boolean;
}

interface Quantities {
  eta: Float64Array;
  mu: Float64Array;
  d1: Float64Array;
  ww: Float64Array;
  factor: WeightedFactor;
  cov: Float64Array;
  step: Float64Array;
  failed: boolean;
}

function quantities(input: FirthInput, beta: Float64Array): Quantities {
  const { x, nrow: n, ncol: p, y, weights, offset, family } = input;
  const link = family.link;
  const eta = new Float64Array(n);
  const mu = new Float64Array(n);
  const d1 = new Float64Array(n);
  linearPredictor(x, n, p, beta, offset, eta);
  link.evaluate(eta, mu, d1, n);
  const ww = new Float64Array(n);
  for (let i = 0; i < n; i++) ww[i] = (weights[i] * d1[i] * d1[i]) / family.variance(mu[i]);
  let factor = choleskyWeighted(x, n, p, ww);
  if (factor === null) factor = qrWeighted(x, n, p, ww, 1e-7).factor;
  const cov = unscaledCovariance(factor);
  const adjusted = new Float64Array(p);
  let failed = factor.rank < p;
  const xi = new Float64Array(p);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < p; j++) xi[j] = x[j * n + i];
    // hat value h_i = ww_i x_i' (X'WX)^-1 x_i
    let q = 0;
    for (let j = 0; j < p; j++) {
      let s = 0;
      for (let k = 0; k < p; k++) s += cov[k * p + j] * xi[k];
      q += s * xi[j];
    }
    const h = ww[i] * q;
    const score = (weights[i] * d1[i] * (y[i] - mu[i])) / family.variance(mu[i]);
    const adjustment = d1[i] === 0 ? 0 : (0.5 * h * link.d2muDeta(eta[i])) / d1[i];
    const c = score + adjustment;
    if (!Number.isFinite(c)) failed = true;
    for (let j = 0; j < p; j++) adjusted[j] += c * xi[j];
  }
  const step = new Float64Array(p);
  for (let j = 0; j < p; j++) {
    let s = 0;
    for (let k = 0; k < p; k++) s += cov[k * p + j] * adjusted[k];
    step[j] = s;
  }
  return { eta, mu, d1, ww, factor, cov, step, failed };
}

function sumAbs(v: Float64Array): number {
  let s = 0;
  for (let j = 0; j < v.length; j++) s += Math.abs(v[j]);
  return s;
}

export function firthFit(input: FirthInput): FirthOutput {
  const { nrow: n, ncol: p, y, weights, family, epsilon, maxit } = input;
  // Starting values: ML fit to the adjusted responses (brglm2's response_adjustment = p / n).
  const a = p / n;
  const yAdj = new Float64Array(n);
  const wAdj = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    if (family.name === 'binomial') {
      wAdj[i] = weights[i] + a;
      yAdj[i] = (weights[i] * y[i] + 0.5 * a) / wAdj[i];
    } else {
      wAdj[i] = weights[i];
      yAdj[i] = y[i] + 0.5 * a;
    }
  }
  const startFit = irls({
    x: input.x,
    nrow: n,
    ncol: p,
    y: yAdj,
    weights: wAdj,
    offset: input.offset,
    trials: null,
    family,
    epsilon,
    maxit: 10000,
    caller: input.caller,
  });
  let beta = Float64Array.from(startFit.coefficients);
  for (let j = 0; j < p; j++) if (Number.isNaN(beta[j])) beta[j] = 0;

  let q = quantities(input, beta);
  let iterations = 0;
  let failed = q.failed;
  if (maxit > 0 && !failed) {
    for (let iter = 1; iter <= maxit; iter++) {
      iterations = iter;
      let stepFactor = 0;
      let testhalf = true;
      while (testhalf && stepFactor < 12) {
        const previous = q.step;
        const next = new Float64Array(p);
        const factor = 2 ** -stepFactor;
        for (let j = 0; j < p; j++) next[j] = beta[j] + factor * previous[j];
        beta = next;
        q = quantities(input, beta);
        if (q.failed) {
          failed = true;
          break;
        }
        testhalf = stepFactor === 0 && iter === 1 ? true : sumAbs(q.step) > sumAbs(previous);
        stepFactor++;
      }
      if (failed || sumAbs(q.step) < epsilon) break;
    }
  }
  const converged = !(failed || iterations >= maxit);
  const workingResiduals = new Float64Array(n);
  for (let i = 0; i < n; i++) workingResiduals[i] = (y[i] - q.mu[i]) / q.d1[i];
  return {
    coefficients: beta,
    eta: q.eta,
    mu: q.mu,
    workingWeights: q.ww,
    workingResiduals,
    factor: q.factor,
    iterations,
    converged,
    failed,
  };
}
