/**
 * `@muster/core/threads` in Node: a small pool of worker threads (node:worker_threads), started
 * on first use and kept for later calls, that run a kernel over the chunks of a job in shared
 * memory while the calling thread waits synchronously (Atomics.wait), so the numerical code that
 * calls it stays synchronous.
 *
 * A job is `runChunks(id, kernel, args, chunks, threads)`. The calling thread posts the job to
 * `threads - 1` workers and then works on it too: every thread claims the next chunk with an
 * atomic counter, runs `kernel(args, chunk, local)` and marks the chunk done. Which thread runs
 * which chunk varies from run to run; what a chunk computes does not, so a caller that reduces
 * the chunks' outputs in chunk order gets the same bits for any number of threads.
 *
 * Robustness: the calling thread never waits for a worker that has not claimed a chunk (a worker
 * still starting, or one that failed to start, simply claims nothing), a chunk whose kernel threw
 * in a worker is run again on the calling thread (where its error surfaces). A chunk a worker has
 * claimed is always waited for (never recomputed here: the worker would go on writing into
 * arrays the caller reuses); a worker that makes no progress for a minute raises an error.
 * Workers are unref'd: they never keep a process alive.
 *
 * The kernel travels to the workers as its source text (Function.prototype.toString) and is
 * compiled there once per id; see ChunkKernel in ./types.ts for what that requires of it.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { ChunkKernel } from './types.ts';

export type { ChunkKernel } from './types.ts';

/** At most this many threads per job, the calling thread included. */
const MAX_THREADS = 8;
/** A worker with a claimed chunk and no progress for this long (ms) is an error. */
const STALL_MS = 60_000;
// control words of a job
const NEXT = 0;
const DONE = 1;
// chunk states
const CLAIMED = 1;
const FINISHED = 2;
const FAILED = 3;

/** A worker idle this long (ms) after a job collects its garbage (the job's shared arrays). */
const IDLE_COLLECT_MS = 20;

