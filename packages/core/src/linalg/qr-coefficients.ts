import { checkRightHandSides } from '../internal/check.ts';
import { applyHouseholder } from '../internal/householder.ts';
import { backSubstitute } from '../internal/triangular.ts';
import type { QR } from './qr-decompose.ts';

/**
 * Least-squares coefficients from a QR decomposition, as R's `qr.coef()` (LINPACK dqrcf):
 * solves R b = (Q' y)[0..rank) and returns b in the ORIGINAL column order, with NaN for the
 * aliased columns (R's NA).
 *
 * @param qr - a decomposition from {@link qrDecompose} (not modified)
 * @param y - response of length nrow, or nrow * m for m responses (column-major); not modified
 * @returns ncol coefficients (ncol * m for m responses), NaN where a column is aliased
 * @throws InvalidArgumentError when the length of y is not a positive multiple of nrow
 * @example
 * ```ts
 * // y = 1 + 2 x; the third column duplicates the second and is aliased.
 * const x = new Float64Array([1, 1, 1, 0, 1, 2, 0, 1, 2]);
 * qrCoefficients(qrDecompose(x, 3, 3), new Float64Array([1, 3, 5]));
 * // => Float64Array [1, 2, NaN] (to rounding)
 * ```
 */
export function qrCoefficients(qr: QR, y: Float64Array): Float64Array {
  const { nrow: n, ncol: p, rank: k, pivot } = qr;
  const columns = checkRightHandSides('qrCoefficients', 'y', y, n);
  const work = Float64Array.from(y);
  const out = new Float64Array(p * columns);
  for (let c = 0; c < columns; c++) {
    const yo = c * n;
    applyHouseholder(qr, work, yo, true);
    backSubstitute(qr.qr, k, n, work, yo);
    const oo = c * p;
    for (let j = 0; j < p; j++) out[oo + pivot[j]] = j < k ? work[yo + j] : Number.NaN;
  }
  return out;
}
