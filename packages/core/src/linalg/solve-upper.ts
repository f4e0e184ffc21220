import { InvalidArgumentError } from '../errors.ts';
import { checkDimension, checkRightHandSides } from '../internal/check.ts';
import { backSubstitute } from '../internal/triangular.ts';

/**
 * Solve the upper triangular system R x = b by back substitution.
 *
 * Column-oriented back substitution (LINPACK dqrsl/dtrsl; Golub & Van Loan, *Matrix
 * Computations*, 4th ed., Alg. 3.1.4). Entries below the diagonal are never read, so R can be
 * taken straight from a compact QR (`qr.qr` with `ldr = qr.nrow`).
 *
 * @param r - column-major array holding R in its leading n x n block
 * @param n - order of R (non-negative integer)
 * @param b - right-hand side(s): length n, or n * m for m columns (column-major); not modified
 * @param ldr - leading dimension of `r` (rows of the array that holds R); default n
 * @returns x with the shape of `b`; a zero diagonal entry yields non-finite values
 * @throws InvalidArgumentError when dimensions and lengths disagree
 * @example
 * ```ts
 * solveUpper(new Float64Array([2, 0, 1, 4]), 2, new Float64Array([4, 8]));
 * // => Float64Array [1, 2]
 * ```
 */
export function solveUpper(r: Float64Array, n: number, b: Float64Array, ldr = n): Float64Array {
  checkDimension('solveUpper', 'n', n);
  if (!Number.isInteger(ldr) || ldr < n || (n > 0 && r.length < ldr * (n - 1) + n)) {
    throw new InvalidArgumentError(
      'ldr',
      `solveUpper requires ldr >= n and r.length >= ldr * (n - 1) + n; received ldr = ${ldr}, n = ${n}, r.length = ${r.length}`,
    );
  }
  const columns = checkRightHandSides('solveUpper', 'b', b, n);
  const x = Float64Array.from(b);
  for (let c = 0; c < columns; c++) backSubstitute(r, n, ldr, x, c * n);
  return x;
}
