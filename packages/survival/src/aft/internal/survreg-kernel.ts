/**
 * Maximum likelihood for the location-scale model log(T) = x'b + sigma * e, with right-censored
 * data: R survival's survregc1.c (log-likelihood, score, information and J'J) and survreg6.c
 * (Newton-Raphson with step halving).
 *
 * Contract
 *   y       Float64Array(n): transformed times (log t for the AFT distributions)
 *   status  Uint8Array(n): 1 = exact (event), 0 = right-censored
 *   x       Float64Array(n * nvar), column-major design
 *   w       Float64Array(n) case weights (> 0), offset Float64Array(n)
 *   nstrat  0 = fixed scale (beta carries log(scale) as its last entry, not estimated),
 *           1 = one scale, > 1 = one scale per stratum (strata: Int32Array(n), 0-based)
 *   beta    coefficients then log-scale(s): length nvar + max(nstrat, 1)
 * The derivatives are with respect to (b, log sigma); `imat` is minus the Hessian, nvar2 x nvar2
 * column-major with nvar2 = nvar + nstrat. Off-scale observations (density 0) contribute -200
 * to the log-likelihood, which triggers step halving, as in survregc1.
 */
import { type BaseDistribution, densityTerms } from './aft-distributions.ts';
import { ldlFactor, ldlInverse, ldlSolve } from './ldl.ts';

const SMALL = -200;

export interface SurvregProblem {
  n: number;
  nvar: number;
  nstrat: number;
  strata: Int32Array;
  y: Float64Array;
  status: Uint8Array;
  x: Float64Array;
  w: Float64Array;
  offset: Float64Array;
  base: BaseDistribution;
}

export interface SurvregEvaluation {
  loglik: number;
  u: Float64Array;
  imat: Float64Array;
  jj: Float64Array;
}

export function survregEvaluate(
  problem: SurvregProblem,
  beta: Float64Array,
  derivatives: boolean,
): SurvregEvaluation {
  const { n, nvar, nstrat, strata, y, status, x, w, offset, base } = problem;
  const nvar2 = nvar + nstrat;
  const u = new Float64Array(nvar2);
  const imat = new Float64Array(nvar2 * nvar2);
  const jj = new Float64Array(nvar2 * nvar2);
  const funs = new Float64Array(4);
  let loglik = 0;
  let g = 0;
  let dg = 0;
  let ddg = 0;
  let dsig = 0;
  let ddsig = 0;
  let dsg = 0;
  for (let person = 0; person < n; person++) {
    const stratum = nstrat > 1 ? strata[person] : 0;
    const sigma = Math.exp(beta[nvar + stratum]);
    const sig2 = 1 / (sigma * sigma);
    let eta = offset[person];
    for (let i = 0; i < nvar; i++) eta += beta[i] * x[i * n + person];
    const sz = y[person] - eta;
    const z = sz / sigma;
    if (status[person] === 1) {
      densityTerms(base, z, true, funs);
      if (funs[1] <= 0) {
        g = SMALL;
        dg = -z / sigma;
        ddg = -1 / sigma;
        dsig = 0;
        ddsig = 0;
        dsg = 0;
      } else {
        g = Math.log(funs[1]) - Math.log(sigma);
        const temp = funs[2] / sigma;
        const temp2 = funs[3] * sig2;
        dg = -temp;
        dsig = -temp * sz;
        ddg = temp2 - dg * dg;
        dsg = sz * temp2 - dg * (dsig + 1);
        ddsig = sz * sz * temp2 - dsig * (1 + dsig);
        dsig -= 1;
      }
    } else {
      densityTerms(base, z, false, funs);
      if (funs[1] <= 0) {
        g = SMALL;
        dg = z / sigma;
        ddg = 0;
        dsig = 0;
        ddsig = 0;
        dsg = 0;
      } else {
        g = Math.log(funs[1]);
        const temp = -funs[2] / (funs[1] * sigma);
        const temp2 = (-funs[3] * sig2) / funs[1];
        dg = -temp;
        dsig = -temp * sz;
        ddg = temp2 - dg * dg;
        dsg = sz * temp2 - dg * (dsig + 1);
        ddsig = sz * sz * temp2 - dsig * (1 + dsig);
      }
    }
    const wt = w[person];
    loglik += g * wt;
    if (!derivatives) continue;
    for (let i = 0; i < nvar; i++) {
      const xi = x[i * n + person];
      const temp = dg * xi * wt;
      u[i] += temp;
      for (let j = 0; j <= i; j++) {
        const xj = x[j * n + person];
        imat[j * nvar2 + i] -= xi * xj * ddg * wt;
        jj[j * nvar2 + i] += temp * xj * dg;
      }
    }
    if (nstrat !== 0) {
      const k = stratum + nvar;
      u[k] += wt * dsig;
      for (let i = 0; i < nvar; i++) {
        const xi = x[i * n + person];
        imat[i * nvar2 + k] -= dsg * xi * wt;
        jj[i * nvar2 + k] += dsig * xi * dg * wt;
      }
      imat[k * nvar2 + k] -= ddsig * wt;
      jj[k * nvar2 + k] += dsig * dsig * wt;
    }
  }
  if (derivatives) {
    for (let i = 0; i < nvar2; i++) {
      for (let j = 0; j < i; j++) {
        imat[i * nvar2 + j] = imat[j * nvar2 + i];
        jj[i * nvar2 + j] = jj[j * nvar2 + i];
      }
    }
  }
  return { loglik, u, imat, jj };
}

