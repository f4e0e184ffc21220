import { invertLower } from './triangular.ts';

/**
 * Contract: `a` is n x n column-major; only its lower triangle (i >= j) is read. Writes the lower
 * Cholesky factor L (a = L L') into `out` (n x n, zeros above the diagonal) and returns -1, or
 * returns the 0-based column j at which the matrix is found not positive definite (then `out` is
 * partially written). `a` and `out` may be the same array.
 *
 * Left-looking column algorithm (Golub & Van Loan, Matrix Computations, 4th ed., Alg. 4.2.1):
 * column j of L is a[j:, j] minus L[j:, k] L[j, k] for k < j (contiguous axpy updates), then
 * divided by sqrt of its diagonal. A pivot d is accepted when d > n * eps * a[j, j]: below that
 * the pivot is rounding noise of a numerically singular matrix, as for an exactly collinear
 * design, and treating it as positive would produce an inverse of size 1/eps.
 */
export function choleskyFactor(a: Float64Array, n: number, out: Float64Array): number {
  const relative = Math.max(n, 1) * Number.EPSILON;
  for (let j = 0; j < n; j++) {
    const cj = j * n;
    const ajj = a[cj + j];
    if (out !== a) for (let i = j; i < n; i++) out[cj + i] = a[cj + i];
    for (let k = 0; k < j; k++) {
      const ck = k * n;
      const t = out[ck + j];
      if (t !== 0) for (let i = j; i < n; i++) out[cj + i] -= t * out[ck + i];
    }
    const d = out[cj + j];
    if (!(d > relative * Math.abs(ajj)) || !Number.isFinite(d)) return j;
    const root = Math.sqrt(d);
    out[cj + j] = root;
    const inverse = 1 / root;
    for (let i = j + 1; i < n; i++) out[cj + i] *= inverse;
    for (let i = 0; i < j; i++) out[cj + i] = 0;
  }
  return -1;
}

/**
 * Contract: `l` is an n x n lower Cholesky factor (column-major); writes (L L')^-1 = L^-T L^-1,
 * full and exactly symmetric, into a new array. Work: L^-1 by forward substitution (n^3 / 3),
 * then the upper triangle of L^-T L^-1 from dot products of columns of L^-1 (which are zero
 * above their diagonal), mirrored into the lower triangle.
 */
export function inverseFromFactor(l: Float64Array, n: number): Float64Array {
  const li = new Float64Array(n * n);
  invertLower(l, n, n, li);
  const out = new Float64Array(n * n);
  for (let j = 0; j < n; j++) {
    const cj = j * n;
    for (let i = 0; i <= j; i++) {
      // (L^-T L^-1)[i, j] = sum_k L^-1[k, i] L^-1[k, j], with L^-1[k, j] = 0 for k < j.
      const ci = i * n;
      let s = 0;
      for (let k = j; k < n; k++) s += li[ci + k] * li[cj + k];
      out[cj + i] = s;
      out[ci + j] = s;
    }
  }
  return out;
}
