/**
 * Newton-Raphson maximisation of the Cox partial likelihood with step halving, as survival's
 * coxph.fit / coxfit6.c (and agreg.fit / agfit4.c for counting-process data).
 *
 * Contract: input as prepareCoxData's CoxInput (design matrix without intercept, column-major).
 * Covariates are centred at their weighted mean and scaled by the reciprocal of their mean
 * absolute deviation, except columns whose values all lie in {-1, 0, 1} (coxph's `nocenter`),
 * which are used as they are. Iteration 0 evaluates the initial beta (0 unless given) and the
 * score test; each later iteration evaluates the proposed beta and
 *   - stops (converged) when everything is finite and |1 - loglik_best / loglik_new| <= tolerance;
 *   - halves the step towards the last accepted beta when the log-likelihood got worse or is not
 *     finite: beta_new = (beta_new + h beta_old) / (h + 1) at the h-th consecutive halving;
 *   - otherwise accepts it and takes the Newton step solve(I, U).
 * Running out of iterations returns the last accepted beta with its information (flag 1000).
 * Singular information is handled by the generalised Cholesky (cholesky2 with `tolerChol`): the
 * redundant coefficients get a zero row and column in the variance and are reported as aliased.
 */
import { chinv2, cholesky2, chsolve2 } from './cholesky2.ts';
import { type CoxData, type CoxInput, prepareCoxData } from './cox-data.ts';
import { coxSweep, type SweepParallel, type SweepWork, sweepWork } from './cox-sweep.ts';

export interface CoxControl {
  maxIter: number;
  tolerance: number;
  tolerChol: number;
  tolerInf: number;
  /** Threads of the risk-set sweep of large right-censored fits (./cox-sweep.ts). */
  parallel?: SweepParallel;
}

/** coxph.control() defaults. */
export const COX_CONTROL: CoxControl = {
  maxIter: 20,
  tolerance: 1e-9,
  tolerChol: 2.220446049250313e-16 ** 0.75,
  tolerInf: Math.sqrt(1e-9),
};

export interface CoxKernelResult {
  /** Coefficients on the original scale; NaN for aliased ones. */
  beta: Float64Array;
  /** Inverse information (model-based variance), p x p column-major, zero rows for aliased. */
  variance: Float64Array;
  /** Score vector at the final beta (original scale). */
  score: Float64Array;
  loglikInit: number;
  loglik: number;
  /** Score test statistic at the initial beta. */
  scoreTest: number;
  iterations: number;
  converged: boolean;
  /** Rank of the information at the final iteration. */
  rank: number;
  /** Whether the last accepted step needed halving. */
  halved: boolean;
  aliased: boolean[];
  /** Column centres used (0 for -1/0/1 columns), as coxph's `means`. */
  means: Float64Array;
  /** Sorted data (centred at `means`, unscaled) for later sweeps. */
  data: CoxData;
  /** Coefficient indices whose score converged before the coefficient (possibly infinite). */
  possiblyInfinite: number[];
}

function columnIsZeroOne(x: Float64Array, n: number, j: number): boolean {
  for (let i = 0; i < n; i++) {
    const v = x[i + j * n];
    if (v !== 0 && v !== 1 && v !== -1) return false;
  }
  return true;
}

/**
 * coxph.fit's centring and scaling: the weighted mean of each column and the reciprocal of its
 * weighted mean absolute deviation; columns in {-1, 0, 1} are left as they are (0 and 1).
 */
function centring(input: CoxInput): { means: Float64Array; scale: Float64Array } {
  const { n, p, weights } = input;
  let totalWeight = 0;
  for (let i = 0; i < n; i++) totalWeight += weights ? weights[i] : 1;
  const means = new Float64Array(p);
  const scale = new Float64Array(p).fill(1);
  for (let j = 0; j < p; j++) {
    if (columnIsZeroOne(input.x, n, j)) continue;
    let sum = 0;
    for (let i = 0; i < n; i++) sum += (weights ? weights[i] : 1) * input.x[i + j * n];
    const mean = sum / totalWeight;
    means[j] = mean;
    let abs = 0;
    for (let i = 0; i < n; i++) {
      abs += (weights ? weights[i] : 1) * Math.abs(input.x[i + j * n] - mean);
    }
    scale[j] = abs > 0 ? totalWeight / abs : 1;
  }
  return { means, scale };
}

