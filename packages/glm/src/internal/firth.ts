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
 * When that scheme fails or does not converge (a rare factor level whose rows all have y = 0
 * sends it to -1e15), the estimate is found by safeguarded scoring from the same start: each
 * quasi-Fisher step is capped at 5 in its largest component and halved until the penalised
 * log-likelihood l(beta) + 1/2 log det(X'WX) increases (canonical links, where the adjusted score
 * is its gradient) or sum|step| decreases (other links), for up to 10 maxit iterations. This
 * reaches the estimate brglm2 finds with slowit = 0.2.
 *
 * Contract: x (nrow x ncol, column-major) has full column rank (the caller removes aliased
 * columns with qr(x) at tolerance 1e-7, as brglm2's check_aliasing); y, weights, offset as in
 * ./irls.ts (binomial y as proportions, weights as totals).
 */
import { cholesky, qrRInverse } from '@muster/core';
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
  tolerance: number;
  maxIter: number;
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
  /** True when brglm2's scheme did not converge and the safeguarded scoring found the estimate. */
  fallback: boolean;
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
  // On the QR path (ill-conditioned X'WX) the hat values come from R^-1, whose condition is that
  // of W^(1/2) X: through (X'WX)^-1 they would carry the squared condition number as noise.
  const qr = factor.kind === 'qr' && factor.rank === p ? factor.qr : null;
  const rInverse = qr === null ? null : qrRInverse(qr);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < p; j++) xi[j] = x[j * n + i];
    // hat value h_i = ww_i x_i' (X'WX)^-1 x_i = ww_i |R^-T P' x_i|^2
    let q = 0;
    if (qr !== null && rInverse !== null) {
      for (let m = 0; m < p; m++) {
        let v = 0;
        for (let a = 0; a <= m; a++) v += rInverse[m * p + a] * xi[qr.pivot[a]];
        q += v * v;
      }
    } else {
      for (let j = 0; j < p; j++) {
        let s = 0;
        for (let k = 0; k < p; k++) s += cov[k * p + j] * xi[k];
        q += s * xi[j];
      }
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
  const { nrow: n, ncol: p, y, weights, family, tolerance, maxIter } = input;
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
    tolerance,
    maxIter: 10000,
    caller: input.caller,
  });
  let beta = Float64Array.from(startFit.coefficients);
  for (let j = 0; j < p; j++) if (Number.isNaN(beta[j])) beta[j] = 0;

  let q = quantities(input, beta);
  let iterations = 0;
  let failed = q.failed;
  if (maxIter > 0 && !failed) {
    for (let iter = 1; iter <= maxIter; iter++) {
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
      if (failed || sumAbs(q.step) < tolerance) break;
    }
  }
  let converged = !(failed || iterations >= maxIter);
  let fallback = false;
  if (!converged) {
    const direct = safeguardedFit(input, startBeta(startFit.coefficients, p));
    if (direct.converged) {
      beta = Float64Array.from(direct.beta);
      q = direct.q;
      iterations = direct.iterations;
      converged = true;
      failed = false;
      fallback = true;
    }
  }
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
    fallback,
  };
}

function startBeta(coefficients: Float64Array, p: number): Float64Array {
  const beta = Float64Array.from(coefficients);
  for (let j = 0; j < p; j++) if (Number.isNaN(beta[j])) beta[j] = 0;
  return beta;
}

const MAX_STEP = 5;

/** l(beta) + 1/2 log det(X'WX) up to a constant (l = -deviance / 2), or NaN. */
function penalisedLogLik(input: FirthInput, q: Quantities): number {
  const p = input.ncol;
  const l = cholesky(Float64Array.from(q.cov), p);
  if (l === null) return Number.NaN;
  let logDetCov = 0;
  for (let j = 0; j < p; j++) logDetCov += 2 * Math.log(l[j * p + j]);
  const deviance = input.family.deviance(input.y, q.mu, input.weights, input.nrow);
  return -deviance / 2 - logDetCov / 2;
}

/** Safeguarded quasi-Fisher scoring on the adjusted score (see the module comment). */
function safeguardedFit(
  input: FirthInput,
  start: Float64Array,
): { beta: Float64Array; q: Quantities; iterations: number; converged: boolean } {
  const p = input.ncol;
  const canonical =
    (input.family.name === 'binomial' && input.family.link.name === 'logit') ||
    (input.family.name === 'poisson' && input.family.link.name === 'log');
  const merit = (q: Quantities) => (canonical ? penalisedLogLik(input, q) : -sumAbs(q.step));
  let beta: Float64Array = start;
  let q = quantities(input, beta);
  let value = merit(q);
  const maxIter = 10 * input.maxIter;
  // Tighter than brglm2's 1e-6, so the estimate is the maximiser itself (R's answers with
  // slowit differ from it by their own tolerance).
  const tolerance = Math.min(input.tolerance, 1e-9);
  for (let iter = 1; iter <= maxIter; iter++) {
    if (q.failed || !Number.isFinite(value)) break;
    if (sumAbs(q.step) < tolerance) return { beta, q, iterations: iter - 1, converged: true };
    let largest = 0;
    for (let j = 0; j < p; j++) largest = Math.max(largest, Math.abs(q.step[j]));
    let factor = largest > MAX_STEP ? MAX_STEP / largest : 1;
    let accepted = false;
    for (let halving = 0; halving < 40 && !accepted; halving++, factor /= 2) {
      const next = Float64Array.from(beta, (b, j) => b + factor * q.step[j]);
      const qNext = quantities(input, next);
      const valueNext = qNext.failed ? Number.NaN : merit(qNext);
      if (
        valueNext >= value ||
        (canonical && Math.abs(valueNext - value) <= 1e-12 * Math.abs(value))
      ) {
        beta = next;
        q = qNext;
        value = valueNext;
        accepted = true;
      }
    }
    if (!accepted)
      return { beta, q, iterations: iter, converged: sumAbs(q.step) < input.tolerance };
  }
  return { beta, q, iterations: maxIter, converged: !q.failed && sumAbs(q.step) < input.tolerance };
}
