/**
 * The IRLS hot spot: A = X' diag(w) X and g = X' u in one pass over X.
 *
 * Contract: x is nrow x ncol column-major; w and u have length nrow (u may be null); returns A
 * (ncol x ncol, column-major, exactly symmetric) and g (length ncol, or null). Inputs are not
 * modified.
 *
 * Where WebAssembly SIMD is available (Node >= 16.4, current browsers) the products run in a
 * small WebAssembly kernel with 128-bit f64x2 arithmetic: rows are processed in blocks of 1024,
 * each block's columns copied into the module's memory (a memcpy), then for every column j the
 * weighted column w x_j is formed once and dotted with the columns k >= j (two accumulators of two
 * lanes each) and with u. This is about three times faster than scalar JavaScript on a million
 * rows (see bench/README.md). Without SIMD, @muster/core's blocked `crossprod` and a plain X'u
 * are used. Both sum in a different order than R's QR, so results agree with R to rounding.
 *
 * Rows are taken in chunks of CHUNK_ROWS (a multiple of the block), each chunk summed from zero
 * into its own slot and the slots added in chunk order (reduceGram): the unit that
 * ./row-engine.ts shares out between worker threads, with the same result on any number of them.
 * Up to one chunk this is the single running sum it always was.
 *
 * The module (about 300 bytes) is assembled below from its instructions rather than shipped as
 * an opaque binary; it is compiled synchronously (allowed for small modules on the main thread).
 */
import { crossprod } from '@muster/core';
import { runChunks, sharedFloat64Array } from '@muster/core/threads';
import { type GramArgs, gramChunk } from './row-kernels.ts';

// --- A minimal WebAssembly assembler (just what the kernel uses) ------------------------------

function uleb(value: number): number[] {
  const out: number[] = [];
  let v = value >>> 0;
  do {
    let byte = v & 0x7f;
    v >>>= 7;
    if (v !== 0) byte |= 0x80;
    out.push(byte);
  } while (v !== 0);
  return out;
}

function sleb(value: number): number[] {
  const out: number[] = [];
  let v = value | 0;
  for (;;) {
    const byte = v & 0x7f;
    v >>= 7;
    if ((v === 0 && (byte & 0x40) === 0) || (v === -1 && (byte & 0x40) !== 0)) {
      out.push(byte);
      return out;
    }
    out.push(byte | 0x80);
  }
}

function section(id: number, body: number[]): number[] {
  return [id, ...uleb(body.length), ...body];
}

function name(text: string): number[] {
  return [...uleb(text.length), ...Array.from(text, (c) => c.charCodeAt(0))];
}

const I32 = 0x7f;
const V128 = 0x7b;
const op = {
  block: [0x02, 0x40],
  loop: [0x03, 0x40],
  end: [0x0b],
  br: (depth: number) => [0x0c, ...uleb(depth)],
  brIf: (depth: number) => [0x0d, ...uleb(depth)],
  get: (i: number) => [0x20, ...uleb(i)],
  set: (i: number) => [0x21, ...uleb(i)],
  tee: (i: number) => [0x22, ...uleb(i)],
  i32: (v: number) => [0x41, ...sleb(v)],
  i32Add: [0x6a],
  i32Mul: [0x6c],
  i32Shl: [0x74],
  i32GeU: [0x4f],
  i32LtU: [0x49],
  f64Load: (offset = 0) => [0x2b, 0x03, ...uleb(offset)],
  f64Store: (offset = 0) => [0x39, 0x03, ...uleb(offset)],
  f64Add: [0xa0],
  v128Load: (offset = 0) => [0xfd, 0x00, 0x04, ...uleb(offset)],
  v128Store: (offset = 0) => [0xfd, 0x0b, 0x04, ...uleb(offset)],
  v128Zero: [0xfd, 0x0c, ...new Array(16).fill(0)],
  f64x2Lane: (lane: number) => [0xfd, 0x21, lane],
  f64x2Add: [0xfd, ...uleb(0xf0)],
  f64x2Mul: [0xfd, ...uleb(0xf2)],
};

/**
 * gram(p, m, xPtr, wPtr, uPtr, sPtr, outPtr, hasU): for a block of m rows (m a multiple of 4,
 * m >= 4) stored column by column at xPtr (stride 8m bytes), weights at wPtr, u at uPtr:
 *   out[j * p + k] += sum_i w_i x_ij x_ik  (k >= j),   out[p * p + j] += sum_i x_ij u_i.
 * sPtr is scratch for m doubles.
 */
