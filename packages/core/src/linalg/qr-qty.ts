import { checkRightHandSides } from '../internal/check.ts';
import { applyHouseholder } from '../internal/householder.ts';
import type { QR } from './qr-decompose.ts';

/**
 * Q' y from a QR decomposition, as R's `qr.qty()` (LINPACK dqrsl): the first `rank` entries are
 * the effects of the independent columns (in pivoted order), the rest are the residual effects.
 *
 * Q is the product of the first min(rank, nrow - 1) Householder reflections, as in R.
 *
 * @param qr - a decomposition from {@link qrDecompose} (not modified)
 * @param y - length nrow, or nrow * m for m columns (column-major); not modified
 * @returns Q' y with the shape of `y`
 * @throws InvalidArgumentError when the length of y is not a positive multiple of nrow
 * @example
 * ```ts
 * const qr = qrDecompose(new Float64Array([1, 1, 1, 1]), 4, 1);
 * qrQty(qr, new Float64Array([1, 2, 3, 4]));
 * // => Float64Array [-5, ...] (first entry -sum(y) / sqrt(4) = -5)
 * ```
 */
export function qrQty(qr: QR, y: Float64Array): Float64Array {
  const columns = checkRightHandSides('qrQty', 'y', y, qr.nrow);
  const out = Float64Array.from(y);
  for (let c = 0; c < columns; c++) applyHouseholder(qr, out, c * qr.nrow, true);
  return out;
}
