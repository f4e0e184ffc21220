/**
 * One pass of the Cox partial likelihood: log-likelihood, score and information at beta, with
 * Breslow or Efron handling of tied event times, for right-censored and counting-process data
 * (survival's coxfit6.c / agfit4.c, merged).
 *
 * Contract: `data` comes from prepareCoxData (positions by stratum, descending stop; covariates
 * centred and scaled). Writes `u` (length p) and `imat` (p x p, column-major, full symmetric) and
 * returns the log partial likelihood. Rows enter the risk set at the first event time at or
 * below their stop time and leave (counting data) at the first event time at or below their
 * start; a row whose interval holds no event time never enters. With d tied events at t, Efron
 * replaces the risk-set sum R by R - (k/d) D for k = 0..d-1 (D = sum over the events), each term
 * with weight 1/d; Breslow uses R for all d.
 *
 * Overflow is not guarded beyond centring: a non-finite result tells the caller to halve the step.
 */
import { availableThreads, runChunks, sharedFloat64Array } from '@muster/core/threads';
import type { CoxData } from './cox-data.ts';
import { type CoxChunkArgs, chunkRecord, coxChunkSweep } from './cox-sweep-chunks.ts';
import { coxSweepRight, tiedTerms } from './cox-sweep-right.ts';
import { sweepState } from './cox-sweep-rows.ts';

/** How the sweep uses threads: at most `threads`, from `minRows` rows up. */
export interface SweepParallel {
  /** threads to use, the calling one included (default: all available) */
  threads?: number;
  /** rows from which the sweep runs in chunks (default: SWEEP_PARALLEL_MIN_ROWS) */
  minRows?: number;
}

/** Target rows per chunk of the chunked sweep (chunks end at tie groups). */
export const SWEEP_CHUNK_ROWS = 8192;

/**
 * Rows from which the sweep of right-censored data runs in chunks on several threads; chosen
 * by measurement (bench/README.md, 2026-12-05): at 1e5 rows two threads took twice the CPU time
 * and 1.8 times the wall time of one, so fits of that size keep the single pass.
 */
export const SWEEP_PARALLEL_MIN_ROWS = 128 * SWEEP_CHUNK_ROWS;

interface ChunkedSweep {
  args: CoxChunkArgs;
  chunks: number;
  threads: number;
}

export interface SweepWork {
  eta: Float64Array;
  risk: Float64Array;
  added: Uint8Array;
  a: Float64Array;
  a2: Float64Array;
  /** Lower triangles, row-major packed. */
  cmat: Float64Array;
  cmat2: Float64Array;
  /** The right-censored sweep's sums (./cox-sweep-right.ts). */
  state: Float64Array;
  /** Stratum boundaries (positions), length nStrata + 1. */
  bounds: Int32Array;
  /** The chunked sweep (./cox-sweep-chunks.ts), or null for the single pass. */
  chunked: ChunkedSweep | null;
}

export function sweepWork(data: CoxData, parallel: SweepParallel = {}): SweepWork {
  const { n, p } = data;
  const bounds: number[] = [0];
  for (let k = 1; k < n; k++) if (data.stratum[k] !== data.stratum[k - 1]) bounds.push(k);
  bounds.push(n);
  const chunked =
    data.start === null && n >= (parallel.minRows ?? SWEEP_PARALLEL_MIN_ROWS)
      ? chunkedSweep(data, Math.max(1, Math.floor(parallel.threads ?? availableThreads())))
      : null;
  return {
    // the single pass over right-censored data keeps eta and the risk in registers
    eta: chunked?.args.eta ?? new Float64Array(data.start ? n : 0),
    risk: chunked?.args.risk ?? new Float64Array(data.start ? n : 0),
    added: new Uint8Array(data.start ? n : 0),
    a: new Float64Array(p),
    a2: new Float64Array(p),
    cmat: new Float64Array((p * (p + 1)) / 2),
    cmat2: new Float64Array((p * (p + 1)) / 2),
    state: new Float64Array(sweepState(p).size),
    bounds: Int32Array.from(bounds),
    chunked,
  };
}

