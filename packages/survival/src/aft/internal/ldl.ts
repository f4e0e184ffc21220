/**
 * Generalised Cholesky (LDL') with a relative pivot tolerance, as R survival's cholesky2/
 * cholesky3, chsolve2 and chinv2, which survreg uses both to take Newton steps and to invert the
 * information matrix. Unlike a plain Cholesky it does not fail on a singular matrix: a pivot
 * below toler * max(diagonal) is set to zero and its column is dropped, so the solve returns 0
 * for that coefficient and the inverse has a zero row and column (R then reports the coefficient
 * as NA).
 *
 * Contract: `a` is a symmetric n x n matrix, column-major (only the lower triangle is read).
 * `ldlFactor` returns the factor (unit-lower L below the diagonal, D on it) and `rank * sign`,
 * where sign is -1 when some pivot is clearly negative (< -8 eps): the matrix is then not
 * positive semi-definite and survreg switches to the J'J matrix for the step.
 */
export interface LdlFactor {
  /** Column-major n x n: L strictly below the diagonal, D on the diagonal (0 = dropped). */
  factor: Float64Array;
  n: number;
  /** Number of non-dropped pivots, negated when the matrix is not positive semi-definite. */
  flag: number;
}

export function ldlFactor(a: Float64Array, n: number, toler: number): LdlFactor {
  const m = new Float64Array(n * n);
  let eps = 0;
  for (let i = 0; i < n; i++) {
    if (a[i * n + i] > eps) eps = a[i * n + i];
    for (let j = i; j < n; j++) m[i * n + j] = a[i * n + j]; // column i, rows j >= i
  }
  eps = eps === 0 ? toler : eps * toler;
  let rank = 0;
  let nonneg = 1;
  for (let i = 0; i < n; i++) {
    const pivot = m[i * n + i];
    if (!Number.isFinite(pivot) || pivot < eps) {
      m[i * n + i] = 0;
      if (pivot < -8 * eps) nonneg = -1;
      for (let j = i + 1; j < n; j++) m[i * n + j] = 0;
      continue;
    }
    rank++;
    for (let j = i + 1; j < n; j++) {
      const temp = m[i * n + j] / pivot;
      m[i * n + j] = temp;
      m[j * n + j] -= temp * temp * pivot;
      for (let k = j + 1; k < n; k++) m[j * n + k] -= temp * m[i * n + k];
    }
  }
  return { factor: m, n, flag: rank * nonneg };
}

/** Solve A x = y with the factor (chsolve2); dropped pivots give 0. Returns a new array. */
export function ldlSolve(ldl: LdlFactor, y: Float64Array): Float64Array {
  const { factor: m, n } = ldl;
  const x = Float64Array.from(y);
  for (let i = 0; i < n; i++) {
    let temp = x[i];
    for (let j = 0; j < i; j++) temp -= x[j] * m[j * n + i];
    x[i] = temp;
  }
  for (let i = n - 1; i >= 0; i--) {
    const d = m[i * n + i];
    if (d === 0) {
      x[i] = 0;
      continue;
    }
    let temp = x[i] / d;
    for (let j = i + 1; j < n; j++) temp -= x[j] * m[i * n + j];
    x[i] = temp;
  }
  return x;
}

/** Inverse (generalised: zero rows and columns for dropped pivots) as a full symmetric matrix. */
export function ldlInverse(ldl: LdlFactor): Float64Array {
  const n = ldl.n;
  const inverse = new Float64Array(n * n);
  const unit = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    unit.fill(0);
    unit[j] = 1;
    const column = ldlSolve(ldl, unit);
    for (let i = 0; i < n; i++) inverse[j * n + i] = column[i];
  }
  for (let i = 0; i < n; i++) {
    if (ldl.factor[i * n + i] !== 0) continue;
    for (let j = 0; j < n; j++) {
      inverse[i * n + j] = 0;
      inverse[j * n + i] = 0;
    }
  }
  // Symmetrise against rounding.
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < i; j++) {
      const v = 0.5 * (inverse[j * n + i] + inverse[i * n + j]);
      inverse[j * n + i] = v;
      inverse[i * n + j] = v;
    }
  }
  return inverse;
}
