import { InvalidArgumentError } from '../errors.ts';
import { checkDimension, checkLength } from '../internal/check.ts';

/** Rows per block: a block of every column stays in L1/L2 cache while all pairs are formed. */
const BLOCK = 256;

/**
 * Weighted cross-product X' diag(w) X (or X'X without weights), as R's `crossprod(x, w * x)`.
 *
 * Contract: x is nrow x ncol column-major; w, when given, has length nrow. The rows are processed
 * in blocks of 256: for each block and each column j, w * x[, j] is formed once in a scratch
 * buffer and dotted with the block of every column k >= j (four at a time), so the whole matrix is read once
 * regardless of ncol and the inner loops allocate nothing. The upper triangle is mirrored from
 * the lower, so the result is exactly symmetric. Non-finite inputs propagate.
 *
 * @param x - design matrix, column-major, length nrow * ncol (not modified)
 * @param nrow - rows of x (non-negative integer)
 * @param ncol - columns of x (non-negative integer)
 * @param w - optional row weights, length nrow
 * @returns the ncol x ncol matrix X' diag(w) X, column-major
 * @throws InvalidArgumentError when dimensions and lengths disagree
 * @example
 * ```ts
 * crossprod(new Float64Array([1, 1, 1, 1, 2, 3]), 3, 2);
 * // => Float64Array [3, 6, 6, 14]
 * ```
 */
export function crossprod(
  x: Float64Array,
  nrow: number,
  ncol: number,
  w?: Float64Array,
): Float64Array {
  checkDimension('crossprod', 'nrow', nrow);
  checkDimension('crossprod', 'ncol', ncol);
  checkLength('crossprod', 'x', x, nrow * ncol, 'nrow * ncol');
  if (w !== undefined && w.length !== nrow) {
    throw new InvalidArgumentError(
      'w',
      `crossprod requires w to have length nrow = ${nrow}; received length ${w.length}`,
    );
  }
  const p = ncol;
  const out = new Float64Array(p * p);
  const buffer = new Float64Array(BLOCK);
  for (let start = 0; start < nrow; start += BLOCK) {
    const size = Math.min(BLOCK, nrow - start);
    for (let j = 0; j < p; j++) {
      const cj = j * nrow + start;
      if (w === undefined) {
        for (let i = 0; i < size; i++) buffer[i] = x[cj + i];
      } else {
        for (let i = 0; i < size; i++) buffer[i] = w[start + i] * x[cj + i];
      }
      // Four columns k at a time: the buffer is read once per four dot products.
      let k = j;
      for (; k + 3 < p; k += 4) {
        const c0 = k * nrow + start;
        const c1 = c0 + nrow;
        const c2 = c1 + nrow;
        const c3 = c2 + nrow;
        let s0 = 0;
        let s1 = 0;
        let s2 = 0;
        let s3 = 0;
        for (let i = 0; i < size; i++) {
          const b = buffer[i];
          s0 += b * x[c0 + i];
          s1 += b * x[c1 + i];
          s2 += b * x[c2 + i];
          s3 += b * x[c3 + i];
        }
        const o = j * p + k;
        out[o] += s0;
        out[o + 1] += s1;
        out[o + 2] += s2;
        out[o + 3] += s3;
      }
      for (; k < p; k++) {
        const ck = k * nrow + start;
        let s = 0;
        for (let i = 0; i < size; i++) s += buffer[i] * x[ck + i];
        out[j * p + k] += s;
      }
    }
  }
  for (let j = 0; j < p; j++) for (let k = j + 1; k < p; k++) out[k * p + j] = out[j * p + k];
  return out;
}
