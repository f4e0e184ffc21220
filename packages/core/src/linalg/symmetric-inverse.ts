import { NumericalError } from '../errors.ts';
import { checkDimension, checkLength } from '../internal/check.ts';
import { choleskyFactor, inverseFromFactor } from '../internal/cholesky-factor.ts';

/**
 * Inverse of a symmetric positive definite matrix (an information or cross-product matrix) via
 * its Cholesky factor, as R's `chol2inv(chol(a))`.
 *
 * Only the lower triangle of `a` is read. The result is full and exactly symmetric.
 *
 * @param a - n x n symmetric positive definite matrix, column-major (not modified)
 * @param n - order (non-negative integer)
 * @returns the n x n inverse, column-major
 * @throws InvalidArgumentError when n is not a non-negative integer or `a.length !== n * n`
 * @throws NumericalError when `a` is not numerically positive definite (see {@link cholesky})
 * @example
 * ```ts
 * symmetricInverse(new Float64Array([4, 2, 2, 5]), 2);
 * // => Float64Array [0.3125, -0.125, -0.125, 0.25]
 * ```
 */
export function symmetricInverse(a: Float64Array, n: number): Float64Array {
  checkDimension('symmetricInverse', 'n', n);
  checkLength('symmetricInverse', 'a', a, n * n, 'n * n');
  const l = new Float64Array(n * n);
  const failed = choleskyFactor(a, n, l);
  if (failed >= 0) {
    throw new NumericalError(
      `symmetricInverse requires a positive definite matrix; the leading minor of order ${failed + 1} is not positive (matrix singular or indefinite)`,
    );
  }
  return inverseFromFactor(l, n);
}
