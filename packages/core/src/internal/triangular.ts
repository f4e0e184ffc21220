/**
 * Contract: solves L x = b in place for one right-hand side stored at b[bo .. bo + n). L is the
 * lower triangle of the n x n block of `l` with leading dimension ldl. Column-oriented forward
 * substitution (LINPACK dtrsl job 00): contiguous access down each column of L. A zero diagonal
 * gives Infinity/NaN, never a throw.
 */
export function forwardSubstitute(
  l: Float64Array,
  n: number,
  ldl: number,
  b: Float64Array,
  bo: number,
): void {
  for (let j = 0; j < n; j++) {
    const cj = j * ldl;
    const xj = b[bo + j] / l[cj + j];
    b[bo + j] = xj;
    if (xj !== 0) for (let i = j + 1; i < n; i++) b[bo + i] -= xj * l[cj + i];
  }
}

/**
 * Contract: solves R x = b in place for one right-hand side stored at b[bo .. bo + n). R is the
 * upper triangle of the n x n block of `r` with leading dimension ldr. Column-oriented back
 * substitution as in LINPACK dqrsl (job 100): x[j] = b[j] / r[j, j], then b[0..j) -= x[j] r[0..j, j].
 * A zero diagonal gives Infinity/NaN, never a throw.
 */
export function backSubstitute(
  r: Float64Array,
  n: number,
  ldr: number,
  b: Float64Array,
  bo: number,
): void {
  for (let j = n - 1; j >= 0; j--) {
    const cj = j * ldr;
    const xj = b[bo + j] / r[cj + j];
    b[bo + j] = xj;
    if (xj !== 0) for (let i = 0; i < j; i++) b[bo + i] -= xj * r[cj + i];
  }
}

/**
 * Contract: solves L' x = b in place for one right-hand side at b[bo .. bo + n), where L is the
 * lower triangle of the n x n block of `l` (leading dimension ldl). Row j of L' is column j of L,
 * so each step is a contiguous dot product: x[j] = (b[j] - L[j+1.., j] . x[j+1..]) / L[j, j].
 */
export function backSubstituteTransposed(
  l: Float64Array,
  n: number,
  ldl: number,
  b: Float64Array,
  bo: number,
): void {
  for (let j = n - 1; j >= 0; j--) {
    const cj = j * ldl;
    let s = b[bo + j];
    for (let i = j + 1; i < n; i++) s -= l[cj + i] * b[bo + i];
    b[bo + j] = s / l[cj + j];
  }
}

/**
 * Contract: writes the inverse of the upper triangular k x k block of `r` (leading dimension ldr)
 * into `out` (k x k column-major, zeros below the diagonal). Column j of R^-1 solves R x = e_j and
 * has zeros below row j, so only the leading (j + 1) block is back-substituted. A zero diagonal
 * gives non-finite entries.
 */
export function invertUpper(r: Float64Array, k: number, ldr: number, out: Float64Array): void {
  out.fill(0);
  for (let j = 0; j < k; j++) {
    const cj = j * k;
    out[cj + j] = 1;
    backSubstitute(r, j + 1, ldr, out, cj);
  }
}

/**
 * Contract: writes the inverse of the lower triangular n x n block of `l` (leading dimension ldl)
 * into `out` (n x n column-major, zeros above the diagonal). Column j of L^-1 solves L x = e_j and
 * is zero above row j, so the forward substitution starts at row j.
 */
export function invertLower(l: Float64Array, n: number, ldl: number, out: Float64Array): void {
  out.fill(0);
  for (let j = 0; j < n; j++) {
    const cj = j * n;
    out[cj + j] = 1;
    for (let c = j; c < n; c++) {
      const cc = c * ldl;
      const xc = out[cj + c] / l[cc + c];
      out[cj + c] = xc;
      if (xc !== 0) for (let i = c + 1; i < n; i++) out[cj + i] -= xc * l[cc + i];
    }
  }
}
