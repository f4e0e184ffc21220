import { checkDimension, checkLength, checkRightHandSides } from '../internal/check.ts';
import { backSubstituteTransposed, forwardSubstitute } from '../internal/triangular.ts';

/**
 * Solve (L L') x = b given the lower Cholesky factor L of a symmetric positive definite matrix.
 *
 * Two triangular solves: L z = b (forward), then L' x = z (back substitution with L read by
 * columns as rows of L'), as LAPACK dpotrs.
 *
 * @param l - n x n lower factor from {@link cholesky}, column-major (upper triangle not read)
 * @param n - order (non-negative integer)
 * @param b - right-hand side(s): length n, or n * m for m columns (column-major); not modified
 * @returns x with the shape of `b`
 * @throws InvalidArgumentError when dimensions and lengths disagree
 * @example
 * ```ts
 * const l = cholesky(new Float64Array([4, 2, 2, 5]), 2)!;
 * choleskySolve(l, 2, new Float64Array([6, 7]));
 * // => Float64Array [1, 1]
 * ```
 */
export function choleskySolve(l: Float64Array, n: number, b: Float64Array): Float64Array {
  checkDimension('choleskySolve', 'n', n);
  checkLength('choleskySolve', 'l', l, n * n, 'n * n');
  const columns = checkRightHandSides('choleskySolve', 'b', b, n);
  const x = Float64Array.from(b);
  for (let c = 0; c < columns; c++) {
    forwardSubstitute(l, n, n, x, c * n);
    backSubstituteTransposed(l, n, n, x, c * n);
  }
  return x;
}
