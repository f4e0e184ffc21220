import { checkDimension, checkLength } from '../internal/check.ts';
import { choleskyFactor } from '../internal/cholesky-factor.ts';

/**
 * Cholesky factor of a symmetric positive definite matrix: the lower triangular L with a = L L'.
 *
 * Left-looking column algorithm (Golub & Van Loan, *Matrix Computations*, 4th ed., Alg. 4.2.1).
 * Only the lower triangle of `a` is read. A pivot is accepted when it exceeds n * eps times the
 * original diagonal entry, so an exactly singular matrix (collinear columns) is reported as not
 * positive definite instead of yielding a factor with a rounding-noise pivot.
 *
 * @param a - n x n symmetric matrix, column-major (not modified)
 * @param n - order of the matrix (non-negative integer)
 * @returns L as an n x n column-major array with zeros above the diagonal, or `null` when `a`
 *   is not (numerically) positive definite
 * @throws InvalidArgumentError when n is not a non-negative integer or `a.length !== n * n`
 * @example
 * ```ts
 * cholesky(new Float64Array([4, 2, 2, 5]), 2);
 * // => Float64Array [2, 1, 0, 2]
 * ```
 */
export function cholesky(a: Float64Array, n: number): Float64Array | null {
  checkDimension('cholesky', 'n', n);
  checkLength('cholesky', 'a', a, n * n, 'n * n');
  const l = new Float64Array(n * n);
  return choleskyFactor(a, n, l) < 0 ? l : null;
}
