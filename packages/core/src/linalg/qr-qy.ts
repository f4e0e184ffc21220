import { checkRightHandSides } from '../internal/check.ts';
import { applyHouseholder } from '../internal/householder.ts';
import type { QR } from './qr-decompose.ts';

/**
 * Q y from a QR decomposition, as R's `qr.qy()` (LINPACK dqrsl): the inverse of {@link qrQty}.
 * With y = (fitted effects, zeros) it gives fitted values; with (zeros, residual effects), residuals.
 *
 * @param qr - a decomposition from {@link qrDecompose} (not modified)
 * @param y - length nrow, or nrow * m for m columns (column-major); not modified
 * @returns Q y with the shape of `y`
 * @throws InvalidArgumentError when the length of y is not a positive multiple of nrow
 * @example
 * ```ts
 * const qr = qrDecompose(new Float64Array([1, 1, 1, 1]), 4, 1);
 * qrQy(qr, qrQty(qr, new Float64Array([1, 2, 3, 4])));
 * // => Float64Array [1, 2, 3, 4] (to rounding)
 * ```
 */
export function qrQy(qr: QR, y: Float64Array): Float64Array {
  const columns = checkRightHandSides('qrQy', 'y', y, qr.nrow);
  const out = Float64Array.from(y);
  for (let c = 0; c < columns; c++) applyHouseholder(qr, out, c * qr.nrow, false);
  return out;
}
