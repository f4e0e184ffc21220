import { cholesky, choleskyInverse } from '@muster/core';
import type { LikelihoodTerm, OverlapBlock } from './figures.ts';
import { logPoissonTail } from './log-poisson-tail.ts';
import { rowSpans } from './penalty.ts';

export { JUMP_PRECISION, type PenaltyParts, penaltyMatrix, scaledPenalty } from './penalty.ts';

/**
 * Penalised likelihood of a monthly series from aggregate figures, on the log scale.
 *
 * Contract
 *   terms   likelihood terms; term i has month weights w_i (length m) and mu_i = sum_m w_im x_m
 *   blocks  overlapping exact figures: l = -1/2 (y - B x)' P (y - B x), P fixed (see OverlapBlock)
 *   m       months; theta_m = log x_m
 *   penalty the prior precision P of log x at tau (tau K + J with breaks and, for order 1, the
 *           drift integrated out: see penalty.ts): penalty theta' P theta / 2
 *   centre  ridge centre c: a weak proper prior theta_m ~ N(c, 1 / RIDGE) keeps every direction
 *           identified (RIDGE = 1e-4, prior sd 100 on the log scale)
 * Objective Q(theta) = sum_i l_i(mu_i) - tau/2 theta'K theta - RIDGE/2 |theta - c|^2 with
 *   exact        l = y log mu - mu                      (Poisson)
 *   approximate  l = -(y - mu)^2 / (2 v)                 (normal, v fixed from the figure)
 *   lower bound  l = log P(N >= y | mu)                  (censored Poisson)
 * In theta, with g_i = dl_i/dmu_i and h_i = d2l_i/dmu_i^2:
 *   dQ/dtheta_a        = sum_i g_i w_ia x_a - tau (K theta)_a - RIDGE (theta_a - c)
 *   -d2Q/dtheta_a dtheta_b = sum_i (-h_i) w_ia x_a w_ib x_b - [a = b] sum_i g_i w_ia x_a + tau K_ab + RIDGE [a = b]
 * Maximised by Newton's method with step halving; where this observed information is not
 * positive definite, the expected (Fisher) information (-h_i replaced by its expectation, the
 * g_i term dropped) gives the step. Returns theta-hat, the Cholesky factor of the information at
 * theta-hat, Q and the log-likelihood there.
 */
export const RIDGE = 1e-4;

export interface PenalisedFit {
  theta: Float64Array;
  /** Lower Cholesky factor of -Hessian(Q) at theta (column-major m x m). */
  factor: Float64Array;
  objective: number;
  logLik: number;
  penalty: number;
  iterations: number;
  converged: boolean;
}

/** Indices where a weight vector is non-zero, cached per vector. */
const supports = new WeakMap<Float64Array, Int32Array>();
function supportOf(weights: Float64Array): Int32Array {
  let support = supports.get(weights);
  if (!support) {
    const indices: number[] = [];
    for (let j = 0; j < weights.length; j++) if (weights[j] !== 0) indices.push(j);
    support = Int32Array.from(indices);
    supports.set(weights, support);
  }
  return support;
}

interface Evaluation {
  objective: number;
  logLik: number;
  penalty: number;
  gradient: Float64Array;
}

