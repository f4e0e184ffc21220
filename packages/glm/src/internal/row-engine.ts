/**
 * The row passes of IRLS (./irls.ts) in chunks, for large fits of the families and links whose
 * row arithmetic ./row-kernels.ts knows (binomial with logit, poisson with log, gaussian with
 * identity, and the other pairings of those three families and links): the linear predictor,
 * means and deviance in one pass, and the working weights with X'WX and X'Wz in another. The
 * chunks run on up to `threads` threads (worker threads in Node, see @muster/core/threads).
 *
 * Reduction order: every sum over rows (the deviance, X'WX, X'Wz, the count of informative rows)
 * is summed within each chunk of CHUNK_ROWS rows from zero, and the chunks' sums are added in
 * chunk order on the calling thread. The chunks are fixed by the number of rows alone, so a fit
 * gives the same bits with any number of threads; it differs from a single running sum over all
 * rows (the path below `minRows`) only by rounding (relative differences around 1e-15 in the
 * deviance and the cross-product, well inside R's convergence tolerance).
 *
 * Contract: the input was validated by the caller; x, y, prior weights and offset are read, not
 * modified (copied once into shared memory when threads > 1 and they are not already there).
 */
import { availableThreads, runChunks, sharedFloat64Array } from '@muster/core/threads';
import type { Family } from './family.ts';
import { CHUNK_ROWS, gramModule, reduceGram } from './gram.ts';
import {
  type EvaluateArgs,
  evaluateChunk,
  FAMILY_CODES,
  type GramArgs,
  gramChunk,
  LINK_CODES,
} from './row-kernels.ts';

/** How a fit uses threads: at most `threads` of them, from `minRows` rows up. */
export interface ParallelSettings {
  /** threads to use, the calling one included (default: all available) */
  threads?: number;
  /** rows from which the chunked passes are used (default: PARALLEL_MIN_ROWS) */
  minRows?: number;
}

/**
 * Rows from which IRLS runs its passes in chunks on several threads. Chosen by measurement
 * (bench/README.md): below it, starting a pass on the workers costs more than it saves.
 */
export const PARALLEL_MIN_ROWS = 4 * CHUNK_ROWS;

export interface RowEngine {
  eta: Float64Array;
  mu: Float64Array;
  muEta: Float64Array;
  w: Float64Array;
  u: Float64Array;
  /** eta = X beta + offset, mu, mu.eta; returns the deviance and whether mu is valid */
  evaluate(beta: ArrayLike<number>): { deviance: number; valid: boolean };
  /** w and u (increment or direct form) and, when every row is usable, X'WX and X'u */
  weightsAndGram(direct: boolean): {
    status: number;
    a: Float64Array | null;
    score: Float64Array | null;
  };
}

interface EngineData {
  x: Float64Array;
  nrow: number;
  ncol: number;
  y: Float64Array;
  weights: Float64Array;
  offset: Float64Array | null;
  family: Family;
}

/**
 * The array itself when it is in shared memory (or threads are not used), else a shared copy
 * (made once per fit; a design matrix from @muster/formula is shared already when large).
 */
function shareable(a: Float64Array, threads: number): Float64Array {
  if (threads <= 1 || a.buffer instanceof SharedArrayBuffer) return a;
  const copy = sharedFloat64Array(a.length);
  copy.set(a);
  return copy;
}

/** The chunked engine for this fit, or null when the single-pass code applies. */
export function rowEngine(data: EngineData, settings: ParallelSettings = {}): RowEngine | null {
  const { nrow: n, ncol: p, family } = data;
  const module = gramModule();
  const familyCode = FAMILY_CODES[family.name as keyof typeof FAMILY_CODES];
  const linkCode = LINK_CODES[family.link.name as keyof typeof LINK_CODES];
  const minRows = settings.minRows ?? PARALLEL_MIN_ROWS;
  if (module === null || familyCode === undefined || linkCode === undefined || n < minRows) {
    return null;
  }
  const threads = Math.max(1, Math.floor(settings.threads ?? availableThreads()));
  const chunks = Math.ceil(n / CHUNK_ROWS);
  const vector = (length: number) =>
    threads > 1 ? sharedFloat64Array(length) : new Float64Array(length);
  const x = shareable(data.x, threads);
  const y = shareable(data.y, threads);
  const prior = shareable(data.weights, threads);
  const offset = data.offset === null ? null : shareable(data.offset, threads);
  const eta = vector(n);
  const mu = vector(n);
  const muEta = vector(n);
  const w = vector(n);
  const u = vector(n);
  const beta = vector(p);
  const perChunk = { deviance: vector(chunks), valid: vector(chunks), status: vector(2 * chunks) };
  const out = vector(chunks * (p * p + p));
  const sum = (values: Float64Array) => {
    let s = 0;
    for (let c = 0; c < chunks; c++) s += values[c];
    return s;
  };
  const evaluateArgs: EvaluateArgs = {
    x,
    n,
    p,
    rows: CHUNK_ROWS,
    beta,
    offset,
    y,
    prior,
    link: linkCode,
    family: familyCode,
    eta,
    mu,
    muEta,
    deviance: perChunk.deviance,
    valid: perChunk.valid,
  };
  const gramArgs = (direct: boolean): GramArgs => ({
    module,
    x,
    n,
    p,
    rows: CHUNK_ROWS,
    out,
    w,
    u,
    weights: {
      family: familyCode,
      direct,
      y,
      mu,
      muEta,
      eta,
      prior,
      offset: direct ? offset : null,
      status: perChunk.status,
    },
  });
  return {
    eta,
    mu,
    muEta,
    w,
    u,
    evaluate(coefficients) {
      for (let j = 0; j < p; j++) beta[j] = coefficients[j];
      runChunks('glm-evaluate', evaluateChunk, evaluateArgs, chunks, threads);
      let valid = true;
      for (let c = 0; c < chunks; c++) if (perChunk.valid[c] !== 1) valid = false;
      return { deviance: sum(perChunk.deviance), valid };
    },
    weightsAndGram(direct) {
      const args = gramArgs(direct);
      runChunks('glm-gram', gramChunk, args, chunks, threads);
      let good = 0;
      for (let c = 0; c < chunks; c++) {
        const code = perChunk.status[2 * c];
        if (code !== 0) return { status: code, a: null, score: null };
        good += perChunk.status[2 * c + 1];
      }
      if (good === 0) return { status: 3, a: null, score: null };
      const { a, score } = reduceGram(out, chunks, p, true);
      return { status: 0, a, score };
    },
  };
}
