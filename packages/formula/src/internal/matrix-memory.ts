/**
 * Memory of design matrices: a buffer the caller hands in (`into`), a small pool of buffers that
 * model fits hand back once nothing references them, or fresh memory.
 *
 * Fresh memory of a large matrix costs a page fault per 4 KB page on first write, which at 1e6 x
 * 19 is most of the time of designMatrix; reused memory is already mapped. Only matrices this
 * module allocated (fresh or from the pool) can enter the pool, each once: a buffer the caller
 * owns (`into`, even the matrix of an earlier design passed back, or one kept after its release)
 * never does or leaves it, and a second release of the same matrix does nothing, so the pool
 * never holds the same memory twice. Released matrices are taken away from their design object
 * (its `matrix` becomes empty), so a released design cannot read memory another design now owns.
 */
import { InvalidArgumentError } from '@muster/core';
import { sharedFloat64Array } from '@muster/core/threads';
import type { DesignMatrix } from '../types.ts';

/** Cells from which the matrix is allocated in shared memory (a SharedArrayBuffer in Node). */
export const SHARED_MIN_CELLS = 1 << 20;

/** At most this many released buffers are kept; the oldest goes first. */
const POOL_BUFFERS = 2;

/** A pooled buffer serves a matrix of at least half its size (so a small design never pins a big buffer). */
const POOL_MAX_SLACK = 2;

/** Released buffers, oldest first. */
const pool: ArrayBufferLike[] = [];

/**
 * Memory this module handed out and that has neither been released nor passed back as `into`,
 * by buffer: the matrix that owns it.
 */
const owned = new WeakMap<ArrayBufferLike, Float64Array>();

/** Memory for a matrix of `cells` cells; `reused` when it may hold old values (every cell must be written). */
export interface MatrixMemory {
  matrix: Float64Array;
  reused: boolean;
}

/**
 * The memory of a new matrix: `into` (checked) when given, else a pooled buffer of a fitting size,
 * else fresh memory (shared from SHARED_MIN_CELLS cells).
 */
export function matrixMemory(
  cells: number,
  into: unknown,
  caller: string,
  shape: [number, number],
): MatrixMemory {
  if (into !== undefined) return { matrix: callerMemory(cells, into, caller, shape), reused: true };
  if (cells < SHARED_MIN_CELLS) {
    const matrix = new Float64Array(cells);
    owned.set(matrix.buffer, matrix);
    return { matrix, reused: false };
  }
  const bytes = cells * 8;
  let best = -1;
  for (let i = 0; i < pool.length; i++) {
    const size = pool[i]!.byteLength;
    if (size >= bytes && size <= POOL_MAX_SLACK * bytes) {
      if (best < 0 || size < pool[best]!.byteLength) best = i;
    }
  }
  if (best >= 0) {
    const [buffer] = pool.splice(best, 1);
    const matrix = new Float64Array(buffer!, 0, cells);
    owned.set(matrix.buffer, matrix);
    return { matrix, reused: true };
  }
  const matrix = sharedFloat64Array(cells);
  owned.set(matrix.buffer, matrix);
  return { matrix, reused: false };
}

function callerMemory(
  cells: number,
  into: unknown,
  caller: string,
  [nrow, ncol]: [number, number],
): Float64Array {
  if (!(into instanceof Float64Array)) {
    const kind =
      into === null
        ? 'null'
        : typeof into === 'object'
          ? (into.constructor?.name ?? 'an object')
          : typeof into;
    throw new InvalidArgumentError(
      'into',
      `${caller} requires options.into to be a Float64Array; received ${kind}`,
    );
  }
  // Memory passed as `into` belongs to the caller from now on: it never enters the pool, and
  // leaves it if it was released earlier.
  owned.delete(into.buffer);
  const pooled = pool.indexOf(into.buffer);
  if (pooled >= 0) pool.splice(pooled, 1);
  if (into.length < cells) {
    throw new InvalidArgumentError(
      'into',
      `${caller} requires options.into to hold the ${nrow} x ${ncol} matrix (${cells} cells); received a Float64Array of ${into.length}`,
    );
  }
  return into.length === cells ? into : into.subarray(0, cells);
}

/**
 * Give the memory of a design's matrix back for the next design of a similar size. Only large
 * matrices (from 2^20 cells) that designMatrix allocated itself are kept; the design's `matrix`
 * becomes empty. Returns whether the memory went to the pool.
 */
export function releaseMatrix(design: DesignMatrix): boolean {
  const matrix = design.matrix;
  if (owned.get(matrix.buffer) !== matrix) return false;
  owned.delete(matrix.buffer);
  design.matrix = new Float64Array(0);
  if (matrix.length < SHARED_MIN_CELLS || !(matrix.buffer instanceof SharedArrayBuffer)) {
    return false;
  }
  pool.push(matrix.buffer);
  if (pool.length > POOL_BUFFERS) pool.shift();
  return true;
}

/** The buffers and bytes the pool holds. */
export function poolStats(): { buffers: number; bytes: number } {
  return { buffers: pool.length, bytes: pool.reduce((total, b) => total + b.byteLength, 0) };
}

/** Drop every pooled buffer (their memory goes back to the garbage collector). */
export function clearPool(): void {
  pool.length = 0;
}