/** Q and its gradient at theta; with `information`, also fill -Hessian (observed or Fisher). */
function evaluate(
  theta: Float64Array,
  terms: readonly LikelihoodTerm[],
  blocks: readonly OverlapBlock[],
  penalty: Float64Array,
  tau: number,
  centre: number,
  information: Float64Array | null,
  fisher: boolean,
): Evaluation {
  const m = theta.length;
  const x = new Float64Array(m);
  for (let j = 0; j < m; j++) x[j] = Math.exp(theta[j]);
  const gradient = new Float64Array(m);
  if (information) information.fill(0);
  let logLik = 0;
  const wx = new Float64Array(m);
  for (const term of terms) {
    const support = supportOf(term.weights);
    let mu = 0;
    for (const j of support) {
      wx[j] = term.weights[j] * x[j];
      mu += wx[j];
    }
    let value: number;
    let first: number;
    let curvature: number;
    const y = term.value;
    if (term.kind === 'poisson') {
      value = y > 0 ? y * Math.log(mu) - mu : -mu;
      first = y / mu - 1;
      curvature = fisher ? 1 / mu : y / (mu * mu);
    } else if (term.kind === 'normal') {
      const r = y - mu;
      value = (-r * r) / (2 * term.variance);
      first = r / term.variance;
      curvature = 1 / term.variance;
    } else {
      const tail = logPoissonTail(y, mu);
      value = tail.value;
      first = tail.first;
      curvature = Math.max(0, -tail.second);
    }
    logLik += value;
    for (const j of support) gradient[j] += first * wx[j];
    if (information) {
      for (const a of support) {
        if (!fisher) information[a * m + a] -= first * wx[a];
        const scaled = curvature * wx[a];
        for (const b of support) information[a * m + b] += scaled * wx[b];
      }
    }
  }
  for (const block of blocks) {
    // l = -1/2 r' P r, r = y - B x: gradient in x is B' P r, -Hessian in x is B' P B
    const k = block.values.length;
    const residual = new Float64Array(k);
    for (let i = 0; i < k; i++) {
      let fitted = 0;
      for (let j = 0; j < m; j++) fitted += block.rows[i * m + j] * x[j];
      residual[i] = block.values[i] - fitted;
    }
    const pr = new Float64Array(k);
    let quadraticForm = 0;
    for (let i = 0; i < k; i++) {
      let sum = 0;
      for (let j = 0; j < k; j++) sum += block.precision[i * k + j] * residual[j];
      pr[i] = sum;
      quadraticForm += residual[i] * sum;
    }
    logLik -= quadraticForm / 2;
    for (let j = 0; j < m; j++) {
      let sum = 0;
      for (let i = 0; i < k; i++) sum += block.rows[i * m + j] * pr[i];
      gradient[j] += sum * x[j];
      if (information && !fisher) information[j * m + j] -= sum * x[j];
    }
    if (information) {
      // (B diag(x))' P (B diag(x))
      const bx = new Float64Array(k * m);
      for (let i = 0; i < k * m; i++) bx[i] = block.rows[i] * x[i % m];
      const pbx = new Float64Array(k * m);
      for (let i = 0; i < k; i++) {
        for (let l = 0; l < k; l++) {
          const p = block.precision[i * k + l];
          if (p === 0) continue;
          for (let j = 0; j < m; j++) pbx[i * m + j] += p * bx[l * m + j];
        }
      }
      for (let i = 0; i < k; i++) {
        for (let a = 0; a < m; a++) {
          const left = bx[i * m + a];
          if (left === 0) continue;
          for (let b = 0; b < m; b++) information[a * m + b] += left * pbx[i * m + b];
        }
      }
    }
  }
  let quadratic = 0;
  let ridge = 0;
  const span = rowSpans(penalty, m);
  for (let a = 0; a < m; a++) {
    let row = 0;
    for (let b = span[2 * a]; b <= span[2 * a + 1]; b++) row += penalty[a * m + b] * theta[b];
    quadratic += theta[a] * row;
    const offset = theta[a] - centre;
    ridge += offset * offset;
    gradient[a] -= tau * row + RIDGE * offset;
  }
  if (information) {
    for (let a = 0; a < m; a++) {
      for (let b = span[2 * a]; b <= span[2 * a + 1]; b++)
        information[a * m + b] += tau * penalty[a * m + b];
      information[a * m + a] += RIDGE;
    }
  }
  const penaltyValue = (tau / 2) * quadratic + (RIDGE / 2) * ridge;
  return { objective: logLik - penaltyValue, logLik, penalty: penaltyValue, gradient };
}

/** Solve (L L') z = b for the lower Cholesky factor L (column-major). */
export function solveWithFactor(l: Float64Array, m: number, b: Float64Array): Float64Array {
  const z = Float64Array.from(b);
  for (let i = 0; i < m; i++) {
    let s = z[i];
    for (let j = 0; j < i; j++) s -= l[j * m + i] * z[j];
    z[i] = s / l[i * m + i];
  }
  for (let i = m - 1; i >= 0; i--) {
    let s = z[i];
    for (let j = i + 1; j < m; j++) s -= l[i * m + j] * z[j];
    z[i] = s / l[i * m + i];
  }
  return z;
}

/** Cholesky factor of the information at theta: observed if positive definite, else Fisher. */
function informationFactor(
  theta: Float64Array,
  terms: readonly LikelihoodTerm[],
  blocks: readonly OverlapBlock[],
  penalty: Float64Array,
  tau: number,
  centre: number,
  scratch: Float64Array,
): Float64Array | null {
  const m = theta.length;
  evaluate(theta, terms, blocks, penalty, tau, centre, scratch, false);
  const observed = cholesky(scratch, m);
  if (observed) return observed;
  evaluate(theta, terms, blocks, penalty, tau, centre, scratch, true);
  return cholesky(scratch, m);
}

export function fitPenalised(
  terms: readonly LikelihoodTerm[],
  blocks: readonly OverlapBlock[],
  start: Float64Array,
  penalty: Float64Array,
  tau: number,
  centre: number,
  maxIterations = 100,
): PenalisedFit {
  const m = start.length;
  const scratch = new Float64Array(m * m);
  let theta = Float64Array.from(start);
  let current = evaluate(theta, terms, blocks, penalty, tau, centre, null, false);
  let converged = false;
  let iterations = 0;
  let factor = informationFactor(theta, terms, blocks, penalty, tau, centre, scratch);
  for (; iterations < maxIterations && factor !== null; iterations++) {
    const step = solveWithFactor(factor, m, current.gradient);
    let scale = 1;
    let accepted = false;
    let next = current;
    const trial = new Float64Array(m);
    for (let halving = 0; halving < 40; halving++) {
      for (let j = 0; j < m; j++) trial[j] = theta[j] + scale * step[j];
      next = evaluate(trial, terms, blocks, penalty, tau, centre, null, false);
      if (
        Number.isFinite(next.objective) &&
        next.objective >= current.objective - 1e-12 * Math.abs(current.objective)
      ) {
        accepted = true;
        break;
      }
      scale /= 2;
    }
    if (!accepted) break;
    const gain = next.objective - current.objective;
    let largest = 0;
    for (let j = 0; j < m; j++) largest = Math.max(largest, Math.abs(scale * step[j]));
    theta = trial;
    current = next;
    factor = informationFactor(theta, terms, blocks, penalty, tau, centre, scratch);
    if (Math.abs(gain) <= 1e-10 * (1 + Math.abs(current.objective)) && largest < 1e-6) {
      converged = true;
      iterations++;
      break;
    }
  }
  return {
    theta,
    factor: factor ?? new Float64Array(m * m).fill(Number.NaN),
    objective: current.objective,
    logLik: current.logLik,
    penalty: current.penalty,
    iterations,
    converged,
  };
}

