/**
 * The proportional-hazards test of survival's cox.zph (Grambsch & Therneau 1994, in its score-test
 * form of survival >= 3.0, zph1.c / zph2.c), with the Kaplan-Meier (default), rank, identity or
 * log time transform.
 *
 * Contract: `data` and `eta` by position at the fitted beta (x centred; aliased columns removed by
 * the caller through `columns`). g(t) = 1 - S(t-) with S the Kaplan-Meier estimate of the pooled
 * data (strata ignored, late entry respected), centred at its mean over the events. One pass
 * over the risk sets accumulates the score U = (U1, U2) with U2 = sum_events g(t) (x - xbar(t))
 * and the 2p x 2p information whose blocks are I, sum g I_t and sum g^2 I_t. For each term (its
 * columns J) the test is U' A^{-1} U on the rows/columns (1..p, p + J) with U1 set to 0, df = |J|;
 * GLOBAL uses all 2p rows, df = p.
 */
import { cholesky, choleskySolve } from '@muster/core';
import { sortIndex } from '../../internal/sort-index.ts';
import type { ZphTransform } from '../../types.ts';
import type { CoxData } from './cox-data.ts';

export interface ZphRow {
  term: string;
  chisq: number;
  df: number;
}

/** g(t) = 1 - S(t-) by position, not yet centred. */
function kmTransform(data: CoxData): Float64Array {
  const { n, stop, start, event } = data;
  const byStop = sortIndex(stop);
  const byStart = start ? sortIndex(start) : null;
  const g = new Float64Array(n);
  let s = 1;
  let startPointer = 0;
  let i = 0;
  while (i < n) {
    const t = stop[byStop[i]];
    let d = 0;
    const first = i;
    while (i < n && stop[byStop[i]] === t) {
      d += event[byStop[i]];
      i++;
    }
    let atRisk = n - first;
    if (start && byStart) {
      while (startPointer < n && start[byStart[startPointer]] < t) startPointer++;
      atRisk = startPointer - first;
    }
    for (let q = first; q < i; q++) g[byStop[q]] = 1 - s;
    if (d > 0) s *= 1 - d / atRisk;
  }
  return g;
}

/** R's rank() of the stop times of all rows, ties averaged. */
function rankTransform(stop: Float64Array): Float64Array {
  const order = sortIndex(stop);
  const n = stop.length;
  const g = new Float64Array(n);
  let i = 0;
  while (i < n) {
    let j = i;
    while (j < n && stop[order[j]] === stop[order[i]]) j++;
    const rank = (i + 1 + j) / 2;
    for (let q = i; q < j; q++) g[order[q]] = rank;
    i = j;
  }
  return g;
}

/**
 * cox.zph's gtime: the transform of every row's stop time (km, R's rank() over all rows,
 * identity or log), centred at its mean over the events.
 */
export function zphTime(data: CoxData, transform: ZphTransform): Float64Array {
  const { n, event } = data;
  let g: Float64Array;
  if (transform === 'km') g = kmTransform(data);
  else if (transform === 'rank') g = rankTransform(data.stop);
  else g = Float64Array.from(data.stop, (t) => (transform === 'log' ? Math.log(t) : t));
  let sum = 0;
  let count = 0;
  for (let k = 0; k < n; k++) {
    if (event[k] === 1) {
      sum += g[k];
      count++;
    }
  }
  const mean = sum / count;
  for (let k = 0; k < n; k++) g[k] -= mean;
  return g;
}

/** The un-centred transformed time of each row (cox.zph's `x` for plotting). */
export function zphTimeScale(data: CoxData, transform: ZphTransform): Float64Array {
  if (transform === 'km') return kmTransform(data);
  if (transform === 'rank') return rankTransform(data.stop);
  return Float64Array.from(data.stop, (t) => (transform === 'log' ? Math.log(t) : t));
}

function quadratic(matrix: Float64Array, size: number, u: Float64Array): number {
  const factor = cholesky(matrix, size);
  if (!factor) return Number.NaN;
  const solution = choleskySolve(factor, size, u);
  let value = 0;
  for (let i = 0; i < size; i++) value += solution[i] * u[i];
  return value;
}

/**
 * Score test statistics per term and GLOBAL. `columns` lists the non-aliased columns of data.x to
 * use; `terms` gives each term's name and its indices into `columns`.
 */
