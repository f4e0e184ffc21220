/**
 * Level-1 kernels on strided-free slices of Float64Array (the BLAS routines LINPACK's dqrdc2
 * and dqrsl call). Contract: `x[xo .. xo + n)` and `y[yo .. yo + n)` are in bounds; no checks,
 * no allocation.
 */

/** sum_i x[xo + i] * y[yo + i]. */
export function dot(n: number, x: Float64Array, xo: number, y: Float64Array, yo: number): number {
  let s0 = 0;
  let s1 = 0;
  let i = 0;
  const m = n - (n % 2);
  for (; i < m; i += 2) {
    s0 += x[xo + i] * y[yo + i];
    s1 += x[xo + i + 1] * y[yo + i + 1];
  }
  if (i < n) s0 += x[xo + i] * y[yo + i];
  return s0 + s1;
}

/** y[yo + i] += alpha * x[xo + i]. */
export function axpy(
  n: number,
  alpha: number,
  x: Float64Array,
  xo: number,
  y: Float64Array,
  yo: number,
): void {
  for (let i = 0; i < n; i++) y[yo + i] += alpha * x[xo + i];
}

/**
 * Euclidean norm of x[xo .. xo + n). Sums squares directly and falls back to the scaled
 * recurrence of the reference BLAS dnrm2 only when the plain sum overflows or underflows, so
 * huge and tiny columns keep their norm.
 */
export function norm2(n: number, x: Float64Array, xo: number): number {
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const v = x[xo + i];
    sum += v * v;
  }
  if (sum > 1e-280 && sum < 1e280) return Math.sqrt(sum);
  if (Number.isNaN(sum)) return Number.NaN;
  let scale = 0;
  let ssq = 1;
  for (let i = 0; i < n; i++) {
    const v = x[xo + i];
    if (v !== 0) {
      const a = Math.abs(v);
      if (scale < a) {
        const r = scale / a;
        ssq = 1 + ssq * r * r;
        scale = a;
      } else {
        const r = a / scale;
        ssq += r * r;
      }
    }
  }
  return scale * Math.sqrt(ssq);
}
