import { InvalidArgumentError } from '../errors.ts';
import { checkDimension, checkRightHandSides } from '../internal/check.ts';
import { forwardSubstitute } from '../internal/triangular.ts';

/**
 * Solve the lower triangular system L x = b by forward substitution.
 *
 * Column-oriented forward substitution (LINPACK dtrsl; Golub & Van Loan, *Matrix Computations*,
 * 4th ed., Alg. 3.1.3). Entries above the diagonal of `l` are never read, so the lower triangle of
 * any column-major array (for example a Cholesky factor) can be used directly.
 *
 * @param l - column-major array holding L in its leading n x n block
 * @param n - order of L (non-negative integer)
 * @param b - right-hand side(s): length n, or n * m for m columns (column-major); not modified
 * @param ldl - leading dimension of `l` (rows of the array that holds L); default n
 * @returns x with the shape of `b`; a zero diagonal entry yields non-finite values
 * @throws InvalidArgumentError when dimensions and lengths disagree
 * @example
 * ```ts
 * solveLower(new Float64Array([2, 1, 0, 4]), 2, new Float64Array([2, 9]));
 * // => Float64Array [1, 2]
 * ```
 */
export function solveLower(l: Float64Array, n: number, b: Float64Array, ldl = n): Float64Array {
  checkDimension('solveLower', 'n', n);
  if (!Number.isInteger(ldl) || ldl < n || (n > 0 && l.length < ldl * (n - 1) + n)) {
    throw new InvalidArgumentError(
      'ldl',
      `solveLower requires ldl >= n and l.length >= ldl * (n - 1) + n; received ldl = ${ldl}, n = ${n}, l.length = ${l.length}`,
    );
  }
  const columns = checkRightHandSides('solveLower', 'b', b, n);
  const x = Float64Array.from(b);
  for (let c = 0; c < columns; c++) forwardSubstitute(l, n, ldl, x, c * n);
  return x;
}