export interface SurvregFit {
  beta: Float64Array;
  iterations: number;
  /** Inverse information (nvar2 x nvar2, column-major). */
  variance: Float64Array;
  loglik: number;
  /** Rank of the information (negated if not PSD); 1000 = ran out of iterations. */
  flag: number;
  converged: boolean;
  score: Float64Array;
}

function newtonStep(
  evaluation: SurvregEvaluation,
  nvar2: number,
  tolChol: number,
): { step: Float64Array; flag: number } {
  const factor = ldlFactor(evaluation.imat, nvar2, tolChol);
  if (factor.flag < 0) {
    return {
      step: ldlSolve(ldlFactor(evaluation.jj, nvar2, tolChol), evaluation.u),
      flag: factor.flag,
    };
  }
  return { step: ldlSolve(factor, evaluation.u), flag: factor.flag };
}

/** survreg6: Newton-Raphson with step halving; convergence when |1 - L_old/L_new| <= eps. */
export function survregIterate(
  problem: SurvregProblem,
  init: Float64Array,
  maxIter: number,
  eps: number,
  tolChol: number,
): SurvregFit {
  const { nvar, nstrat } = problem;
  const nvar2 = nvar + nstrat;
  const beta = Float64Array.from(init);
  const newbeta = Float64Array.from(init);
  let current = survregEvaluate(problem, beta, true);
  let loglik = current.loglik;
  let { step, flag } = newtonStep(current, nvar2, tolChol);
  for (let i = 0; i < nvar2; i++) newbeta[i] = beta[i] + step[i];
  if (maxIter === 0) {
    const variance = ldlInverse(ldlFactor(current.imat, nvar2, tolChol));
    return { beta, iterations: 0, variance, loglik, flag, converged: false, score: current.u };
  }
  let halving = 0;
  current = survregEvaluate(problem, newbeta, true);
  let newlk = current.loglik;
  for (let iter = 1; iter <= maxIter; iter++) {
    if (Number.isFinite(newlk) && Math.abs(1 - loglik / newlk) <= eps && halving === 0) {
      const factor = ldlFactor(current.imat, nvar2, tolChol);
      return {
        beta: Float64Array.from(newbeta),
        iterations: iter,
        variance: ldlInverse(factor),
        loglik: newlk,
        flag: factor.flag,
        converged: true,
        score: current.u,
      };
    }
    if (!Number.isFinite(newlk) || newlk < loglik) {
      for (let j = 0; j < 5 && newlk < loglik; j++) {
        halving++;
        for (let i = 0; i < nvar2; i++) newbeta[i] = (newbeta[i] + beta[i]) / 2;
        if (halving === 1) {
          // Keep a log-scale within about log(3) of the last good value.
          for (let i = 0; i < nstrat; i++) {
            if (beta[nvar + i] - newbeta[nvar + i] > 1.1) newbeta[nvar + i] = beta[nvar + i] - 1.1;
          }
        }
        newlk = survregEvaluate(problem, newbeta, false).loglik;
      }
    } else {
      halving = 0;
      loglik = newlk;
      ({ step, flag } = newtonStep(current, nvar2, tolChol));
      for (let i = 0; i < nvar2; i++) {
        beta[i] = newbeta[i];
        newbeta[i] = newbeta[i] + step[i];
      }
    }
    current = survregEvaluate(problem, newbeta, true);
    newlk = current.loglik;
  }
  const factor = ldlFactor(current.imat, nvar2, tolChol);
  return {
    beta: Float64Array.from(newbeta),
    iterations: maxIter,
    variance: ldlInverse(factor),
    loglik: newlk,
    flag: 1000,
    converged: false,
    score: current.u,
  };
}
