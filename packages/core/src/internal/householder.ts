import type { QR } from '../linalg/qr-decompose.ts';
import { axpy, dot } from './blas.ts';

/**
 * Contract: y[yo .. yo + nrow) is overwritten with Q' y (transpose = true) or Q y, where Q is the
 * product of the first min(rank, nrow - 1) Householder reflections of `qr` (LINPACK dqrsl with
 * k = rank, as R's qr.qty / qr.qy). Reflection j is H_j = I - v v' / v[0] on rows j.., with
 * v = (qraux[j], qr[j+1:, j]); the leading element is taken from qraux rather than written onto
 * the diagonal as dqrsl does, so the decomposition is never modified. No allocation.
 */
export function applyHouseholder(
  decomposition: QR,
  y: Float64Array,
  yo: number,
  transpose: boolean,
): void {
  const { qr, qraux, nrow: n, rank } = decomposition;
  const ju = Math.min(rank, n - 1);
  for (let step = 0; step < ju; step++) {
    const j = transpose ? step : ju - 1 - step;
    const vj = qraux[j];
    if (vj === 0) continue;
    const cj = j * n;
    const t = -(vj * y[yo + j] + dot(n - j - 1, qr, cj + j + 1, y, yo + j + 1)) / vj;
    y[yo + j] += t * vj;
    axpy(n - j - 1, t, qr, cj + j + 1, y, yo + j + 1);
  }
}
