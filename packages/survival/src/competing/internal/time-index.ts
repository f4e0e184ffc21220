/**
 * Distinct times and the index of each observation's time among them.
 *
 * Contract: `time` holds finite numbers (length n). `distinctTimes` returns the sorted distinct
 * values and, for each observation, the 0-based position of its value in that list.
 * `fixTies` is R survival's `aeqSurv` (used by `survfit` with the default `timefix = TRUE`):
 * sorted distinct times whose gap is at most sqrt(.Machine$double.eps), absolutely or relative to
 * mean(|t|), are merged into the first of the run, so that 0.1 + 0.2 and 0.3 are one time.
 */

const AEQ_TOLERANCE = Math.sqrt(2.220446049250313e-16);

export interface TimeIndex {
  /** Sorted distinct times. */
  unique: Float64Array;
  /** For each observation, the index of its time in `unique`. */
  index: Int32Array;
}

/** Sorted distinct values (a Set first: data usually have far fewer distinct times than rows). */
export function sortedUnique(time: Float64Array): Float64Array {
  const seen = new Set<number>();
  for (let i = 0; i < time.length; i++) seen.add(time[i]);
  return Float64Array.from(seen).sort();
}

/** Largest position p with values[p] <= x, or -1. */
export function findInterval(values: Float64Array, x: number): number {
  let lo = 0;
  let hi = values.length - 1;
  if (hi < 0 || x < values[0]) return -1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (values[mid] <= x) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

export function distinctTimes(time: Float64Array): TimeIndex {
  // One hash pass gives provisional ids in order of first appearance; ranking the (usually few)
  // distinct values then maps ids to sorted positions.
  const ids = new Map<number, number>();
  const provisional = new Int32Array(time.length);
  const values: number[] = [];
  for (let i = 0; i < time.length; i++) {
    const t = time[i];
    let id = ids.get(t);
    if (id === undefined) {
      id = values.length;
      ids.set(t, id);
      values.push(t);
    }
    provisional[i] = id;
  }
  const order = values.map((_, k) => k).sort((a, b) => values[a] - values[b]);
  const unique = new Float64Array(values.length);
  const rank = new Int32Array(values.length);
  order.forEach((k, r) => {
    unique[r] = values[k];
    rank[k] = r;
  });
  const index = new Int32Array(time.length);
  for (let i = 0; i < time.length; i++) index[i] = rank[provisional[i]];
  return { unique, index };
}

/**
 * R's aeqSurv: returns `time` itself when no distinct times are within tolerance, otherwise a
 * copy with each time replaced by the first time of its run of near-ties.
 */
export function fixTies(
  time: Float64Array,
  sorted?: Float64Array,
): { time: Float64Array; changed: boolean } {
  const unique = sorted ?? sortedUnique(time);
  const m = unique.length;
  if (m < 2) return { time, changed: false };
  let meanAbs = 0;
  for (let i = 0; i < m; i++) meanAbs += Math.abs(unique[i]);
  meanAbs /= m;
  const keep = new Uint8Array(m);
  keep[0] = 1;
  let anyTied = false;
  for (let i = 1; i < m; i++) {
    const dy = unique[i] - unique[i - 1];
    const tied = dy <= AEQ_TOLERANCE || dy / meanAbs <= AEQ_TOLERANCE;
    if (tied) anyTied = true;
    else keep[i] = 1;
  }
  if (!anyTied) return { time, changed: false };
  let c = 0;
  for (let i = 0; i < m; i++) if (keep[i]) c++;
  const cuts = new Float64Array(c);
  c = 0;
  for (let i = 0; i < m; i++) if (keep[i]) cuts[c++] = unique[i];
  const fixed = new Float64Array(time.length);
  for (let i = 0; i < time.length; i++) fixed[i] = cuts[findInterval(cuts, time[i])];
  return { time: fixed, changed: true };
}
