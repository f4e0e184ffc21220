/**
 * `@muster/core/threads` where worker threads are not available (browsers, other runtimes):
 * every chunk runs on the calling thread, in order. Same interface and same results as the Node
 * implementation in ./node.ts.
 */
import type { ChunkKernel } from './types.ts';

export type { ChunkKernel } from './types.ts';

const locals = new Map<string, Record<string, unknown>>();

/**
 * Run `kernel` on chunks 0 .. chunks - 1 (here on the calling thread, in order).
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
  _threads: number,
): void {
  let local = locals.get(id);
  if (local === undefined) {
    local = {};
    locals.set(id, local);
  }
  for (let c = 0; c < chunks; c++) kernel(args, c, local);
}

/**
 * A zero-filled Float64Array that worker threads can share (here a plain one).
 *
 * @example
 * ```ts
 * import { sharedFloat64Array } from '@muster/core/threads';
 *
 * sharedFloat64Array(3); // => Float64Array [0, 0, 0]
 * ```
 */
export function sharedFloat64Array(length: number): Float64Array {
  return new Float64Array(length);
}

/**
 * How many threads a parallel kernel can use here, the caller's included: always 1.
 *
 * @example
 * ```ts
 * import { availableThreads } from '@muster/core/threads';
 *
 * const threads = availableThreads(); // 1 here
 * ```
 */
export function availableThreads(): number {
  return 1;
}

/**
 * How many worker threads the pool has started so far: none here.
 *
 * @example
 * ```ts
 * import { startedWorkers } from '@muster/core/threads';
 *
 * const started = startedWorkers(); // 0 here
 * ```
 */
export function startedWorkers(): number {
  return 0;
}

/** Columns of a matrix being filled, claimed in turn by the filling thread (see prefaultColumns). */
export interface ColumnClaims {
  /** Call before writing column `column`. */
  claim(column: number): void;
  /** Claim every column left. */
  finish(): void;
}

/**
 * Where worker threads exist, a worker touches the pages of a fresh matrix while the caller fills
 * it (see the Node implementation); here the claims do nothing.
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
export function prefaultColumns(_matrix: Float64Array, _nrow: number, _ncol: number): ColumnClaims {
  return { claim() {}, finish() {} };
}

/** Whether worker threads are used here: never. */
export const WORKER_THREADS = false;