/** Chunk bounds: about SWEEP_CHUNK_ROWS positions each, moved on to the next tie group. */
function chunkBounds(data: CoxData): Int32Array {
  const { n, stop, stratum } = data;
  const bounds = [0];
  let next = SWEEP_CHUNK_ROWS;
  while (next < n) {
    while (next < n && stop[next] === stop[next - 1] && stratum[next] === stratum[next - 1]) next++;
    if (next >= n) break;
    bounds.push(next);
    next += SWEEP_CHUNK_ROWS;
  }
  bounds.push(n);
  return Int32Array.from(bounds);
}

/** The chunked sweep's arguments, in shared memory when threads > 1. */
function chunkedSweep(data: CoxData, threads: number): ChunkedSweep {
  const { n, p } = data;
  const bounds = chunkBounds(data);
  const chunks = bounds.length - 1;
  const shared = threads > 1 && chunks > 1;
  const vector = (length: number) =>
    shared ? sharedFloat64Array(length) : new Float64Array(length);
  const copy = <T extends Float64Array | Uint8Array | Int32Array>(a: T): T => {
    if (!shared) return a;
    const out = new (a.constructor as new (b: SharedArrayBuffer) => T)(
      new SharedArrayBuffer(a.byteLength),
    );
    out.set(a as never);
    return out;
  };
  const args: CoxChunkArgs = {
    n,
    p,
    x: copy(data.x),
    offset: copy(data.offset),
    weight: copy(data.weight),
    stop: copy(data.stop),
    event: copy(data.event),
    stratum: copy(data.stratum),
    bounds: copy(bounds),
    beta: vector(p),
    eta: vector(n),
    risk: vector(n),
    riskTotal: vector(chunks),
    splits: vector(chunks),
    carry: vector(chunks),
    efron: false,
    out: vector(chunks * chunkRecord(p)),
    pass: 1,
  };
  return { args, chunks, threads: shared ? threads : 1 };
}

/**
 * The chunked sweep (see ./cox-sweep-chunks.ts): pass 1 on the chunks, the risk carried into
 * each chunk, pass 2 on the chunks, and the chunks' records added in chunk order.
 */
function chunkedCoxSweep(
  run: ChunkedSweep,
  beta: Float64Array,
  efron: boolean,
  u: Float64Array,
  imat: Float64Array,
): number {
  const { args, chunks, threads } = run;
  const { stratum, bounds } = args;
  const newStratum = (k: number) => k > 0 && stratum[bounds[k]] !== stratum[bounds[k] - 1];
  args.beta.set(beta);
  args.efron = efron;
  args.pass = 1;
  runChunks('cox-sweep', coxChunkSweep, args, chunks, threads);
  let carry = 0;
  for (let k = 0; k < chunks; k++) {
    if (newStratum(k)) carry = 0;
    args.carry[k] = carry;
    carry = args.splits[k] === 1 ? args.riskTotal[k] : carry + args.riskTotal[k];
  }
  args.pass = 2;
  runChunks('cox-sweep', coxChunkSweep, args, chunks, threads);
  return reduceChunks(args, chunks, newStratum, u, imat);
}

