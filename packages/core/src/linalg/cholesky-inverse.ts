import { checkDimension, checkLength } from '../internal/check.ts';
import { inverseFromFactor } from '../internal/cholesky-factor.ts';

/**
 * Inverse of a symmetric positive definite matrix from its Cholesky factor: (L L')^-1, as R's
 * `chol2inv` (LAPACK dpotri).
 *
 * Inverts the triangular factor and forms L^-T L^-1; the result is full (both triangles) and
 * exactly symmetric.
 *
 * @param l - n x n lower factor from {@link cholesky}, column-major (upper triangle not read)
 * @param n - order (non-negative integer)
 * @returns the n x n inverse, column-major
 * @throws InvalidArgumentError when n is not a non-negative integer or `l.length !== n * n`
 * @example
 * ```ts
 * choleskyInverse(cholesky(new Float64Array([4, 2, 2, 5]), 2)!, 2);
 * // => Float64Array [0.3125, -0.125, -0.125, 0.25]
 * ```
 */
export function choleskyInverse(l: Float64Array, n: number): Float64Array {
  checkDimension('choleskyInverse', 'n', n);
  checkLength('choleskyInverse', 'l', l, n * n, 'n * n');
  return inverseFromFactor(l, n);
}
