/**
 * The IRLS passes over the rows, one chunk of rows at a time, as kernels that run on the calling
 * thread or in a worker thread (see @muster/core/threads). Each kernel is self-contained (it
 * travels to the workers as source text) and repeats, row by row, the arithmetic of the
 * single-pass code it replaces: ./matrix.ts (linearPredictor), ./link.ts (the logit, log and
 * identity links' evaluate), ./family.ts (the binomial, poisson and gaussian deviance and
 * validmu), workingWeights in ./irls.ts and the WebAssembly cross-product of ./gram.ts. What
 * differs is only where sums over rows restart: each chunk sums its own rows from zero, and the
 * caller adds the chunks' sums in chunk order (./row-engine.ts).
 *
 * Contract: chunk c covers rows [c * rows, min(n, (c + 1) * rows)); `rows` is a multiple of
 * 1024 (the block of the cross-product kernel); x is n x p column-major. Outputs per chunk are
 * written as final values at the chunk's own offset.
 */

/** Family and link codes the kernels know. */
export const FAMILY_CODES = { binomial: 0, poisson: 1, gaussian: 2 } as const;
export const LINK_CODES = { logit: 0, log: 1, identity: 2 } as const;

/** Arguments of {@link evaluateChunk}. */
export interface EvaluateArgs {
  x: Float64Array;
  n: number;
  p: number;
  rows: number;
  beta: Float64Array;
  offset: Float64Array | null;
  y: Float64Array;
  prior: Float64Array;
  link: number;
  family: number;
  eta: Float64Array;
  mu: Float64Array;
  muEta: Float64Array;
  /** per chunk: the deviance of its rows */
  deviance: Float64Array;
  /** per chunk: 1 when every mu is in the family's range, else 0 */
  valid: Float64Array;
}

/**
 * eta = X beta + offset, mu = linkinv(eta), muEta = dmu/deta, and the chunk's deviance and
 * validmu, for the rows of one chunk.
 */
export function evaluateChunk(
  args: EvaluateArgs,
  chunk: number,
  local: Record<string, unknown>,
): void {
  // Rows go in blocks that stay in the first-level cache: the block's linear predictor is summed
  // column by column in this thread's scratch, then each row's mean, derivative and deviance
  // term follow in one loop. Every row's arithmetic, and the order of the deviance sum, are those
  // of the unblocked passes.
  const BLOCK = 2048;
  const { x, n, p, beta, offset, y, prior, eta, mu, muEta } = args;
  const first = chunk * args.rows;
  const last = Math.min(n, first + args.rows);
  let sum = local.eta as Float64Array | undefined;
  if (sum === undefined || sum.length < BLOCK) {
    sum = new Float64Array(BLOCK);
    local.eta = sum;
  }
  const EPS = 2.220446049250313e-16;
  const INVEPS = 1 / EPS;
  const link = args.link;
  const family = args.family;
  let s = 0;
  let valid = 1;
  for (let start = first; start < last; start += BLOCK) {
    const m = Math.min(BLOCK, last - start);
    if (offset === null) sum.fill(0, 0, m);
    else for (let i = 0; i < m; i++) sum[i] = offset[start + i];
    for (let j = 0; j < p; j++) {
      const b = beta[j];
      if (b === 0) continue;
      const cj = j * n + start;
      for (let i = 0; i < m; i++) sum[i] += b * x[cj + i];
    }
    for (let k = 0; k < m; k++) {
      const i = start + k;
      const e = sum[k];
      eta[i] = e;
      let mi: number;
      if (link === 0) {
        if (e < -30) {
          mi = EPS / (1 + EPS);
          muEta[i] = EPS;
        } else if (e > 30) {
          mi = INVEPS / (1 + INVEPS);
          muEta[i] = EPS;
        } else {
          const t = Math.exp(e);
          const opexp = 1 + t;
          mi = t / opexp;
          muEta[i] = t / (opexp * opexp);
        }
      } else if (link === 1) {
        mi = Math.max(Math.exp(e), EPS);
        muEta[i] = mi;
      } else {
        mi = e;
        muEta[i] = 1;
      }
      mu[i] = mi;
      const yi = y[i];
      if (family === 0) {
        let d = 0;
        if (yi !== 0) d += yi * Math.log(yi / mi);
        if (yi !== 1) d += (1 - yi) * Math.log((1 - yi) / (1 - mi));
        s += 2 * prior[i] * d;
        if (!(Number.isFinite(mi) && mi > 0 && mi < 1)) valid = 0;
      } else if (family === 1) {
        s += yi > 0 ? 2 * prior[i] * (yi * Math.log(yi / mi) - (yi - mi)) : 2 * mi * prior[i];
        if (!(Number.isFinite(mi) && mi > 0)) valid = 0;
      } else {
        const r = yi - mi;
        s += prior[i] * r * r;
      }
    }
  }
  args.deviance[chunk] = s;
  args.valid[chunk] = valid;
}