/** log-determinant of L L' from its Cholesky factor. */
export function logDeterminant(factor: Float64Array, m: number): number {
  let sum = 0;
  for (let i = 0; i < m; i++) sum += Math.log(factor[i * m + i]);
  return 2 * sum;
}

/**
 * Laplace approximation to the log marginal likelihood (the constants that do not depend on the
 * prior dropped): Q(theta-hat) + 1/2 log |tau K + RIDGE I| - 1/2 log |-Hessian|. The prior's
 * log-determinant is exact, so models with different penalties (order, breaks) compare on the
 * same scale.
 */
export function logMarginal(fit: PenalisedFit, penalty: Float64Array, tau: number): number {
  const m = fit.theta.length;
  const precision = new Float64Array(m * m);
  for (let i = 0; i < m * m; i++) precision[i] = tau * penalty[i];
  for (let i = 0; i < m; i++) precision[i * m + i] += RIDGE;
  const factor = cholesky(precision, m);
  const priorLogDet = factor === null ? Number.NEGATIVE_INFINITY : logDeterminant(factor, m);
  return fit.objective + 0.5 * priorLogDet - 0.5 * logDeterminant(fit.factor, m);
}

/**
 * Set each block's precision P = S^-1 with S = A diag(mu_atoms) A', mu_atoms the atoms' expected
 * counts under x (a first-pass fit): the Poisson covariance of counts that share days.
 */
export function setBlockPrecision(blocks: OverlapBlock[], x: ArrayLike<number>): void {
  for (const block of blocks) {
    const k = block.values.length;
    const m = x.length;
    const mu = new Float64Array(block.atoms);
    for (let a = 0; a < block.atoms; a++) {
      let sum = 0;
      for (let j = 0; j < m; j++) sum += block.atomWeights[a * m + j] * x[j];
      mu[a] = Math.max(sum, 1e-8);
    }
    const s = new Float64Array(k * k);
    for (let i = 0; i < k; i++) {
      for (let j = 0; j < k; j++) {
        let sum = 0;
        for (let a = 0; a < block.atoms; a++)
          sum +=
            block.incidence[i * block.atoms + a] * block.incidence[j * block.atoms + a] * mu[a];
        s[i * k + j] = sum;
      }
    }
    const factor = cholesky(s, k);
    block.precision = factor === null ? new Float64Array(k * k) : choleskyInverse(factor, k);
  }
}

/** Q(theta) of the contract above, without derivatives and without allocating (draw loops). */
export function penalisedObjective(
  theta: Float64Array,
  terms: readonly LikelihoodTerm[],
  blocks: readonly OverlapBlock[],
  penalty: Float64Array,
  tau: number,
  centre: number,
  scratch: Float64Array,
): number {
  const m = theta.length;
  const x = scratch;
  for (let j = 0; j < m; j++) x[j] = Math.exp(theta[j]);
  let logLik = 0;
  for (const term of terms) {
    const support = supportOf(term.weights);
    let mu = 0;
    for (const j of support) mu += term.weights[j] * x[j];
    const y = term.value;
    if (term.kind === 'poisson') logLik += y > 0 ? y * Math.log(mu) - mu : -mu;
    else if (term.kind === 'normal') logLik -= ((y - mu) * (y - mu)) / (2 * term.variance);
    else logLik += logPoissonTail(y, mu).value;
  }
  for (const block of blocks) {
    const k = block.values.length;
    for (let i = 0; i < k; i++) {
      let ri = block.values[i];
      for (let j = 0; j < m; j++) ri -= block.rows[i * m + j] * x[j];
      for (let l = 0; l < k; l++) {
        let rl = block.values[l];
        if (block.precision[i * k + l] === 0) continue;
        for (let j = 0; j < m; j++) rl -= block.rows[l * m + j] * x[j];
        logLik -= (ri * block.precision[i * k + l] * rl) / 2;
      }
    }
  }
  let quadratic = 0;
  let ridge = 0;
  const span = rowSpans(penalty, m);
  for (let a = 0; a < m; a++) {
    let row = 0;
    for (let b = span[2 * a]; b <= span[2 * a + 1]; b++) row += penalty[a * m + b] * theta[b];
    quadratic += theta[a] * row;
    ridge += (theta[a] - centre) ** 2;
  }
  return logLik - (tau / 2) * quadratic - (RIDGE / 2) * ridge;
}