export function coxKernel(
  input: CoxInput,
  efron: boolean,
  control: CoxControl = COX_CONTROL,
  init?: Float64Array,
): CoxKernelResult {
  const { n, p } = input;
  const { means, scale } = centring(input);
  const data = prepareCoxData(input, means, scale);
  const work: SweepWork = sweepWork(data, control.parallel);
  const u = new Float64Array(p);
  const imat = new Float64Array(p * p);
  const beta = new Float64Array(p);
  if (init) for (let j = 0; j < p; j++) beta[j] = init[j] / scale[j];
  const newBeta = new Float64Array(p);
  const step = new Float64Array(p);

  const loglikInit = coxSweep(data, beta, efron, u, imat, work);
  let rank = cholesky2(imat, p, control.tolerChol);
  step.set(u);
  chsolve2(imat, p, step);
  let scoreTest = 0;
  for (let j = 0; j < p; j++) scoreTest += u[j] * step[j];

  let best = loglikInit;
  let iterations = 0;
  let converged = false;
  let halving = 0;
  let halved = false;
  let factor = imat;
  let loglik = loglikInit;
  const finish = () => {
    const variance = chinv2(factor, p);
    const out = new Float64Array(p);
    const score = new Float64Array(p);
    for (let i = 0; i < p; i++) {
      out[i] = beta[i] * scale[i];
      score[i] = u[i] / scale[i];
      for (let j = 0; j < p; j++) variance[i + j * p] *= scale[i] * scale[j];
    }
    return { out, score, variance };
  };

  if (control.maxIter === 0 || !Number.isFinite(loglikInit)) {
    const { out, score, variance } = finish();
    return result(out, score, variance, loglikInit, loglikInit, 0, control.maxIter === 0);
  }
  for (let j = 0; j < p; j++) newBeta[j] = beta[j] + step[j];
  for (iterations = 1; iterations <= control.maxIter; iterations++) {
    const newLoglik = coxSweep(data, newBeta, efron, u, imat, work);
    rank = cholesky2(imat, p, control.tolerChol);
    let finite = Number.isFinite(newLoglik);
    for (let j = 0; j < p && finite; j++) if (!Number.isFinite(u[j])) finite = false;
    for (let j = 0; j < p * p && finite; j++) if (!Number.isFinite(imat[j])) finite = false;
    if (finite && Math.abs(1 - best / newLoglik) <= control.tolerance) {
      beta.set(newBeta);
      loglik = newLoglik;
      converged = true;
      halved = halving > 0;
      factor = imat;
      break;
    }
    if (!finite || newLoglik < best) {
      halving++;
      for (let j = 0; j < p; j++) newBeta[j] = (newBeta[j] + halving * beta[j]) / (halving + 1);
    } else {
      halving = 0;
      best = newLoglik;
      step.set(u);
      chsolve2(imat, p, step);
      for (let j = 0; j < p; j++) {
        beta[j] = newBeta[j];
        newBeta[j] += step[j];
      }
    }
  }
  if (!converged) {
    iterations = control.maxIter;
    // recompute the information at the last accepted beta
    loglik = coxSweep(data, beta, efron, u, imat, work);
    rank = cholesky2(imat, p, control.tolerChol);
    factor = imat;
  }
  const { out, score, variance } = finish();
  return result(out, score, variance, loglikInit, loglik, iterations, converged);

  function result(
    coef: Float64Array,
    score: Float64Array,
    variance: Float64Array,
    l0: number,
    l1: number,
    iter: number,
    ok: boolean,
  ): CoxKernelResult {
    const aliased: boolean[] = [];
    const singular = rank < p;
    for (let j = 0; j < p; j++) {
      aliased.push(singular && variance[j + j * p] === 0);
      if (aliased[j]) coef[j] = Number.NaN;
    }
    // coxph.fit's check for coefficients that may be infinite
    const possiblyInfinite: number[] = [];
    if (control.maxIter > 1 && ok) {
      for (let j = 0; j < p; j++) {
        if (aliased[j]) continue;
        let infs = 0;
        for (let k = 0; k < p; k++) infs += score[k] * variance[k + j * p];
        infs = Math.abs(infs);
        const threshold = input.start
          ? control.tolerInf * (1 + Math.abs(coef[j]))
          : Math.max(control.tolerance, control.tolerInf * Math.abs(coef[j]));
        if (!Number.isFinite(score[j]) || infs > threshold) possiblyInfinite.push(j);
      }
    }
    // data kept for the residual sweeps: centred at the means, unscaled
    for (let k = 0; k < n; k++) {
      for (let j = 0; j < p; j++) data.x[k * p + j] /= scale[j];
    }
    return {
      beta: coef,
      variance,
      score,
      loglikInit: l0,
      loglik: l1,
      scoreTest,
      iterations: iter,
      converged: ok,
      rank,
      halved,
      aliased,
      means,
      data,
      possiblyInfinite,
    };
  }
}
