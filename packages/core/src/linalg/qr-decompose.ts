import { InvalidArgumentError } from '../errors.ts';
import { axpy, dot, norm2 } from '../internal/blas.ts';
import { checkDimension, checkLength } from '../internal/check.ts';

/**
 * A compact QR decomposition in LINPACK's format (R's `qr()` with `LAPACK = FALSE`).
 *
 * `qr` holds R in its upper triangle (columns in pivoted order) and the Householder vectors below
 * the diagonal; `qraux` holds the leading element of each Householder vector. Column j of the
 * factorised matrix is column `pivot[j]` of the input; the first `rank` columns are the linearly
 * independent ones, the rest were found aliased.
 */
export interface QR {
  /** nrow x ncol column-major: R on and above the diagonal, Householder vectors below it. */
  qr: Float64Array;
  /** Length ncol: first component of each Householder vector (R's `qr$qraux`). */
  qraux: Float64Array;
  /** Length ncol, 0-based: column j of `qr` is column pivot[j] of the input (R's `qr$pivot - 1`). */
  pivot: Int32Array;
  /** Numerical rank: columns 0..rank-1 of `qr` are used, the rest are aliased. */
  rank: number;
  /** Rows of the decomposed matrix. */
  nrow: number;
  /** Columns of the decomposed matrix. */
  ncol: number;
}

/**
 * Householder QR decomposition with R's limited column pivoting: a port of LINPACK `dqrdc2` as
 * modified for R (Ross Ihaka 1995, Brian Ripley 1999), the decomposition behind `qr()`, `lm()` and
 * `glm()`, so the rank, the pivot and the aliased (NA) coefficients agree with R.
 *
 * At step l, a column whose remaining norm (below row l, after the previous reflections) has
 * fallen below `tol` times its original norm is moved to the right-hand edge and the columns after
 * it shift left; the step repeats until a column with a non-negligible norm is found. Unlike
 * LINPACK dqrdc's greedy pivoting, the order of the independent columns is preserved, so
 * sequential one-degree-of-freedom effects keep their meaning. See docs/algorithm.md.
 *
 * Reference: Dongarra, Bunch, Moler & Stewart, *LINPACK Users' Guide* (SIAM, 1979), ch. 9;
 * R sources src/appl/dqrdc2.f.
 *
 * Note: `lm()` uses tol = 1e-7 (the default here); `glm.fit` calls the same code with
 * tol = min(1e-7, epsilon / 1000) = 1e-11 under the default `glm.control()`.
 *
 * @param x - nrow x ncol matrix, column-major (not modified)
 * @param nrow - rows (non-negative integer)
 * @param ncol - columns (non-negative integer)
 * @param tol - relative norm below which a column counts as linearly dependent on the previous
 *   ones (non-negative; default 1e-7)
 * @returns the decomposition with rank and 0-based pivot
 * @throws InvalidArgumentError when dimensions, length or tol are invalid
 * @example
 * ```ts
 * // The second column is twice the first: rank 2, and it is pivoted to the end.
 * const qr = qrDecompose(new Float64Array([1, 1, 1, 2, 2, 2, 1, 2, 4]), 3, 3);
 * [qr.rank, Array.from(qr.pivot)];
 * // => [2, [0, 2, 1]]
 * ```
 */
