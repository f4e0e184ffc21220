/**
 * Weighted means and variances as MatchIt computes them (its `wm`, `wvar`, `pooled_sd`), and R's
 * type-7 quantile.
 */

/** sum(x w) / sum(w) over the given indices (every weight 1 when `w` is null). */
export function weightedMean(
  x: ArrayLike<number>,
  w: ArrayLike<number> | null,
  idx: ArrayLike<number>,
): number {
  let sx = 0;
  let sw = 0;
  for (let j = 0; j < idx.length; j++) {
    const i = idx[j]!;
    const wi = w === null ? 1 : w[i]!;
    sx += x[i]! * wi;
    sw += wi;
  }
  return sx / sw;
}

/**
 * MatchIt's `wvar`: for a binary variable p(1 - p) with p the weighted mean; otherwise the
 * reliability-weights variance sum(w (x - m)^2) / (1 - sum(w^2)) with w normalised to sum 1
 * (the sample variance when all weights are equal).
 */
export function weightedVariance(
  x: ArrayLike<number>,
  w: ArrayLike<number> | null,
  idx: ArrayLike<number>,
  binary: boolean,
): number {
  let sw = 0;
  for (let j = 0; j < idx.length; j++) sw += w === null ? 1 : w[idx[j]!]!;
  let mean = 0;
  for (let j = 0; j < idx.length; j++) {
    const i = idx[j]!;
    mean += ((w === null ? 1 : w[i]!) / sw) * x[i]!;
  }
  if (binary) return mean * (1 - mean);
  let ss = 0;
  let sw2 = 0;
  for (let j = 0; j < idx.length; j++) {
    const i = idx[j]!;
    const wi = (w === null ? 1 : w[i]!) / sw;
    ss += wi * (x[i]! - mean) ** 2;
    sw2 += wi * wi;
  }
  return ss / (1 - sw2);
}

/**
 * MatchIt's `pooled_sd` without sampling weights. `equal`: sqrt of the mean of the two groups'
 * variances; `proportional`: the within-group variance about each group's mean, on n - 2 degrees
 * of freedom (for a binary variable, sum over groups of s (1 - s / n_g) / n).
 */
export function pooledSd(
  x: ArrayLike<number>,
  treat: ArrayLike<number>,
  binary: boolean,
  contribution: 'equal' | 'proportional',
): number {
  const groups = [0, 1].map((g) => indicesWhere(treat, g));
  if (contribution === 'equal') {
    const v = groups.map((idx) => weightedVariance(x, null, idx, binary));
    return Math.sqrt((v[0]! + v[1]!) / 2);
  }
  const n = x.length;
  let total = 0;
  if (binary) {
    for (const idx of groups) {
      let s = 0;
      for (const i of idx) s += x[i]!;
      total += (s * (1 - s / idx.length)) / n;
    }
    return Math.sqrt(total);
  }
  for (const idx of groups) {
    const mean = weightedMean(x, null, idx);
    for (const i of idx) total += (x[i]! - mean) ** 2;
  }
  return Math.sqrt(total / (n - groups.length));
}

/** Indices i with values[i] === value. */
export function indicesWhere(values: ArrayLike<number>, value: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < values.length; i++) if (values[i] === value) out.push(i);
  return out;
}

/** R's `quantile(x, probs)` (type 7). */
export function quantile7(values: readonly number[], probs: readonly number[]): number[] {
  const x = [...values].sort((a, b) => a - b);
  const n = x.length;
  return probs.map((p) => {
    const index = 1 + Math.max(n - 1, 0) * p;
    const lo = Math.floor(index);
    const hi = Math.ceil(index);
    const qs = x[lo - 1]!;
    const xhi = x[hi - 1]!;
    if (!(index > lo && xhi !== qs)) return qs;
    const h = index - lo;
    return (1 - h) * qs + h * xhi;
  });
}

/** R's `seq(from, to, length.out = n)`. */
export function sequence(from: number, to: number, n: number): number[] {
  if (n === 1) return [from];
  if (n === 2) return [from, to];
  if (from === to) return new Array(n).fill(from);
  const by = (to - from) / (n - 1);
  const out = [from];
  for (let i = 1; i < n - 1; i++) out.push(from + i * by);
  out.push(to);
  return out;
}

/** R's `findInterval(x, breaks)`: the number of breaks <= x (breaks sorted ascending). */
export function findInterval(x: number, breaks: readonly number[]): number {
  let lo = 0;
  let hi = breaks.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (breaks[mid]! <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
