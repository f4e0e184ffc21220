/**
 * The data expansion of R survival's `finegray()` (survival 3.5-3, finegray.R and finegray.c):
 * each row that ends in a competing event stays in the risk set after its event, in pieces
 * (t_{j-1}, t_j] between censoring times that hold an event of the cause of interest, with
 * weight G(t_j-)/G(T-) (G the Kaplan-Meier of censoring, times the reverse-time Kaplan-Meier of
 * entry when some subject enters late). A weighted Cox fit on the result is the Fine-Gray model.
 *
 * Contract
 *   start, stop  Float64Array(n): (start, stop] of each row after aeqSurv (right-censored rows
 *                have start = 0, or 2 min(time) - 1 when a time is <= 0, as finegray)
 *   status       Int8Array(n): 0 censored (or a row continued by the subject's next row),
 *                1 the cause of interest, 2 another cause
 *   first, last  Uint8Array(n): the row is the subject's first / last
 *   strata       Int32Array(n): 0..nStrata-1, finegray's strata() (G and H per stratum)
 *   delay        some subject enters after the smallest stop time (the entry correction)
 *   Output       rows of the expanded data by stratum, each source row followed by its added
 *                pieces: `row` (source position), `start`, `stop`, `status` (1 for the cause),
 *                `weight`. A stratum without an event of the cause is left out, as finegray.
 *
 * As finegray, the Kaplan-Meier curves run on the positions of the distinct times, with events
 * moved 0.2 before censoring at the same time, so G(t-) at an event time counts censoring at t
 * as after it.
 */
export interface FineGrayExpansion {
  row: Int32Array;
  start: Float64Array;
  stop: Float64Array;
  status: Int8Array;
  weight: Float64Array;
}

export function fineGrayExpandKernel(
  start: Float64Array,
  stop: Float64Array,
  status: Int8Array,
  first: Uint8Array,
  last: Uint8Array,
  strata: Int32Array,
  nStrata: number,
  delay: boolean,
): FineGrayExpansion {
  const n = stop.length;
  const utime = Float64Array.from(new Set([...start, ...stop])).sort();
  const startIdx = Float64Array.from(start, (t) => lowerBound(utime, t));
  const stopIdx = Float64Array.from(
    stop,
    (t, i) => lowerBound(utime, t) - (status[i] !== 0 ? 0.2 : 0),
  );
  const out = {
    row: [] as number[],
    start: [] as number[],
    stop: [] as number[],
    status: [] as number[],
    weight: [] as number[],
  };
  for (let s = 0; s < nStrata; s++) {
    const rows: number[] = [];
    for (let i = 0; i < n; i++) if (strata[i] === s) rows.push(i);
    const times = [...new Set(rows.filter((i) => status[i] === 1).map((i) => stop[i]))].sort(
      (a, b) => a - b,
    );
    if (times.length === 0) continue;
    let maxtime = Number.NEGATIVE_INFINITY;
    for (const i of rows) maxtime = Math.max(maxtime, stop[i]);
    const censoring = censoringCurve(rows, startIdx, stopIdx, status, last);
    const cuts = delay
      ? combineWithEntry(censoring, entryCurve(rows, startIdx, stopIdx, first))
      : censoring;
    const ct2 = [...cuts.time.map((k) => utime[k]), maxtime];
    const cp2 = [1, ...cuts.prob];
    const keep = new Uint8Array(ct2.length);
    keep[0] = 1;
    for (const t of times) keep[countBelow(ct2, t)] = 1;
    for (const i of rows) {
      const expand = status[i] === 2 && last[i] === 1;
      let j = 0;
      if (expand) while (j < ct2.length && ct2[j] < stop[i]) j++;
      out.row.push(i);
      out.start.push(start[i]);
      out.stop.push(expand ? ct2[j] : stop[i]);
      out.status.push(status[i] === 1 ? 1 : 0);
      out.weight.push(1);
      if (!expand) continue;
      const base = cp2[j];
      for (let k = j + 1; k < ct2.length; k++) {
        if (!keep[k]) continue;
        out.row.push(i);
        out.start.push(ct2[k - 1]);
        out.stop.push(ct2[k]);
        out.status.push(0);
        out.weight.push(cp2[k] / base);
      }
    }
  }
  return {
    row: Int32Array.from(out.row),
    start: Float64Array.from(out.start),
    stop: Float64Array.from(out.stop),
    status: Int8Array.from(out.status),
    weight: Float64Array.from(out.weight),
  };
}

