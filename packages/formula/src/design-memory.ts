/**
 * Reusing the memory of large design matrices: a model fit hands its design matrix back when
 * nothing it returns refers to it, and the next designMatrix of a similar size writes into that
 * memory instead of mapping fresh pages.
 */
import { clearPool, poolStats, releaseMatrix } from './internal/matrix-memory.ts';
import type { DesignMatrix } from './types.ts';

/**
 * Hand the matrix of a design that is no longer needed back to designMatrix, which writes the
 * next matrix of a similar size (between half and all of the memory) into it instead of
 * allocating fresh memory. Only matrices of at least 2^20 cells that designMatrix allocated
 * itself are kept (at most two buffers, the oldest dropped first); a matrix written into the
 * caller's memory (`options.into`) is never taken, and a second release of the same design does
 * nothing. The design's `matrix` is replaced by an empty array, so the released design cannot
 * see the matrix a later design writes there; do not keep other references to its `matrix`
 * (model fits release the designs they build internally once their result is assembled).
 *
 * @param design - A result of {@link designMatrix}.
 * @returns Whether the memory went to the pool.
 * @example
 * ```ts
 * import { designMatrix, releaseDesignMatrix } from '@muster/formula';
 *
 * const x = new Float64Array(524_288).fill(2);
 * const first = designMatrix('~ x', { x });
 * releaseDesignMatrix(first); // => true (2^20 cells: 524,288 rows x 2 columns)
 * first.matrix.length;        // => 0
 * const second = designMatrix('~ x', { x }); // written into the released memory
 * second.matrix.length;       // => 1048576
 * ```
 */
export function releaseDesignMatrix(design: DesignMatrix): boolean {
  return releaseMatrix(design);
}

/**
 * The released design-matrix memory waiting for reuse: how many buffers and how many bytes.
 *
 * @example
 * ```ts
 * import { designMatrixPool } from '@muster/formula';
 *
 * const { buffers, bytes } = designMatrixPool(); // at most 2 buffers
 * ```
 */
export function designMatrixPool(): { buffers: number; bytes: number } {
  return poolStats();
}

/**
 * Drop the released design-matrix memory, for the garbage collector to return (for example
 * after the last large model of an analysis).
 *
 * @example
 * ```ts
 * import { clearDesignMatrixPool, designMatrixPool } from '@muster/formula';
 *
 * clearDesignMatrixPool();
 * designMatrixPool(); // => { buffers: 0, bytes: 0 }
 * ```
 */
export function clearDesignMatrixPool(): void {
  clearPool();
}