/** Arguments of {@link gramChunk}. */
export interface GramArgs {
  module: WebAssembly.Module;
  x: Float64Array;
  n: number;
  p: number;
  rows: number;
  /** per chunk p * p + p values: X'WX (entries j * p + k, k >= j) then X'u */
  out: Float64Array;
  w: Float64Array;
  u: Float64Array | null;
  /**
   * When set, the chunk first computes its rows' working weights w and right-hand side u from
   * the means (as workingWeights in ./irls.ts) and records per chunk, in `status`, the code of
   * its first bad row (1: NaN variance, 2: zero variance; else 0) and its number of good rows.
   */
  weights: {
    family: number;
    direct: boolean;
    y: Float64Array;
    mu: Float64Array;
    muEta: Float64Array;
    eta: Float64Array;
    prior: Float64Array;
    offset: Float64Array | null;
    status: Float64Array;
  } | null;
}

/**
 * One chunk's X'WX and X'u through the WebAssembly kernel of ./gram.ts (blocks of 1024 rows
 * copied into the module's memory), optionally computing each block's w and u first (a chunk
 * stops at its first bad row, as the single pass does).
 */
export function gramChunk(args: GramArgs, chunk: number, local: Record<string, unknown>): void {
  const BLOCK = 1024;
  const { x, n, p, w, u } = args;
  const first = chunk * args.rows;
  const last = Math.min(n, first + args.rows);
  type Kernel = {
    gram: (...a: number[]) => void;
    memory: WebAssembly.Memory;
    module: WebAssembly.Module;
  };
  let k = local.gram as Kernel | undefined;
  if (k === undefined || k.module !== args.module) {
    const memory = new WebAssembly.Memory({ initial: 1 });
    const instance = new WebAssembly.Instance(args.module, { m: { memory } });
    k = { gram: instance.exports.gram as Kernel['gram'], memory, module: args.module };
    local.gram = k;
  }
  // Memory layout (in doubles): X block p * BLOCK | w BLOCK | u BLOCK | scratch BLOCK | out
  const wAt = p * BLOCK;
  const uAt = wAt + BLOCK;
  const sAt = uAt + BLOCK;
  const outAt = sAt + BLOCK;
  const size = p * p + p;
  const bytes = (outAt + size) * 8;
  const have = k.memory.buffer.byteLength;
  if (have < bytes) k.memory.grow(Math.ceil((bytes - have) / 65536));
  const heap = new Float64Array(k.memory.buffer);
  heap.fill(0, outAt, outAt + size);
  const hasU = u === null ? 0 : 1;
  const weights = args.weights;
  let good = 0;
  if (weights !== null) {
    weights.status[2 * chunk] = 0;
    weights.status[2 * chunk + 1] = 0;
  }
  for (let start = first; start < last; start += BLOCK) {
    const m = Math.min(BLOCK, last - start);
    if (weights !== null) {
      // This block's working weights and right-hand side, while its rows are in the cache.
      const { family, direct, y, mu, muEta, eta, prior, offset, status } = weights;
      let code = 0;
      for (let i = start; i < start + m; i++) {
        const me = muEta[i];
        const pw = prior[i];
        if (!(pw > 0) || me === 0) {
          w[i] = 0;
          (u as Float64Array)[i] = 0;
          continue;
        }
        const mi = mu[i];
        const v = family === 0 ? mi * (1 - mi) : family === 1 ? mi : 1;
        if (!(v !== 0)) {
          code = Number.isNaN(v) ? 1 : 2;
          break;
        }
        const wi = (pw * me * me) / v;
        w[i] = wi;
        const r = (y[i] - mi) / me;
        (u as Float64Array)[i] = direct
          ? wi * (eta[i] - (offset === null ? 0 : offset[i]) + r)
          : wi * r;
        good++;
      }
      status[2 * chunk] = code;
      status[2 * chunk + 1] = good;
      if (code !== 0) return;
    }
    const padded = Math.max(4, Math.ceil(m / 4) * 4);
    for (let j = 0; j < p; j++) {
      const at = j * padded;
      heap.set(x.subarray(j * n + start, j * n + start + m), at);
      if (padded > m) heap.fill(0, at + m, at + padded);
    }
    heap.set(w.subarray(start, start + m), wAt);
    if (padded > m) heap.fill(0, wAt + m, wAt + padded);
    if (u !== null) {
      heap.set(u.subarray(start, start + m), uAt);
      if (padded > m) heap.fill(0, uAt + m, uAt + padded);
    }
    k.gram(p, padded, 0, wAt * 8, uAt * 8, sAt * 8, outAt * 8, hasU);
  }
  args.out.set(heap.subarray(outAt, outAt + size), chunk * size);
}