export function coxZph(
  data: CoxData,
  eta: Float64Array,
  efron: boolean,
  columns: number[],
  terms: { term: string; columns: number[] }[],
  transform: ZphTransform = 'km',
): ZphRow[] {
  const { n, stop, start, event, weight, stratum, startOrder } = data;
  const p = columns.length;
  const q2 = 2 * p;
  const x = new Float64Array(n * p);
  for (let k = 0; k < n; k++) {
    for (let j = 0; j < p; j++) x[k * p + j] = data.x[k * data.p + columns[j]];
  }
  const g = zphTime(data, transform);
  const u = new Float64Array(q2);
  const imat = new Float64Array(q2 * q2);
  const a = new Float64Array(p);
  const a2 = new Float64Array(p);
  const cmat = new Float64Array(p * p);
  const cmat2 = new Float64Array(p * p);
  const risk = new Float64Array(n);
  const added = new Uint8Array(n);
  for (let k = 0; k < n; k++) risk[k] = Math.exp(eta[k]) * weight[k];
  let k0 = 0;
  let leave = 0;
  while (k0 < n) {
    const s = stratum[k0];
    let end = k0;
    while (end < n && stratum[end] === s) end++;
    let denom = 0;
    let nRisk = 0;
    a.fill(0);
    cmat.fill(0);
    let person = k0;
    leave = k0;
    while (person < end) {
      let q = person;
      while (q < end && event[q] === 0) q++;
      if (q === end) break;
      const t = stop[q];
      const gt = g[q];
      if (start && startOrder) {
        for (; leave < end; leave++) {
          const m = startOrder[leave];
          if (start[m] < t) break;
          if (!added[m]) continue;
          added[m] = 0;
          nRisk--;
          if (nRisk === 0) {
            denom = 0;
            a.fill(0);
            cmat.fill(0);
          } else {
            const r = risk[m];
            denom -= r;
            for (let i = 0; i < p; i++) {
              const xi = x[m * p + i];
              a[i] -= r * xi;
              for (let j = 0; j <= i; j++) cmat[i * p + j] -= r * xi * x[m * p + j];
            }
          }
        }
      }
      let deaths = 0;
      let deadWeight = 0;
      let denom2 = 0;
      a2.fill(0);
      cmat2.fill(0);
      for (; person < end && stop[person] >= t; person++) {
        if (start && start[person] >= t) continue;
        added[person] = 1;
        nRisk++;
        const r = risk[person];
        const base = person * p;
        if (event[person] === 1) {
          deaths++;
          const w = weight[person];
          deadWeight += w;
          denom2 += r;
          for (let i = 0; i < p; i++) {
            const xi = x[base + i];
            u[i] += w * xi;
            u[i + p] += gt * w * xi;
            a2[i] += r * xi;
            for (let j = 0; j <= i; j++) cmat2[i * p + j] += r * xi * x[base + j];
          }
        } else {
          denom += r;
          for (let i = 0; i < p; i++) {
            const xi = x[base + i];
            a[i] += r * xi;
            for (let j = 0; j <= i; j++) cmat[i * p + j] += r * xi * x[base + j];
          }
        }
      }
      // the closed-form Efron sums of coxSweep, each block weighted by g(t) or g(t)^2
      const steps = !efron || deaths === 1 ? 1 : deaths;
      const share = deadWeight / steps;
      let s1 = 0;
      let t1 = 0;
      let s2 = 0;
      let t2 = 0;
      let u2 = 0;
      for (let k = 0; k < steps; k++) {
        const f = (k + 1) / steps;
        const inv = 1 / (denom + f * denom2);
        const inv2 = inv * inv;
        s1 += inv;
        t1 += f * inv;
        s2 += inv2;
        t2 += f * inv2;
        u2 += f * f * inv2;
      }
      for (let i = 0; i < p; i++) {
        const ai = a[i];
        const a2i = a2[i];
        const meanSum = share * (ai * s1 + a2i * t1);
        u[i] -= meanSum;
        u[i + p] -= gt * meanSum;
        for (let j = 0; j <= i; j++) {
          const aj = a[j];
          const a2j = a2[j];
          const temp =
            share *
            (cmat[i * p + j] * s1 +
              cmat2[i * p + j] * t1 -
              (ai * aj * s2 + (ai * a2j + a2i * aj) * t2 + a2i * a2j * u2));
          imat[j + i * q2] += temp;
          imat[j + (i + p) * q2] += temp * gt;
          imat[j + p + (i + p) * q2] += temp * gt * gt;
        }
      }
      denom += denom2;
      for (let i = 0; i < p; i++) {
        a[i] += a2[i];
        for (let j = 0; j <= i; j++) cmat[i * p + j] += cmat2[i * p + j];
      }
    }
    k0 = end;
  }
  return zphStatistics(u, imat, p, terms);
}

/**
 * The score statistics of cox.zph from the stacked score u (2p: beta, then beta x g(t)) and the
 * information (2p x 2p, upper-triangle blocks filled): per term, then GLOBAL.
 */
function zphStatistics(
  u: Float64Array,
  imat: Float64Array,
  p: number,
  terms: { term: string; columns: number[] }[],
): ZphRow[] {
  const q2 = 2 * p;
  // fill the symmetric matrix from its upper triangle blocks
  for (let i = 0; i < p; i++) {
    for (let j = 0; j < i; j++) {
      imat[i + j * q2] = imat[j + i * q2];
      imat[i + (j + p) * q2] = imat[j + (i + p) * q2];
      imat[i + p + (j + p) * q2] = imat[j + p + (i + p) * q2];
    }
  }
  for (let i = 0; i < p; i++) {
    for (let j = 0; j < p; j++) imat[i + p + j * q2] = imat[j + (i + p) * q2];
  }
  const rows: ZphRow[] = [];
  for (const term of terms) {
    const index = [...Array(p).keys(), ...term.columns.map((c) => c + p)];
    const size = index.length;
    const sub = new Float64Array(size * size);
    for (let i = 0; i < size; i++) {
      for (let j = 0; j < size; j++) sub[i + j * size] = imat[index[i] + index[j] * q2];
    }
    const uu = new Float64Array(size);
    for (let i = p; i < size; i++) uu[i] = u[index[i]];
    rows.push({ term: term.term, chisq: quadratic(sub, size, uu), df: term.columns.length });
  }
  const uu = new Float64Array(q2);
  for (let i = p; i < q2; i++) uu[i] = u[i];
  rows.push({ term: 'GLOBAL', chisq: quadratic(imat, q2, uu), df: p });
  return rows;
}
