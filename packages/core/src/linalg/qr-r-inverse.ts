import { invertUpper } from '../internal/triangular.ts';
import type { QR } from './qr-decompose.ts';

/**
 * Inverse of the leading rank x rank block of R from a QR decomposition, in pivoted column
 * order. The unscaled covariance of the estimable coefficients is R^-1 R^-T (R's
 * `chol2inv(qr$qr[1:rank, 1:rank])`), with row/column j belonging to input column pivot[j].
 *
 * @param qr - a decomposition from {@link qrDecompose} (not modified)
 * @returns rank x rank upper triangular inverse, column-major (zeros below the diagonal)
 * @example
 * ```ts
 * const qr = qrDecompose(new Float64Array([1, 1, 1, 1]), 4, 1);
 * qrRInverse(qr);
 * // => Float64Array [-0.5]  (R = [-2])
 * ```
 */
export function qrRInverse(qr: QR): Float64Array {
  const k = qr.rank;
  const out = new Float64Array(k * k);
  invertUpper(qr.qr, k, qr.nrow, out);
  return out;
}
