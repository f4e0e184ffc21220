/**
 * The single-pass risk-set sweep of ./cox-sweep.ts for right-censored data (coxfit6.c's case):
 * the same sums in the same order, with the linear predictor and the weighted risk of each row
 * computed as the sweep reaches it (one pass over the rows instead of two, nothing stored), the rows of each
 * event time added by the kernel written out for p (./cox-sweep-rows.ts), and without the
 * bookkeeping of rows leaving the risk set that counting-process data need.
 *
 * Contract: `data` as prepareCoxData with `start === null`; `bounds` the stratum boundaries
 * (positions, nStrata + 1 values); `state` of sweepState(p).size values. Writes `u` (length p)
 * and the lower triangle of `imat` (p x p, row i at i * p); returns the log partial likelihood.
 */
import type { CoxData } from './cox-data.ts';
import { rowKernel, sweepState } from './cox-sweep-rows.ts';

export function coxSweepRight(
  data: CoxData,
  beta: Float64Array,
  efron: boolean,
  u: Float64Array,
  imat: Float64Array,
  bounds: Int32Array,
  state: Float64Array,
): number {
  const { p, x, stop, event, weight, offset } = data;
  const at = sweepState(p);
  const tri = at.a2 - at.cmat;
  const kernel = rowKernel(p);
  const a = state.subarray(at.a, at.a + p);
  const cmat = state.subarray(at.cmat, at.cmat + tri);
  const a2 = state.subarray(at.a2, at.a2 + p);
  const cmat2 = state.subarray(at.cmat2, at.cmat2 + tri);
  const sums: TiedSums = { a, a2, cmat, cmat2 };
  // the score's sums of w x and the tied terms' subtractions share one accumulator, as coxSweep
  const score = state.subarray(at.u, at.u + p);
  imat.fill(0);
  state.fill(0);
  for (let s = 0; s + 1 < bounds.length; s++) {
    const end = bounds[s + 1];
    state.fill(0, at.a, at.a2);
    state[at.denom] = 0;
    let person = bounds[s];
    while (person < end) {
      let q = person;
      while (q < end && event[q] === 0) q++;
      if (q === end) break;
      const t = stop[q];
      state.fill(0, at.a2, at.u);
      state.fill(0, at.denom2, at.loglik);
      person = kernel
        ? kernel(x, offset, weight, event, stop, beta, state, person, end, t)
        : addRows(data, beta, state, person, end, t);
      state[at.loglik] = tiedTerms(
        state[at.loglik],
        p,
        efron,
        state[at.deaths],
        state[at.deadWeight],
        state[at.denom],
        state[at.denom2],
        sums,
        score,
        imat,
      );
      state[at.denom] += state[at.denom2];
      for (let i = 0; i < p; i++) a[i] += a2[i];
      for (let e = 0; e < tri; e++) cmat[e] += cmat2[e];
    }
  }
  u.set(score);
  return state[at.loglik];
}

/** The row kernel's loops, for p without a written-out kernel (same contract, same sums). */
export function addRows(
  data: CoxData,
  beta: Float64Array,
  state: Float64Array,
  person: number,
  end: number,
  t: number,
): number {
  const { p, x, stop, event, weight, offset } = data;
  const at = sweepState(p);
  let k = person;
  for (; k < end && stop[k] >= t; k++) {
    const base = k * p;
    let z = offset[k];
    for (let j = 0; j < p; j++) z += beta[j] * x[base + j];
    const r = Math.exp(z) * weight[k];
    const dead = event[k] === 1;
    if (dead) {
      const w = weight[k];
      state[at.deaths]++;
      state[at.deadWeight] += w;
      state[at.denom2] += r;
      state[at.loglik] += w * z;
      for (let i = 0; i < p; i++) state[at.u + i] += w * x[base + i];
    } else {
      state[at.denom] += r;
    }
    const vector = dead ? at.a2 : at.a;
    let e = dead ? at.cmat2 : at.cmat;
    for (let i = 0; i < p; i++) {
      const rx = r * x[base + i];
      state[vector + i] += rx;
      for (let j = 0; j <= i; j++) state[e++] += rx * x[base + j];
    }
  }
  return k;
}

/** Sums of the risk set at an event time: a and C (earlier rows), a2 and C2 (the events). */
export interface TiedSums {
  a: Float64Array;
  a2: Float64Array;
  /** Lower triangles, row-major packed (p (p + 1) / 2 values). */
  cmat: Float64Array;
  cmat2: Float64Array;
}

/**
 * Efron's d terms at one event time (Breslow: one term): R_k = R + f_k D, a_k = a + f_k a2,
 * C_k = C + f_k C2 with f_k = (k + 1) / d, each with weight W / d. Summing 1/R_k, f/R_k, 1/R_k^2,
 * f/R_k^2 and f^2/R_k^2 first makes a tied time cost O(d + p^2) instead of O(d p^2). Adds to `u`
 * and the lower triangle of `imat`; returns `loglik` with the time's terms subtracted.
 */
export function tiedTerms(
  loglik: number,
  p: number,
  efron: boolean,
  deaths: number,
  deadWeight: number,
  denom: number,
  denom2: number,
  sums: TiedSums,
  u: Float64Array,
  imat: Float64Array,
): number {
  const { a, a2, cmat, cmat2 } = sums;
  const steps = !efron || deaths === 1 ? 1 : deaths;
  const share = deadWeight / steps;
  let s1 = 0;
  let t1 = 0;
  let s2 = 0;
  let t2 = 0;
  let u2 = 0;
  for (let k = 0; k < steps; k++) {
    const f = (k + 1) / steps;
    const denomK = denom + f * denom2;
    loglik -= share * Math.log(denomK);
    const inv = 1 / denomK;
    const inv2 = inv * inv;
    s1 += inv;
    t1 += f * inv;
    s2 += inv2;
    t2 += f * inv2;
    u2 += f * f * inv2;
  }
  let e = 0;
  for (let i = 0; i < p; i++) {
    const ai = a[i];
    const a2i = a2[i];
    u[i] -= share * (ai * s1 + a2i * t1);
    const row = i * p;
    for (let j = 0; j <= i; j++, e++) {
      const aj = a[j];
      const a2j = a2[j];
      imat[j + row] +=
        share *
        (cmat[e] * s1 +
          cmat2[e] * t1 -
          (ai * aj * s2 + (ai * a2j + a2i * aj) * t2 + a2i * a2j * u2));
    }
  }
  return loglik;
}