/** U, I (lower triangle, as coxSweep) and the log-likelihood from the chunks' records. */
function reduceChunks(
  args: CoxChunkArgs,
  chunks: number,
  newStratum: (k: number) => boolean,
  u: Float64Array,
  imat: Float64Array,
): number {
  const { p, out } = args;
  const size = chunkRecord(p);
  const [U, I] = [1, 1 + p];
  const S = I + p * p;
  const Z = S + 2;
  const A = Z + p;
  const C = A + p;
  const carryA = new Float64Array(p);
  const carryC = new Float64Array(p * p);
  u.fill(0);
  imat.fill(0);
  let loglik = 0;
  for (let k = 0; k < chunks; k++) {
    const at = k * size;
    if (newStratum(k)) {
      carryA.fill(0);
      carryC.fill(0);
    }
    loglik += out[at];
    const s1 = out[at + S];
    const s2 = out[at + S + 1];
    for (let i = 0; i < p; i++) {
      u[i] += out[at + U + i] - carryA[i] * s1;
      const ip = i * p;
      for (let j = 0; j <= i; j++) {
        imat[j + ip] +=
          out[at + I + ip + j] +
          carryC[ip + j] * s1 -
          carryA[i] * out[at + Z + j] -
          out[at + Z + i] * carryA[j] -
          carryA[i] * carryA[j] * s2;
      }
    }
    const restart = args.splits[k] === 1;
    for (let i = 0; i < p; i++) carryA[i] = (restart ? 0 : carryA[i]) + out[at + A + i];
    for (let i = 0; i < p * p; i++) carryC[i] = (restart ? 0 : carryC[i]) + out[at + C + i];
  }
  for (let i = 0; i < p; i++) for (let j = 0; j < i; j++) imat[i + j * p] = imat[j + i * p];
  return loglik;
}

/** Linear predictor (offset included) and weighted risk by position. */
export function linearPredictor(data: CoxData, beta: Float64Array, work: SweepWork): void {
  const { n, p, x, offset, weight } = data;
  const { eta, risk } = work;
  for (let k = 0; k < n; k++) {
    let z = offset[k];
    const base = k * p;
    for (let j = 0; j < p; j++) z += beta[j] * x[base + j];
    eta[k] = z;
    risk[k] = Math.exp(z) * weight[k];
  }
}

export function coxSweep(
  data: CoxData,
  beta: Float64Array,
  efron: boolean,
  u: Float64Array,
  imat: Float64Array,
  work: SweepWork,
): number {
  if (work.chunked !== null) return chunkedCoxSweep(work.chunked, beta, efron, u, imat);
  if (data.start === null) {
    const loglik = coxSweepRight(data, beta, efron, u, imat, work.bounds, work.state);
    for (let i = 0; i < data.p; i++) {
      for (let j = 0; j < i; j++) imat[i + j * data.p] = imat[j + i * data.p];
    }
    return loglik;
  }
  const { p, x, stop, start, event, weight, startOrder } = data;
  const { eta, risk, added, a, a2, cmat, cmat2, bounds } = work;
  linearPredictor(data, beta, work);
  u.fill(0);
  imat.fill(0);
  added.fill(0);
  let loglik = 0;
  for (let s = 0; s + 1 < bounds.length; s++) {
    const first = bounds[s];
    const end = bounds[s + 1];
    let denom = 0;
    let nRisk = 0;
    a.fill(0);
    cmat.fill(0);
    let person = first;
    let leave = first;
    while (person < end) {
      let q = person;
      while (q < end && event[q] === 0) q++;
      if (q === end) break;
      const t = stop[q];
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
            const base = m * p;
            let e = 0;
            for (let i = 0; i < p; i++) {
              const xi = x[base + i];
              a[i] -= r * xi;
              for (let j = 0; j <= i; j++) cmat[e++] -= r * xi * x[base + j];
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
          loglik += w * eta[person];
          let e = 0;
          for (let i = 0; i < p; i++) {
            const xi = x[base + i];
            const rx = r * xi;
            u[i] += w * xi;
            a2[i] += rx;
            for (let j = 0; j <= i; j++) cmat2[e++] += rx * x[base + j];
          }
        } else {
          denom += r;
          let e = 0;
          for (let i = 0; i < p; i++) {
            const rx = r * x[base + i];
            a[i] += rx;
            for (let j = 0; j <= i; j++) cmat[e++] += rx * x[base + j];
          }
        }
      }
      loglik = tiedTerms(loglik, p, efron, deaths, deadWeight, denom, denom2, work, u, imat);
      denom += denom2;
      for (let i = 0; i < p; i++) a[i] += a2[i];
      for (let e = 0; e < cmat.length; e++) cmat[e] += cmat2[e];
    }
  }
  for (let i = 0; i < p; i++) for (let j = 0; j < i; j++) imat[i + j * p] = imat[j + i * p];
  return loglik;
}
