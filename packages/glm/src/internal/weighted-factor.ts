/**
 * Factorisations of the weighted design W^(1/2) X behind each IRLS step.
 *
 * Two paths with the same results (to rounding) on well-conditioned designs:
 * - Cholesky of the equilibrated X'WX (D A D with D = diag(A)^(-1/2)): one blocked pass over X
 *   (./gram.ts), n p^2 / 2 flops, no copy of X. Accepted only when every pivot of D A D
 *   exceeds MIN_PIVOT, i.e. no column is within a relative residual norm of 1e-3 of the span of
 *   the columns before it. Then R's dqrdc2 (tolerance 1e-11 on the same relative norms) would not
 *   alias any column, so the rank and the estimates are R's.
 * - R's own path otherwise: Householder QR with limited pivoting (core `qrDecompose`, LINPACK
 *   dqrdc2) of W^(1/2) X, the tolerance of glm.fit, aliased columns reported as R does.
 *
 * Contract: x is nrow x ncol column-major; w holds the IRLS working weights (zero for rows that
 * do not take part); nothing in x or w is modified.
 */
import {
  cholesky,
  choleskyInverse,
  choleskySolve,
  type QR,
  qrDecompose,
  qrRInverse,
} from '@muster/core';
import { gramAndScore } from './gram.ts';

/** Smallest accepted pivot of the unit-diagonal X'WX (a relative residual norm of 1e-3). */
const MIN_PIVOT = 1e-6;

export interface WeightedFactor {
  kind: 'cholesky' | 'qr';
  ncol: number;
  rank: number;
  /** 1 for a column found aliased (linearly dependent on the columns before it) */
  aliased: Uint8Array;
  /** Cholesky path: lower factor of D A D, and D (1 / sqrt(diag A)) */
  l: Float64Array | null;
  scale: Float64Array | null;
  /** QR path: the decomposition of W^(1/2) X */
  qr: QR | null;
}

/**
 * Cholesky of the equilibrated X'WX (`a`, from ./gram.ts), or null when a pivot falls below
 * MIN_PIVOT (or a column has zero weighted norm, or entries are not finite): the caller then
 * takes the QR path. `a` is overwritten.
 */
export function choleskyFromGram(a: Float64Array, ncol: number): WeightedFactor | null {
  const scale = new Float64Array(ncol);
  for (let j = 0; j < ncol; j++) {
    const d = a[j * ncol + j];
    if (!(d > 0) || !Number.isFinite(d)) return null;
    scale[j] = 1 / Math.sqrt(d);
  }
  for (let j = 0; j < ncol; j++) {
    for (let i = 0; i < ncol; i++) a[j * ncol + i] *= scale[i] * scale[j];
  }
  const l = cholesky(a, ncol);
  if (l === null) return null;
  for (let j = 0; j < ncol; j++) {
    const pivot = l[j * ncol + j];
    if (!(pivot * pivot > MIN_PIVOT)) return null;
  }
  return { kind: 'cholesky', ncol, rank: ncol, aliased: new Uint8Array(ncol), l, scale, qr: null };
}

/** Cholesky path for X'WX computed from x and w (see {@link choleskyFromGram}). */
export function choleskyWeighted(
  x: Float64Array,
  nrow: number,
  ncol: number,
  w: Float64Array,
): WeightedFactor | null {
  return choleskyFromGram(gramAndScore(x, nrow, ncol, w, null).a, ncol);
}

/** Solve (X'WX) delta = rhs with the Cholesky path. */
export function choleskyWeightedSolve(factor: WeightedFactor, rhs: Float64Array): Float64Array {
  const { l, scale, ncol } = factor as { l: Float64Array; scale: Float64Array; ncol: number };
  const b = new Float64Array(ncol);
  for (let j = 0; j < ncol; j++) b[j] = rhs[j] * scale[j];
  const s = choleskySolve(l, ncol, b);
  for (let j = 0; j < ncol; j++) s[j] *= scale[j];
  return s;
}

/**
 * R's path: QR (dqrdc2, tolerance `tol`) of W^(1/2) X. Returns the factor and the row scaling
 * sqrt(w) so the caller can form W^(1/2) z.
 */
export function qrWeighted(
  x: Float64Array,
  nrow: number,
  ncol: number,
  w: Float64Array,
  tol: number,
): { factor: WeightedFactor; sqrtW: Float64Array } {
  const sqrtW = new Float64Array(nrow);
  for (let i = 0; i < nrow; i++) sqrtW[i] = Math.sqrt(w[i]);
  const xw = new Float64Array(nrow * ncol);
  for (let j = 0; j < ncol; j++) {
    const cj = j * nrow;
    for (let i = 0; i < nrow; i++) xw[cj + i] = x[cj + i] * sqrtW[i];
  }
  const qr = qrDecompose(xw, nrow, ncol, tol);
  const aliased = new Uint8Array(ncol);
  for (let j = qr.rank; j < ncol; j++) aliased[qr.pivot[j]] = 1;
  return {
    factor: { kind: 'qr', ncol, rank: qr.rank, aliased, l: null, scale: null, qr },
    sqrtW,
  };
}

/**
 * (X'WX)^-1 over the estimable columns, in the original column order; rows and columns of
 * aliased coefficients are NaN (R's `summary.glm` cov.unscaled, padded).
 */
export function unscaledCovariance(factor: WeightedFactor): Float64Array {
  const p = factor.ncol;
  const out = new Float64Array(p * p);
  if (factor.kind === 'cholesky') {
    const inv = choleskyInverse(factor.l as Float64Array, p);
    const s = factor.scale as Float64Array;
    for (let j = 0; j < p; j++)
      for (let i = 0; i < p; i++) out[j * p + i] = inv[j * p + i] * s[i] * s[j];
    return out;
  }
  const qr = factor.qr as QR;
  const k = qr.rank;
  out.fill(Number.NaN);
  // R^-1 (k x k, upper, pivoted order); cov = R^-1 R^-T.
  const ri = qrRInverse(qr);
  for (let a = 0; a < k; a++) {
    for (let b = 0; b <= a; b++) {
      let s = 0;
      for (let m = Math.max(a, b); m < k; m++) s += ri[m * k + a] * ri[m * k + b];
      const pa = qr.pivot[a];
      const pb = qr.pivot[b];
      out[pb * p + pa] = s;
      out[pa * p + pb] = s;
    }
  }
  return out;
}