// biome-ignore lint/complexity/noExcessiveLinesPerFunction: one WebAssembly function's bytecode, instruction by instruction in execution order; split, its loops and their locals would be read across several functions
function kernelModule(): Uint8Array<ArrayBuffer> {
  // params: 0 p, 1 m, 2 xPtr, 3 wPtr, 4 uPtr, 5 sPtr, 6 outPtr, 7 hasU
  // locals: 8 j, 9 k, 10 xj, 11 xk, 12 ps, 13 pk, 14 sEnd, 15 o  (i32); 16 acc0, 17 acc1 (v128)
  const [P, M, X, W, U, S, OUT, HAS_U, J, K, XJ, XK, PS, PK, SEND, O, A0, A1] = [
    0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17,
  ];
  const column = (index: number, target: number) => [
    // target = xPtr + ((index * m) << 3)
    ...op.get(X),
    ...op.get(index),
    ...op.get(M),
    ...op.i32Mul,
    ...op.i32(3),
    ...op.i32Shl,
    ...op.i32Add,
    ...op.set(target),
  ];
  // out[offset] += lane0(acc0 + acc1) + lane1(acc0 + acc1), with offset (in doubles) on the stack
  const accumulate = (offsetCode: number[]) => [
    ...op.get(OUT),
    ...offsetCode,
    ...op.i32(3),
    ...op.i32Shl,
    ...op.i32Add,
    ...op.set(O),
    ...op.get(O),
    ...op.get(O),
    ...op.f64Load(),
    ...op.get(A0),
    ...op.get(A1),
    ...op.f64x2Add,
    ...op.tee(A0),
    ...op.f64x2Lane(0),
    ...op.get(A0),
    ...op.f64x2Lane(1),
    ...op.f64Add,
    ...op.f64Add,
    ...op.f64Store(),
  ];
  // acc0 += s[ps] * y[pk], acc1 += s[ps + 16] * y[pk + 16]; ps += 32; pk += 32 while ps < sEnd
  const dotLoop = [
    ...op.v128Zero,
    ...op.set(A0),
    ...op.v128Zero,
    ...op.set(A1),
    ...op.loop,
    ...op.get(A0),
    ...op.get(PS),
    ...op.v128Load(0),
    ...op.get(PK),
    ...op.v128Load(0),
    ...op.f64x2Mul,
    ...op.f64x2Add,
    ...op.set(A0),
    ...op.get(A1),
    ...op.get(PS),
    ...op.v128Load(16),
    ...op.get(PK),
    ...op.v128Load(16),
    ...op.f64x2Mul,
    ...op.f64x2Add,
    ...op.set(A1),
    ...op.get(PS),
    ...op.i32(32),
    ...op.i32Add,
    ...op.tee(PS),
    ...op.get(PK),
    ...op.i32(32),
    ...op.i32Add,
    ...op.set(PK),
    ...op.get(SEND),
    ...op.i32LtU,
    ...op.brIf(0),
    ...op.end,
  ];
  const body = [
    // sEnd = sPtr + 8m
    ...op.get(S),
    ...op.get(M),
    ...op.i32(3),
    ...op.i32Shl,
    ...op.i32Add,
    ...op.set(SEND),
    ...op.i32(0),
    ...op.set(J),
    ...op.block,
    ...op.loop,
    ...op.get(J),
    ...op.get(P),
    ...op.i32GeU,
    ...op.brIf(1),
    ...column(J, XJ),
    // scratch s = w * x_j, two rows at a time
    ...op.get(S),
    ...op.set(PS),
    ...op.get(XJ),
    ...op.set(PK),
    ...op.get(W),
    ...op.set(O),
    ...op.loop,
    ...op.get(PS),
    ...op.get(O),
    ...op.v128Load(0),
    ...op.get(PK),
    ...op.v128Load(0),
    ...op.f64x2Mul,
    ...op.v128Store(0),
    ...op.get(PS),
    ...op.i32(16),
    ...op.i32Add,
    ...op.tee(PS),
    ...op.get(PK),
    ...op.i32(16),
    ...op.i32Add,
    ...op.set(PK),
    ...op.get(O),
    ...op.i32(16),
    ...op.i32Add,
    ...op.set(O),
    ...op.get(SEND),
    ...op.i32LtU,
    ...op.brIf(0),
    ...op.end,
    // score: out[p * p + j] += x_j . u
    ...op.get(HAS_U),
    ...[0x04, 0x40], // if
    ...op.get(XJ),
    ...op.set(PS),
    ...op.get(U),
    ...op.set(PK),
    // dot over x_j (length m) with u: reuse sEnd as the end of x_j
    ...op.get(XJ),
    ...op.get(M),
    ...op.i32(3),
    ...op.i32Shl,
    ...op.i32Add,
    ...op.set(SEND),
    ...dotLoop,
    ...accumulate([...op.get(P), ...op.get(P), ...op.i32Mul, ...op.get(J), ...op.i32Add]),
    ...op.get(S),
    ...op.get(M),
    ...op.i32(3),
    ...op.i32Shl,
    ...op.i32Add,
    ...op.set(SEND),
    ...op.end, // end if
    // k = j .. p - 1
    ...op.get(J),
    ...op.set(K),
    ...op.block,
    ...op.loop,
    ...op.get(K),
    ...op.get(P),
    ...op.i32GeU,
    ...op.brIf(1),
    ...column(K, XK),
    ...op.get(S),
    ...op.set(PS),
    ...op.get(XK),
    ...op.set(PK),
    ...dotLoop,
    ...accumulate([...op.get(J), ...op.get(P), ...op.i32Mul, ...op.get(K), ...op.i32Add]),
    ...op.get(K),
    ...op.i32(1),
    ...op.i32Add,
    ...op.set(K),
    ...op.br(0),
    ...op.end,
    ...op.end,
    ...op.get(J),
    ...op.i32(1),
    ...op.i32Add,
    ...op.set(J),
    ...op.br(0),
    ...op.end,
    ...op.end,
    ...op.end,
  ];
  const locals = [2, ...uleb(8), I32, ...uleb(2), V128];
  const code = [...locals, ...body];
  const bytes = [
    0x00,
    0x61,
    0x73,
    0x6d,
    0x01,
    0x00,
    0x00,
    0x00,
    ...section(1, [1, 0x60, 8, I32, I32, I32, I32, I32, I32, I32, I32, 0]),
    ...section(2, [1, ...name('m'), ...name('memory'), 0x02, 0x00, 0x01]),
    ...section(3, [1, 0]),
    ...section(7, [1, ...name('gram'), 0x00, 0]),
    ...section(10, [1, ...uleb(code.length), ...code]),
  ];
  return new Uint8Array(bytes);
}

