import type { BlockSystem } from './block-system.ts';
import type { MixedFamily } from './family.ts';
import type { MixedModelData } from './frame.ts';
import { rowLambda, type Structure } from './structure.ts';

/** The model pieces every deviance evaluation needs. */
export interface MixedModel {
  data: MixedModelData;
  structure: Structure;
  family: MixedFamily;
}

/** State at the conditional modes: u, beta, the linear predictor and means. */
export interface PirlsResult {
  ok: boolean;
  converged: boolean;
  iterations: number;
  /** Penalised deviance: sum of deviance residuals + |u|^2. */
  pdev: number;
  u: Float64Array;
  beta: Float64Array;
  eta: Float64Array;
  mu: Float64Array;
}

/**
 * eta = offset + X beta + Z Lambda u.
 */
export function linearPredictor(
  model: MixedModel,
  factors: Float64Array[],
  u: Float64Array,
  beta: Float64Array,
  out: Float64Array,
): void {
  const { data, structure } = model;
  const n = data.n;
  out.set(data.offset);
  for (let j = 0; j < data.p; j++) {
    const bj = beta[j]!;
    if (bj === 0) continue;
    for (let i = 0; i < n; i++) out[i] += data.x[j * n + i]! * bj;
  }
  const a = new Float64Array(16);
  data.terms.forEach((term, k) => {
    const p = term.p;
    const buf = p <= 16 ? a : new Float64Array(p);
    const start = structure.uStart[k]!;
    for (let i = 0; i < n; i++) {
      rowLambda(term.z, i, p, factors[k]!, buf);
      const base = start + term.codes[i]! * p;
      let s = 0;
      for (let j = 0; j < p; j++) s += buf[j]! * u[base + j]!;
      out[i] += s;
    }
  });
}

/** Means and the sum of deviance residuals for a linear predictor. */
export function devianceResiduals(model: MixedModel, eta: Float64Array, mu: Float64Array): number {
  const { data, family } = model;
  let dev = 0;
  for (let i = 0; i < data.n; i++) {
    mu[i] = family.linkInverse(eta[i]!);
    dev += family.devianceResidual(data.y[i]!, mu[i]!, data.weights[i]!);
  }
  return dev;
}

function sumSquares(u: Float64Array): number {
  let s = 0;
  for (let j = 0; j < u.length; j++) s += u[j]! * u[j]!;
  return s;
}

/**
 * Fill IRLS weights and working residuals at eta, and (re)factor the system.
 * The working residual is the part of the working response left to the unknowns: with beta fixed
 * it excludes X beta; in the joint system only the offset is subtracted.
 */
export function factorAt(
  model: MixedModel,
  system: BlockSystem,
  factors: Float64Array[],
  eta: Float64Array,
  beta: Float64Array,
): boolean {
  const { data, family } = model;
  const n = data.n;
  const w = system.weights;
  const r = system.residuals;
  for (let i = 0; i < n; i++) {
    const mu = family.linkInverse(eta[i]!);
    const d = family.muEta(eta[i]!);
    w[i] = (data.weights[i]! * d * d) / family.variance(mu);
    let fixed = data.offset[i]!;
    if (!system.joint) for (let j = 0; j < data.p; j++) fixed += data.x[j * n + i]! * beta[j]!;
    r[i] = eta[i]! - fixed + (data.y[i]! - mu) / d;
  }
  return system.assembleAndFactor(factors, w, r);
}

/**
 * Penalised iteratively reweighted least squares as lme4's pwrssUpdate runs it: the conditional
 * modes u (and beta when the system is joint) minimising sum(devResid) + |u|^2. Each call starts
 * from the same linear predictor `etaStart` (lme4's lp0); every iteration factors the system at
 * the current weights and solves for the new coefficients; the loop stops when the relative
 * change of the penalised deviance is below `tolerance` (lme4's tolPwrss, 1e-7), checked before
 * any step halving, as lme4 does. The system keeps the factor of the last iteration, i.e. at the
 * weights of the previous iterate: lme4's Laplace deviance uses that log-determinant, and so does
 * Muster, to reproduce glmer's log-likelihood (the factor at the final weights would move the
 * deviance by about 1e-6 relative).
 *
 * Contract: `beta` is the fixed part for a u-only system (ignored when joint); `etaStart` has
 * length n. Returns ok = false when a factorisation fails or the deviance is NaN.
 */
export function pirls(
  model: MixedModel,
  system: BlockSystem,
  factors: Float64Array[],
  etaStart: Float64Array,
  beta: Float64Array,
  tolerance = 1e-7,
  maxIterations = 100,
): PirlsResult {
  const n = model.data.n;
  const q = model.structure.q;
  const p = model.data.p;
  const eta = Float64Array.from(etaStart);
  const mu = new Float64Array(n);
  let cu = new Float64Array(q);
  let cb = Float64Array.from(beta);
  let pdev = Number.MAX_VALUE;
  let converged = false;
  let iterations = 0;
  for (; iterations < maxIterations; ) {
    iterations++;
    if (!factorAt(model, system, factors, eta, beta)) return failed(cu, cb, eta, mu, iterations);
    const solution = system.solve();
    let nu = Float64Array.from(solution.subarray(0, q));
    let nb = system.joint ? Float64Array.from(solution.subarray(q, q + p)) : cb;
    linearPredictor(model, factors, nu, nb, eta);
    let next = devianceResiduals(model, eta, mu) + sumSquares(nu);
    if (Math.abs((pdev - next) / next) < tolerance) {
      cu = nu;
      cb = nb;
      pdev = next;
      converged = true;
      break;
    }
    for (let k = 0; k < 20 && (Number.isNaN(next) || next > pdev); k++) {
      nu = Float64Array.from(nu, (v, j) => (v + cu[j]!) / 2);
      if (system.joint) nb = Float64Array.from(nb, (v, j) => (v + cb[j]!) / 2);
      linearPredictor(model, factors, nu, nb, eta);
      next = devianceResiduals(model, eta, mu) + sumSquares(nu);
    }
    if (Number.isNaN(next)) return failed(cu, cb, eta, mu, iterations);
    cu = nu;
    cb = nb;
    pdev = next;
  }
  return { ok: true, converged, iterations, pdev, u: cu, beta: cb, eta, mu };
}

function failed(
  u: Float64Array,
  beta: Float64Array,
  eta: Float64Array,
  mu: Float64Array,
  iterations: number,
): PirlsResult {
  return { ok: false, converged: false, iterations, pdev: Number.NaN, u, beta, eta, mu };
}