export function qrDecompose(x: Float64Array, nrow: number, ncol: number, tol = 1e-7): QR {
  checkDimension('qrDecompose', 'nrow', nrow);
  checkDimension('qrDecompose', 'ncol', ncol);
  checkLength('qrDecompose', 'x', x, nrow * ncol, 'nrow * ncol');
  if (!(tol >= 0)) {
    throw new InvalidArgumentError('tol', `qrDecompose requires tol >= 0; received ${tol}`);
  }
  const n = nrow;
  const p = ncol;
  const a = Float64Array.from(x);
  const qraux = new Float64Array(p);
  const pivot = new Int32Array(p);
  // work2: original norm of each column (1 for a zero column). (dqrdc2's work(,1), the norm at
  // the last recomputation, is never read by the rank test and is not kept.)
  const work2 = new Float64Array(p);
  const saved = new Float64Array(n);
  for (let j = 0; j < p; j++) {
    pivot[j] = j;
    if (n > 0) {
      const norm = norm2(n, a, j * n);
      qraux[j] = norm;
      work2[j] = norm === 0 ? 1 : norm;
    }
  }

  const lup = Math.min(n, p);
  // Columns kk..p-1 have been moved to the end as negligible (dqrdc2's k is kk + 1).
  let kk = p;
  for (let l = 0; l < lup; l++) {
    // Cycle negligible columns to the right-hand edge. Written so that a NaN norm also moves the
    // column, as the Fortran test `qraux(l) .ge. work(l,2)*tol` is false for NaN.
    while (!(l >= kk || qraux[l] >= work2[l] * tol)) {
      const cl = l * n;
      for (let i = 0; i < n; i++) saved[i] = a[cl + i];
      a.copyWithin(cl, cl + n, p * n);
      a.set(saved, (p - 1) * n);
      const pv = pivot[l];
      const q = qraux[l];
      const w2 = work2[l];
      for (let j = l + 1; j < p; j++) {
        pivot[j - 1] = pivot[j];
        qraux[j - 1] = qraux[j];
        work2[j - 1] = work2[j];
      }
      pivot[p - 1] = pv;
      qraux[p - 1] = q;
      work2[p - 1] = w2;
      kk--;
    }
    if (l === n - 1) continue; // the last row: no reflection needed (qraux[l] keeps the norm)

    // Householder reflection for column l: v = x[l:, l] / nrmxl, v[0] += 1, with
    // nrmxl = sign(x[l, l]) ||x[l:, l]|| so that v[0] >= 1 (no cancellation).
    const cl = l * n;
    let nrmxl = norm2(n - l, a, cl + l);
    if (nrmxl === 0) continue;
    if (a[cl + l] < 0) nrmxl = -nrmxl;
    const scale = 1 / nrmxl;
    for (let i = l; i < n; i++) a[cl + i] *= scale;
    a[cl + l] += 1;
    const vl = a[cl + l];

    // Apply it to the remaining columns (four at a time, so v is read once per four columns),
    // then downdate their norms.
    let j = l + 1;
    for (; j + 3 < p; j += 4) reflectFour(a, n, l, vl, j);
    for (; j < p; j++) {
      const cj = j * n;
      const t = -dot(n - l, a, cl + l, a, cj + l) / vl;
      axpy(n - l, t, a, cl + l, a, cj + l);
    }
    for (let j = l + 1; j < p; j++) {
      if (qraux[j] === 0) continue;
      const cj = j * n;
      const ratio = Math.abs(a[cj + l]) / qraux[j];
      const tt = Math.max(1 - ratio * ratio, 0);
      // Modified 9/99 by BDR: recompute the norm when it has shrunk a lot (tt < 1e-6 on the
      // squared scale) instead of downdating, since the rank test needs accurate norms.
      if (Math.abs(tt) >= 1e-6) qraux[j] *= Math.sqrt(tt);
      else qraux[j] = norm2(n - l - 1, a, cj + l + 1);
    }
    qraux[l] = vl;
    a[cl + l] = -nrmxl;
  }
  return { qr: a, qraux, pivot, rank: Math.min(kk, n), nrow: n, ncol: p };
}

/**
 * Contract: applies the Householder reflection stored in column l of `a` (rows l..n-1, leading
 * element vl already on the diagonal) to columns j..j+3: x <- x - (v'x / vl) v. One pass for the
 * four dot products and one for the four updates; no allocation.
 */
function reflectFour(a: Float64Array, n: number, l: number, vl: number, j: number): void {
  const cl = l * n;
  const c0 = j * n;
  const c1 = c0 + n;
  const c2 = c1 + n;
  const c3 = c2 + n;
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  for (let i = l; i < n; i++) {
    const v = a[cl + i];
    s0 += v * a[c0 + i];
    s1 += v * a[c1 + i];
    s2 += v * a[c2 + i];
    s3 += v * a[c3 + i];
  }
  const t0 = -s0 / vl;
  const t1 = -s1 / vl;
  const t2 = -s2 / vl;
  const t3 = -s3 / vl;
  for (let i = l; i < n; i++) {
    const v = a[cl + i];
    a[c0 + i] += t0 * v;
    a[c1 + i] += t1 * v;
    a[c2 + i] += t2 * v;
    a[c3 + i] += t3 * v;
  }
}