/** Rows per chunk: the unit of the parallel passes and of the partial sums (see row-kernels.ts). */
export const CHUNK_ROWS = 32 * 1024;

let module: WebAssembly.Module | null | undefined;

/** The compiled WebAssembly SIMD kernel, or null where WebAssembly SIMD is unavailable. */
export function gramModule(): WebAssembly.Module | null {
  if (module !== undefined) return module;
  module = null;
  try {
    const bytes = kernelModule();
    if (typeof WebAssembly === 'object' && WebAssembly.validate(bytes)) {
      module = new WebAssembly.Module(bytes);
    }
  } catch {
    module = null;
  }
  return module;
}

/** Whether the WebAssembly SIMD kernel is in use (exposed for tests and the benchmark). */
export function gramKernel(): 'wasm-simd' | 'javascript' {
  return gramModule() === null ? 'javascript' : 'wasm-simd';
}

/**
 * A and g from the chunks' partial sums `out` (chunks x (p * p + p), upper triangle of each
 * chunk's X'WX then its X'u), added in chunk order.
 */
export function reduceGram(
  out: Float64Array,
  chunks: number,
  p: number,
  hasU: boolean,
): { a: Float64Array; score: Float64Array | null } {
  const size = p * p + p;
  const a = new Float64Array(p * p);
  const score = hasU ? new Float64Array(p) : null;
  for (let c = 0; c < chunks; c++) {
    const at = c * size;
    for (let j = 0; j < p; j++) {
      for (let k = j; k < p; k++) a[j * p + k] += out[at + j * p + k];
    }
    if (score !== null) for (let j = 0; j < p; j++) score[j] += out[at + p * p + j];
  }
  for (let j = 0; j < p; j++) for (let k = j + 1; k < p; k++) a[k * p + j] = a[j * p + k];
  return { a, score };
}

/**
 * A = X' diag(w) X and g = X' u (u null: g null). See the file comment. Rows are summed in
 * chunks of CHUNK_ROWS, each from zero, and the chunks added in order; with `threads` > 1 and
 * the arrays in shared memory the chunks run on that many threads, with the same result.
 */
export function gramAndScore(
  x: Float64Array,
  nrow: number,
  ncol: number,
  w: Float64Array,
  u: Float64Array | null,
  force: 'javascript' | null = null,
  threads = 1,
): { a: Float64Array; score: Float64Array | null } {
  const wasm = force === 'javascript' ? null : gramModule();
  const p = ncol;
  if (wasm === null || p === 0) {
    const a = crossprod(x, nrow, p, w);
    let score: Float64Array | null = null;
    if (u !== null) {
      score = new Float64Array(p);
      for (let j = 0; j < p; j++) {
        let s = 0;
        const cj = j * nrow;
        for (let i = 0; i < nrow; i++) s += x[cj + i] * u[i];
        score[j] = s;
      }
    }
    return { a, score };
  }
  const chunks = Math.max(1, Math.ceil(nrow / CHUNK_ROWS));
  const size = p * p + p;
  const parallel = threads > 1 && chunks > 1;
  const out = parallel ? sharedFloat64Array(chunks * size) : new Float64Array(chunks * size);
  const args: GramArgs = {
    module: wasm,
    x,
    n: nrow,
    p,
    rows: CHUNK_ROWS,
    out,
    w,
    u,
    weights: null,
  };
  runChunks('glm-gram', gramChunk, args, chunks, parallel ? threads : 1);
  return reduceGram(out, chunks, p, u !== null);
}
