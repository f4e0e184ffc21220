/**
 * Sample quantile, R's default `quantile(x, p, type = 7)`: index = 1 + (n - 1) p,
 * q = (1 - h) x[lo] + h x[hi] with lo = floor(index), hi = ceiling(index), h = index - lo.
 * `sorted` must be ascending without NaN.
 */
export function quantileSorted(sorted: ArrayLike<number>, p: number): number {
  const n = sorted.length;
  if (n === 0) return Number.NaN;
  const index = (n - 1) * p;
  const lo = Math.floor(index);
  const hi = Math.ceil(index);
  const low = sorted[lo];
  const h = index - lo;
  if (!(index > lo) || sorted[hi] === low) return low;
  return (1 - h) * low + h * sorted[hi];
}

/** Quantiles at several probabilities of an unsorted sample (copied, then sorted). */
export function quantiles(sample: ArrayLike<number>, probabilities: readonly number[]): number[] {
  const sorted = Float64Array.from(sample).sort();
  return probabilities.map((p) => quantileSorted(sorted, p));
}
