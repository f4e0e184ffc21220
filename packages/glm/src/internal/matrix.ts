/**
 * Small dense kernels on column-major matrices used by the IRLS loop. Contract: `x` is
 * nrow x ncol column-major; output arrays are supplied by the caller and fully overwritten;
 * no allocation, no checks (the public functions validate).
 */

/** out = X beta + offset (offset may be null). Column-oriented: contiguous axpy per column. */
export function linearPredictor(
  x: Float64Array,
  nrow: number,
  ncol: number,
  beta: ArrayLike<number>,
  offset: Float64Array | null,
  out: Float64Array,
): void {
  if (offset === null) out.fill(0, 0, nrow);
  else for (let i = 0; i < nrow; i++) out[i] = offset[i];
  for (let j = 0; j < ncol; j++) {
    const b = beta[j];
    if (b === 0) continue;
    const cj = j * nrow;
    for (let i = 0; i < nrow; i++) out[i] += b * x[cj + i];
  }
}

/** Copy of the columns `keep` (0-based, in order) of x: nrow x keep.length. */
export function selectColumns(
  x: Float64Array,
  nrow: number,
  keep: ArrayLike<number>,
): Float64Array {
  const out = new Float64Array(nrow * keep.length);
  for (let k = 0; k < keep.length; k++) {
    out.set(x.subarray(keep[k] * nrow, (keep[k] + 1) * nrow), k * nrow);
  }
  return out;
}

/** out = a b a (all p x p column-major): the sandwich. */
export function sandwichProduct(a: Float64Array, b: Float64Array, p: number): Float64Array {
  const ab = new Float64Array(p * p);
  for (let j = 0; j < p; j++) {
    for (let k = 0; k < p; k++) {
      const bkj = b[j * p + k];
      if (bkj === 0) continue;
      for (let i = 0; i < p; i++) ab[j * p + i] += a[k * p + i] * bkj;
    }
  }
  const out = new Float64Array(p * p);
  for (let j = 0; j < p; j++) {
    for (let k = 0; k < p; k++) {
      const akj = a[j * p + k];
      if (akj === 0) continue;
      for (let i = 0; i < p; i++) out[j * p + i] += ab[k * p + i] * akj;
    }
  }
  // Symmetrise against rounding.
  for (let j = 0; j < p; j++) {
    for (let i = j + 1; i < p; i++) {
      const m = 0.5 * (out[j * p + i] + out[i * p + j]);
      out[j * p + i] = m;
      out[i * p + j] = m;
    }
  }
  return out;
}