/** A step curve on time positions: its jump positions (ascending) and values after each jump. */
interface StepCurve {
  time: number[];
  prob: number[];
}

/**
 * Kaplan-Meier of censoring on the positions: at each censoring position c (a subject's last
 * row, censored), the rows at risk are those with start < c <= stop.
 */
function censoringCurve(
  rows: number[],
  startIdx: Float64Array,
  stopIdx: Float64Array,
  status: Int8Array,
  last: Uint8Array,
): StepCurve {
  const starts = Float64Array.from(rows, (i) => startIdx[i]).sort();
  const stops = Float64Array.from(rows, (i) => stopIdx[i]).sort();
  const counts = new Map<number, number>();
  for (const i of rows) {
    if (status[i] === 0 && last[i]) counts.set(stopIdx[i], (counts.get(stopIdx[i]) ?? 0) + 1);
  }
  const time = [...counts.keys()].sort((a, b) => a - b);
  const prob: number[] = [];
  let g = 1;
  for (const c of time) {
    const atRisk = countBelow(starts, c) - countBelow(stops, c);
    g *= 1 - (counts.get(c) as number) / atRisk;
    prob.push(g);
  }
  return { time, prob };
}

/**
 * finegray's reverse-time Kaplan-Meier of entry (survfit(Surv(-stop, -start, first))): at each
 * entry position e, from the last down, the rows with start <= e < stop are at risk and the
 * first rows starting at e are the events. Returned ascending in e with, for each e, the product
 * over the entry positions after e (1 after the last), as finegray's `dprob`.
 */
function entryCurve(
  rows: number[],
  startIdx: Float64Array,
  stopIdx: Float64Array,
  first: Uint8Array,
): StepCurve {
  const starts = Float64Array.from(rows, (i) => startIdx[i]).sort();
  const stops = Float64Array.from(rows, (i) => stopIdx[i]).sort();
  const counts = new Map<number, number>();
  for (const i of rows) {
    if (first[i]) counts.set(startIdx[i], (counts.get(startIdx[i]) ?? 0) + 1);
  }
  const time = [...counts.keys()].sort((a, b) => a - b);
  const prob = new Array<number>(time.length);
  let h = 1;
  for (let k = time.length - 1; k >= 0; k--) {
    prob[k] = h;
    const e = time[k];
    const atRisk = countAtMost(starts, e) - countAtMost(stops, e);
    h *= 1 - (counts.get(e) as number) / atRisk;
  }
  return { time, prob };
}

/** finegray's delayed-entry weights: the censoring curve times the entry curve on the union of their times. */
function combineWithEntry(censoring: StepCurve, entry: StepCurve): StepCurve {
  const time = [...new Set([...entry.time, ...censoring.time])].sort((a, b) => a - b);
  const gWithOne = [1, ...censoring.prob];
  const prob = time.map((t) => {
    const i1 = countAtMost(entry.time, t);
    const i2 = countAtMost(censoring.time, t);
    return entry.prob[i1 - 1] * gWithOne[i2];
  });
  return { time, prob };
}

/** Position of x in the ascending `values` (x is one of them). */
function lowerBound(values: Float64Array, x: number): number {
  let lo = 0;
  let hi = values.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (values[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Number of values < x in an ascending list. */
function countBelow(values: ArrayLike<number>, x: number): number {
  let lo = 0;
  let hi = values.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (values[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Number of values <= x in an ascending list. */
function countAtMost(values: ArrayLike<number>, x: number): number {
  let lo = 0;
  let hi = values.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (values[mid] <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