// The worker's whole program. `__name` is supplied because TypeScript runners that keep function
// names (esbuild's keepNames) insert calls to it into the kernel's source text.
const WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads');
const kernels = new Map();
// A job's shared arrays stay alive while this thread holds their (garbage) job objects, and a
// worker allocates too little to collect often: collect once the worker has been idle a moment.
let collect = null;
try {
  require('node:v8').setFlagsFromString('--expose-gc');
  collect = require('node:vm').runInNewContext('gc');
} catch {
  collect = null;
} finally {
  require('node:v8').setFlagsFromString('--no-expose-gc');
}
let idle = null;
const collectWhenIdle = () => {
  if (collect === null) return;
  if (idle !== null) clearTimeout(idle);
  idle = setTimeout(() => {
    idle = null;
    collect();
  }, ${IDLE_COLLECT_MS});
};
parentPort.on('message', (job) => {
  collectWhenIdle();
  let entry = kernels.get(job.id);
  if (entry === undefined) {
    try {
      entry = { fn: new Function('__name', 'return (' + job.source + ');')((f) => f), local: {} };
    } catch {
      return;
    }
    kernels.set(job.id, entry);
  }
  const { control, state, chunks, args } = job;
  for (;;) {
    const c = Atomics.add(control, ${NEXT}, 1);
    if (c >= chunks) return;
    Atomics.store(state, c, ${CLAIMED});
    let outcome = ${FINISHED};
    try {
      entry.fn(args, c, entry.local);
    } catch {
      outcome = ${FAILED};
    }
    Atomics.store(state, c, outcome);
    Atomics.add(control, ${DONE}, 1);
    Atomics.notify(control, ${DONE});
  }
});
`;

const workers: Worker[] = [];
const locals = new Map<string, Record<string, unknown>>();
const sources = new Map<string, string>();

function startWorkers(count: number): void {
  while (workers.length < count) {
    let worker: Worker;
    try {
      worker = new Worker(WORKER_SOURCE, { eval: true });
    } catch {
      return;
    }
    worker.unref();
    worker.on('error', () => {
      const at = workers.indexOf(worker);
      if (at >= 0) workers.splice(at, 1);
    });
    workers.push(worker);
  }
}

function localFor(id: string): Record<string, unknown> {
  let local = locals.get(id);
  if (local === undefined) {
    local = {};
    locals.set(id, local);
  }
  return local;
}

/** Whether every typed array in `value` lives in shared memory (else workers would get copies). */
function allShared(value: unknown, depth = 0): boolean {
  if (value === null || typeof value !== 'object') return true;
  if (ArrayBuffer.isView(value)) return value.buffer instanceof SharedArrayBuffer;
  if (value instanceof WebAssembly.Module) return true;
  if (depth > 3) return false;
  for (const item of Object.values(value)) if (!allShared(item, depth + 1)) return false;
  return true;
}

/**
 * Run `kernel` on chunks 0 .. chunks - 1 of a job, using up to `threads` threads (the calling
 * thread and `threads - 1` pooled workers); returns when every chunk is done. With `threads`
 * <= 1, one chunk, or an argument that is not in shared memory, every chunk runs on the calling
 * thread in order. See the file comment and ChunkKernel for the contract.
 *
 * @example
 * ```ts
 * import { runChunks, sharedFloat64Array } from '@muster/core/threads';
 *
 * const out = sharedFloat64Array(4);
 * const square = (args: { out: Float64Array }, chunk: number) => {
 *   args.out[chunk] = chunk * chunk;
 * };
 * runChunks('example-square', square, { out }, 4, 2);
 * out; // => Float64Array [0, 1, 4, 9]
 * ```
 */
export function runChunks<A>(
  id: string,
  kernel: ChunkKernel<A>,
  args: A,
  chunks: number,
  threads: number,
): void {
  const local = localFor(id);
  const helpers = Math.min(Math.floor(threads) - 1, chunks - 1, MAX_THREADS - 1);
  if (!(helpers > 0) || !allShared(args)) {
    for (let c = 0; c < chunks; c++) kernel(args, c, local);
    return;
  }
  startWorkers(helpers);
  let source = sources.get(id);
  if (source === undefined) {
    source = kernel.toString();
    sources.set(id, source);
  }
  const control = new Int32Array(new SharedArrayBuffer(8));
  const state = new Int32Array(new SharedArrayBuffer(4 * chunks));
  const job = { id, source, args, chunks, control, state };
  for (let k = 0; k < helpers && k < workers.length; k++) workers[k].postMessage(job);
  for (;;) {
    const c = Atomics.add(control, NEXT, 1);
    if (c >= chunks) break;
    Atomics.store(state, c, CLAIMED);
    kernel(args, c, local);
    Atomics.store(state, c, FINISHED);
    Atomics.add(control, DONE, 1);
  }
  waitForWorkers(control, state, chunks, (c) => kernel(args, c, local));
}

/**
 * Wait until every chunk is done and redo failed chunks on this thread. A chunk a worker has
 * claimed is never taken over: the worker may still write to arrays the caller reuses for its
 * next job. A worker that makes no progress for STALL_MS is an error.
 */
function waitForWorkers(
  control: Int32Array,
  state: Int32Array,
  chunks: number,
  run: (chunk: number) => void,
): void {
  let seen = Atomics.load(control, DONE);
  while (seen < chunks) {
    const outcome = Atomics.wait(control, DONE, seen, STALL_MS);
    const now = Atomics.load(control, DONE);
    if (outcome === 'timed-out' && now === seen) {
      throw new Error(
        `runChunks: a worker thread made no progress for ${STALL_MS / 1000} s; run with threads: 1`,
      );
    }
    seen = now;
  }
  for (let c = 0; c < chunks; c++) {
    if (Atomics.load(state, c) === FAILED) {
      run(c);
      Atomics.store(state, c, FINISHED);
    }
  }
}

/**
 * A zero-filled Float64Array in shared memory, which worker threads read and write in place.
 *
 * @example
 * ```ts
 * import { sharedFloat64Array } from '@muster/core/threads';
 *
 * sharedFloat64Array(3); // => Float64Array [0, 0, 0]
 * ```
 */
export function sharedFloat64Array(length: number): Float64Array {
  return new Float64Array(new SharedArrayBuffer(length * 8));
}

/**
 * How many threads a parallel kernel may use, the caller's included: the environment variable
 * MUSTER_THREADS when set to a positive integer, else the number of CPUs Node reports
 * (os.availableParallelism), at most 8.
 *
 * @example
 * ```ts
 * import { availableThreads } from '@muster/core/threads';
 *
 * const threads = availableThreads(); // 2 on a two-core machine
 * ```
 */
export function availableThreads(): number {
  const fromEnvironment = Number(process.env.MUSTER_THREADS);
  if (Number.isInteger(fromEnvironment) && fromEnvironment > 0) {
    return Math.min(fromEnvironment, MAX_THREADS);
  }
  return Math.max(1, Math.min(availableParallelism(), MAX_THREADS));
}

/**
 * How many worker threads the pool has started so far (0 before the first parallel job).
 *
 * @example
 * ```ts
 * import { startedWorkers } from '@muster/core/threads';
 *
 * const started = startedWorkers(); // 1 after a job on 2 threads
 * ```
 */
export function startedWorkers(): number {
  return workers.length;
}

/** Columns of a matrix being filled, claimed in turn by the filling thread (see prefaultColumns). */
export interface ColumnClaims {
  /** Call before writing column `column`: returns once no worker is touching it. */
  claim(column: number): void;
  /** Claim every column left: after it no worker writes to the matrix. */
  finish(): void;
}

const NO_CLAIMS: ColumnClaims = { claim() {}, finish() {} };

interface PrefaultArgs {
  matrix: Float64Array;
  nrow: number;
  ncol: number;
  state: Int32Array;
}

// Column states: 0 untouched, 1 a worker is touching it, 2 touched, 3 claimed by the filler.
function prefaultKernel(args: PrefaultArgs): void {
  const { matrix, nrow, ncol, state } = args;
  for (let c = ncol - 1; c >= 0; c--) {
    if (Atomics.compareExchange(state, c, 0, 1) !== 0) return;
    const first = c * nrow;
    const last = first + nrow;
    // one write per 4 KB page of the column, of the zero that is already there
    for (let i = first; i < last; i += 512) matrix[i] = 0;
    matrix[last - 1] = 0;
    Atomics.store(state, c, 2);
    Atomics.notify(state, c);
  }
}

/**
 * Have a worker thread touch the pages of a freshly allocated, zero-filled column-major matrix in
 * shared memory, from the last column backwards, while the calling thread fills it from the first
 * column: the operating system's page faults on new memory are then shared between two cores.
 * The caller claims each column before writing it (`claim`), which waits only if the worker is
 * touching that very column, and calls `finish` when done; the worker writes only zeros, only
 * into columns nobody has claimed, so the result is the caller's values exactly. Without shared
 * memory, a second thread or a worker, claims do nothing.
 *
 * @example
 * ```ts
 * import { prefaultColumns, sharedFloat64Array } from '@muster/core/threads';
 *
 * const matrix = sharedFloat64Array(4 * 3);
 * const claims = prefaultColumns(matrix, 4, 3);
 * for (let j = 0; j < 3; j++) {
 *   claims.claim(j);
 *   matrix.fill(j + 1, j * 4, (j + 1) * 4);
 * }
 * claims.finish();
 * Array.from(matrix); // => [1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3]
 * ```
 */
export function prefaultColumns(matrix: Float64Array, nrow: number, ncol: number): ColumnClaims {
  if (!(matrix.buffer instanceof SharedArrayBuffer) || ncol < 2 || availableThreads() < 2) {
    return NO_CLAIMS;
  }
  startWorkers(1);
  if (workers.length === 0) return NO_CLAIMS;
  const state = new Int32Array(new SharedArrayBuffer(4 * ncol));
  let source = sources.get('core-prefault');
  if (source === undefined) {
    source = prefaultKernel.toString();
    sources.set('core-prefault', source);
  }
  workers[0].postMessage({
    id: 'core-prefault',
    source,
    args: { matrix, nrow, ncol, state },
    chunks: 1,
    control: new Int32Array(new SharedArrayBuffer(8)),
    state: new Int32Array(new SharedArrayBuffer(4)),
  });
  const claim = (column: number) => {
    if (Atomics.compareExchange(state, column, 0, 3) === 1) Atomics.wait(state, column, 1);
  };
  return {
    claim,
    finish() {
      for (let c = 0; c < ncol; c++) claim(c);
    },
  };
}

/** Whether worker threads are used here: in Node, yes. */
export const WORKER_THREADS = true;
