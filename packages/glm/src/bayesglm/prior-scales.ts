/**
 * The spreads that arm::bayesglm divides its prior scales by when `scaled` (Gelman, Jakulin,
 * Pittau & Su 2008, section 2.1): max - min for a column with two distinct values (a binary input
 * or a treatment dummy), 2 sd for one with more, 1 for a constant column (the intercept).
 *
 * Contract: `x` is nrow x ncol column-major; returns one spread per column (all 1 when not scaled).
 */

/** R's sd(): the square root of the (n - 1) variance, by two passes. */
function standardDeviation(v: Float64Array): number {
  const n = v.length;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += v[i];
  mean /= n;
  let ss = 0;
  for (let i = 0; i < n; i++) ss += (v[i] - mean) * (v[i] - mean);
  return Math.sqrt(ss / (n - 1));
}

/** arm's x.scale of one column. */
export function inputSpread(column: Float64Array): number {
  const distinct = new Set<number>();
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (const v of column) {
    if (distinct.size < 3) distinct.add(v);
    if (v < min) min = v;
    if (v > max) max = v;
  }
  if (distinct.size === 2) return max - min;
  if (distinct.size > 2) return 2 * standardDeviation(column);
  return 1;
}

export function inputSpreads(
  x: Float64Array,
  nrow: number,
  ncol: number,
  scaled: boolean,
): Float64Array {
  const out = new Float64Array(ncol).fill(1);
  if (!scaled) return out;
  for (let j = 0; j < ncol; j++) out[j] = inputSpread(x.subarray(j * nrow, (j + 1) * nrow));
  return out;
}
