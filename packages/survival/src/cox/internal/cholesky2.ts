/**
 * The generalised Cholesky decomposition survival's Cox code uses (cholesky2.c, chsolve2.c,
 * chinv2.c): A = F D F' with F unit lower triangular and D diagonal. A column whose pivot falls
 * below `toler` times the largest diagonal is declared redundant: its D entry is set to 0, the
 * solve gives 0 for it and the inverse has a zero row and column. This is how coxph marks an
 * aliased coefficient (NA) instead of failing. It differs from @muster/core's `cholesky`, which
 * reports a matrix that is not positive definite as null.
 *
 * Contract: matrices are n x n, column-major Float64Array; only the upper triangle (a[i + j n]
 * with i <= j) of the input is read. `cholesky2` overwrites the lower triangle and diagonal with
 * F and D and returns the rank (negative when the matrix is not non-negative definite).
 */

/** Factor in place; returns the rank, or -rank when the matrix is not non-negative definite. */
export function cholesky2(a: Float64Array, n: number, toler: number): number {
  let eps = 0;
  let nonneg = 1;
  for (let i = 0; i < n; i++) {
    if (a[i + i * n] > eps) eps = a[i + i * n];
    // copy the upper triangle into the lower one
    for (let j = i + 1; j < n; j++) a[j + i * n] = a[i + j * n];
  }
  if (eps === 0) {
    for (let i = 0; i < n; i++) a[i + i * n] = 0;
    return 0;
  }
  eps *= toler;
  let rank = 0;
  for (let i = 0; i < n; i++) {
    const pivot = a[i + i * n];
    if (!Number.isFinite(pivot) || pivot < eps) {
      a[i + i * n] = 0;
      if (pivot < -8 * eps) nonneg = -1;
    } else {
      rank++;
      for (let j = i + 1; j < n; j++) {
        const temp = a[j + i * n] / pivot;
        a[j + i * n] = temp;
        a[j + j * n] -= temp * temp * pivot;
        for (let k = j + 1; k < n; k++) a[k + j * n] -= temp * a[k + i * n];
      }
    }
  }
  return rank * nonneg;
}

/** Solve A b = y in place given the factor from {@link cholesky2}; redundant columns get 0. */
export function chsolve2(a: Float64Array, n: number, y: Float64Array): void {
  for (let i = 0; i < n; i++) {
    let temp = y[i];
    for (let j = 0; j < i; j++) temp -= y[j] * a[i + j * n];
    y[i] = temp;
  }
  for (let i = n - 1; i >= 0; i--) {
    const d = a[i + i * n];
    if (d === 0) y[i] = 0;
    else {
      let temp = y[i] / d;
      for (let j = i + 1; j < n; j++) temp -= y[j] * a[j + i * n];
      y[i] = temp;
    }
  }
}

/**
 * Inverse from the factor of {@link cholesky2}, returned as a new full symmetric matrix
 * (column-major); rows and columns of redundant columns are 0.
 */
export function chinv2(factor: Float64Array, n: number): Float64Array {
  // M(r, c) = m[r + c n] plays the role of survival's matrix[r][c]
  const m = Float64Array.from(factor);
  // invert the Cholesky factor in the lower triangle
  for (let i = 0; i < n; i++) {
    const ii = i + i * n;
    if (m[ii] > 0) {
      m[ii] = 1 / m[ii];
      for (let j = i + 1; j < n; j++) {
        m[j + i * n] = -m[j + i * n];
        for (let k = 0; k < i; k++) m[j + k * n] += m[j + i * n] * m[i + k * n];
      }
    }
  }
  // F' D F gives the inverse in the upper triangle
  for (let i = 0; i < n; i++) {
    if (m[i + i * n] === 0) {
      for (let j = 0; j < i; j++) m[j + i * n] = 0;
      for (let j = i; j < n; j++) m[i + j * n] = 0;
    } else {
      for (let j = i + 1; j < n; j++) {
        const temp = m[j + i * n] * m[j + j * n];
        m[i + j * n] = temp;
        for (let k = i; k < j; k++) m[i + k * n] += temp * m[j + k * n];
      }
    }
  }
  const out = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = i; j < n; j++) {
      const v = m[i + j * n];
      out[i + j * n] = v;
      out[j + i * n] = v;
    }
  }
  return out;
}
