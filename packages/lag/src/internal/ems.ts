/**
 * Becker's EMS back-projection kernel, step for step as `surveillance::backprojNP.fit` with
 * `em.step.becker` (surveillance 1.20.3), written in O(T (D + k)) per iteration instead of R's
 * O(T^3).
 *
 * Contract
 *   y        observed counts Y_1..Y_T (finite, >= 0; need not be integers), length T
 *   pmf      delay pmf f_0..f_D (finite, >= 0, sums to 1), length D + 1
 *   k        smoothing parameter: even integer >= 0; weights choose(k, j) / 2^k, j = 0..k,
 *            centred on t (k / 2 on each side), renormalised where the window leaves 1..T
 *   eps      stop when ||lambda_new - lambda_old||_2 / ||lambda_old||_2 < eps
 *   maxIter  ... or when the iteration count i exceeds maxIter (R's `i > iter.max`: at most
 *            maxIter + 1 steps)
 *   lambda0  starting value (length T); R's default is rep(mean(Y), T)
 *   Returns lambda (length T), the number of steps and the last criterion. Never throws: a NaN
 *   criterion (all-zero lambda) stops the loop and is reported as not converged.
 *
 * One EMS step (Becker, Watson & Carlin 1991, eq. 3a then the smoothing step):
 *   mu_s     = sum_{i <= s} lambda_i f_{s-i}                    expected count in period s
 *   phi_t    = lambda_t / F(T - t) * sum_{d=0}^{T-t} Y_{t+d} f_d / mu_{t+d}
 *   lambda_t = sum_j w_j phi_{t + j - k/2}                      (k > 0)
 * F is the delay cdf; F(T - t) corrects for the offences of period t whose court date falls
 * after T (the handling of the last periods). As R's naninf2zero, a ratio that is NaN or
 * infinite (mu = 0, F = 0) counts as 0.
 */

export interface EmsWorkspace {
  mu: Float64Array;
  phi: Float64Array;
  next: Float64Array;
  cdf: Float64Array;
  /** Smoothing weights per period, flattened: for period t, weights for t - k/2 .. t + k/2. */
  weights: Float64Array;
}

export interface EmsFitResult {
  lambda: Float64Array;
  iterations: number;
  criterion: number;
  converged: boolean;
}

/** Allocate the buffers of one back-projection of length T (reused across bootstrap replicates). */
export function emsWorkspace(t: number, pmf: Float64Array, k: number): EmsWorkspace {
  const cdf = new Float64Array(pmf.length);
  let running = 0;
  for (let d = 0; d < pmf.length; d++) {
    running += pmf[d];
    cdf[d] = running;
  }
  const half = k / 2;
  const width = k + 1;
  const base = binomialWeights(k);
  const weights = new Float64Array(t * width);
  for (let s = 0; s < t; s++) {
    let total = 0;
    for (let j = 0; j < width; j++) {
      const index = s + j - half;
      if (index >= 0 && index < t) total += base[j];
    }
    for (let j = 0; j < width; j++) {
      const index = s + j - half;
      weights[s * width + j] = index >= 0 && index < t ? base[j] / total : 0;
    }
  }
  return {
    mu: new Float64Array(t),
    phi: new Float64Array(t),
    next: new Float64Array(t),
    cdf,
    weights,
  };
}

/** choose(k, j) / 2^k for j = 0..k. */
function binomialWeights(k: number): Float64Array {
  const w = new Float64Array(k + 1);
  let c = 1;
  for (let j = 0; j <= k; j++) {
    w[j] = c / 2 ** k;
    c = (c * (k - j)) / (j + 1);
  }
  return w;
}

/** mu_s = sum_{d=0}^{min(D, s)} lambda_{s-d} f_d for s = 0..T-1. */
export function convolveInto(
  lambda: ArrayLike<number>,
  pmf: ArrayLike<number>,
  out: Float64Array,
): void {
  const t = out.length;
  const dMax = pmf.length - 1;
  for (let s = 0; s < t; s++) {
    let sum = 0;
    const top = Math.min(s, dMax);
    for (let d = 0; d <= top; d++) sum += lambda[s - d] * pmf[d];
    out[s] = sum;
  }
}

/** One EMS step: lambdaOld -> out (may not alias lambdaOld). */
export function emsStep(
  lambdaOld: Float64Array,
  y: Float64Array,
  pmf: Float64Array,
  k: number,
  work: EmsWorkspace,
  out: Float64Array,
): void {
  const t = y.length;
  const dMax = pmf.length - 1;
  const { mu, phi, cdf, weights } = work;
  convolveInto(lambdaOld, pmf, mu);
  for (let s = 0; s < t; s++) {
    let sum3a = 0;
    const span = t - 1 - s;
    const top = Math.min(span, dMax);
    for (let d = 0; d <= top; d++) {
      const ratio = pmf[d] / mu[s + d];
      // naninf2zero: 0/0 and f/0 count as 0
      if (!Number.isNaN(ratio) && ratio !== Number.POSITIVE_INFINITY) sum3a += y[s + d] * ratio;
    }
    const scale = lambdaOld[s] / cdf[top];
    phi[s] = Number.isFinite(scale) ? scale * sum3a : 0;
  }
  if (k === 0) {
    out.set(phi);
    return;
  }
  const half = k / 2;
  const width = k + 1;
  for (let s = 0; s < t; s++) {
    let sum = 0;
    const row = s * width;
    for (let j = 0; j < width; j++) {
      const w = weights[row + j];
      if (w !== 0) sum += w * phi[s + j - half];
    }
    out[s] = sum;
  }
}

/** Iterate EMS steps from lambda0 until the relative change is below eps or i > maxIter. */
export function emsFit(
  y: Float64Array,
  pmf: Float64Array,
  k: number,
  eps: number,
  maxIter: number,
  lambda0: ArrayLike<number>,
  work: EmsWorkspace,
): EmsFitResult {
  let lambda: Float64Array = Float64Array.from(lambda0);
  let next = work.next;
  let iterations = 0;
  let criterion = Number.NaN;
  for (;;) {
    iterations++;
    emsStep(lambda, y, pmf, k, work, next);
    let change = 0;
    let size = 0;
    for (let s = 0; s < lambda.length; s++) {
      const diff = next[s] - lambda[s];
      change += diff * diff;
      size += lambda[s] * lambda[s];
    }
    criterion = Math.sqrt(change) / Math.sqrt(size);
    const swap = lambda;
    lambda = next;
    next = swap;
    if (!(criterion >= eps) || iterations > maxIter) break;
  }
  // keep the workspace's scratch buffer distinct from the returned array
  work.next = next;
  return { lambda, iterations, criterion, converged: criterion < eps };
}
