/**
 * Summaries of one survival curve given as its rows (time ascending, S(t) right-continuous):
 * median and quantiles with their limits, survival at chosen times, restricted mean. Each follows
 * the R survival function named in its comment, including the tolerance R uses to decide that the
 * curve sits exactly on a probability (sqrt(.Machine$double.eps)).
 */
import type { RestrictedMean } from '../types.ts';

export const TOLERANCE = Math.sqrt(2.220446049250313e-16);

/** The rows a summary reads; NaN stands for R's NA. */
export interface CurveRows {
  time: Float64Array;
  nRisk: Float64Array;
  nEvent: Float64Array;
  nCensor: Float64Array;
  surv: Float64Array;
  /** Standard error of log S(t) (NaN where undefined). */
  seLog: Float64Array;
  lower: Float64Array;
  upper: Float64Array;
}

/**
 * The first time a curve drops to 0.5 or below, as survival's `survmean` (print.survfit and the
 * summary table) computes the median: when the curve sits at 0.5 (within tolerance) on a flat
 * segment, the midpoint of that segment's start and the next time the curve drops. NaN when the
 * curve never reaches 0.5. Missing points (NaN) are skipped.
 */
export function medianTime(curve: Float64Array, time: Float64Array): number {
  let first = -1;
  for (let i = 0; i < curve.length; i++) {
    const y = curve[i];
    if (!Number.isNaN(y) && y < 0.5 + TOLERANCE) {
      first = i;
      break;
    }
  }
  if (first < 0) return Number.NaN;
  const y1 = curve[first];
  if (Math.abs(y1 - 0.5) < TOLERANCE) {
    for (let i = first + 1; i < curve.length; i++) {
      const y = curve[i];
      if (!Number.isNaN(y) && y < y1) return (time[first] + time[i]) / 2;
    }
  }
  return time[first];
}

/**
 * R's approx(x, y, v, method = 'constant', f = 1, rule = 1): the pairs are ordered by x first
 * (regularize.values; tied x values are collapsed to the mean of their y, ties = mean), then v is
 * looked up by bisection; NaN outside [min x, max x].
 */
function approxConstantRight(xIn: number[], yIn: number[], v: number): number {
  const order = xIn.map((_, i) => i).sort((a, b) => xIn[a] - xIn[b] || a - b);
  const x: number[] = [];
  const y: number[] = [];
  for (let k = 0; k < order.length; ) {
    const value = xIn[order[k]];
    let sum = 0;
    let count = 0;
    while (k < order.length && xIn[order[k]] === value) {
      sum += yIn[order[k]];
      count++;
      k++;
    }
    x.push(value);
    y.push(sum / count);
  }
  const n = x.length;
  if (n === 0 || Number.isNaN(v) || v < x[0] || v > x[n - 1]) return Number.NaN;
  if (n === 1) return y[0];
  let i = 0;
  let j = n - 1;
  while (i < j - 1) {
    const mid = (i + j) >> 1;
    if (v < x[mid]) j = mid;
    else i = mid;
  }
  if (v === x[j]) return y[j];
  if (v === x[i]) return y[i];
  return y[j];
}

/**
 * survival's `findq` (quantile.survfit): the time at which the cumulative distribution
 * `1 - curve` first reaches `p`, with the flat-segment midpoint rule and, when the curve ends
 * exactly at 1 - p, the midpoint with the last time. NaN when not reached.
 */
export function quantileTime(
  p: number,
  curve: Float64Array,
  time: Float64Array,
  firstTime: number,
): number {
  const xs: number[] = [firstTime];
  const ys: number[] = [0];
  for (let i = 0; i < curve.length; i++) {
    xs.push(time[i]);
    ys.push(1 - curve[i]);
  }
  let maxY = Number.NEGATIVE_INFINITY;
  for (const y of ys) if (!Number.isNaN(y) && y > maxY) maxY = y;
  if (maxY < p) return Number.NaN;
  const xmax = xs[xs.length - 1];
  // drop duplicated y values (keep the first), as R's duplicated(); NaN counts as one value
  const x: number[] = [];
  const y: number[] = [];
  const seen = new Set<number | string>();
  for (let i = 0; i < ys.length; i++) {
    const key = Number.isNaN(ys[i]) ? 'NA' : ys[i];
    if (seen.has(key)) continue;
    seen.add(key);
    x.push(xs[i]);
    y.push(ys[i]);
  }
  // approx() drops pairs with a missing coordinate
  const ax1: number[] = [];
  const ax2: number[] = [];
  const ay: number[] = [];
  for (let i = 0; i < y.length; i++) {
    if (Number.isNaN(y[i])) continue;
    ax1.push(y[i] + TOLERANCE);
    ax2.push(y[i] - TOLERANCE);
    ay.push(i);
  }
  // a fractional index (tied values averaged) indexes as R does, truncated
  const i1 = Math.trunc(approxConstantRight(ax1, ay, p));
  const i2 = Math.trunc(approxConstantRight(ax2, ay, p));
  if (p === 0) return x[0];
  const last = y[y.length - 1];
  if (!Number.isNaN(last) && Math.abs(p - last) < TOLERANCE) {
    return Number.isNaN(i1) ? Number.NaN : (x[i1] + xmax) / 2;
  }
  if (Number.isNaN(i1) || Number.isNaN(i2)) return Number.NaN;
  return (x[i1] + x[i2]) / 2;
}

/** One row of survival at a chosen time (summary.survfit(fit, times)). */
export interface SurvivalAtRow {
  time: number;
  nRisk: number;
  /** Events in (previous chosen time, time]. */
  nEvent: number;
  /** Censorings in (previous chosen time, time]. */
  nCensor: number;
  surv: number;
  /** Standard error of S(t). */
  stdErr: number;
  lower: number;
  upper: number;
}

/**
 * survival's summary.survfit(fit, times = ...): the curve at each chosen time (sorted; times after
 * the last row are left out unless `extend`), with a row at `startTime` (S = 1) put in front as
 * survfit0 does. Events and censorings count since the previous chosen time; nRisk is the number
 * at risk at the first row at or after the time (0 beyond the end).
 */
export function survivalAt(
  rows: CurveRows,
  times: readonly number[],
  startTime: number,
  extend: boolean,
): SurvivalAtRow[] {
  const n = rows.time.length;
  const hasZero = n > 0 && rows.time[0] === startTime;
  // the survfit0 curve
  const t0: number[] = [];
  const s0: number[] = [];
  const se0: number[] = [];
  const lo0: number[] = [];
  const up0: number[] = [];
  const ev0: number[] = [];
  const ce0: number[] = [];
  if (!hasZero) {
    t0.push(startTime);
    s0.push(1);
    se0.push(0);
    lo0.push(1);
    up0.push(1);
    ev0.push(0);
    ce0.push(0);
  }
  for (let i = 0; i < n; i++) {
    t0.push(rows.time[i]);
    s0.push(rows.surv[i]);
    se0.push(rows.seLog[i]);
    lo0.push(rows.lower[i]);
    up0.push(rows.upper[i]);
    ev0.push(rows.nEvent[i]);
    ce0.push(rows.nCensor[i]);
  }
  const maxTime = t0[t0.length - 1];
  const chosen = times.filter((t) => Number.isFinite(t) && (extend || t <= maxTime));
  chosen.sort((a, b) => a - b);
  const cumEvents = [0];
  const cumCensor = [0];
  for (let i = 0; i < t0.length; i++) {
    cumEvents.push(cumEvents[i] + ev0[i]);
    cumCensor.push(cumCensor[i] + ce0[i]);
  }
  const out: SurvivalAtRow[] = [];
  let previousEvents = 0;
  let previousCensor = 0;
  for (const t of chosen) {
    // findInterval(t, time): number of times <= t
    let index1 = 0;
    while (index1 < t0.length && t0[index1] <= t) index1++;
    // 1 + findInterval(t, time, left.open = TRUE): first row with time >= t
    let index2 = 0;
    while (index2 < t0.length && t0[index2] < t) index2++;
    const row = Math.max(1, index1) - 1;
    let nRisk = 0;
    if (index2 < t0.length) {
      nRisk = !hasZero && index2 === 0 ? rows.nRisk[0] : rows.nRisk[hasZero ? index2 : index2 - 1];
    }
    const surv = s0[row];
    out.push({
      time: t,
      nRisk,
      nEvent: cumEvents[index1] - previousEvents,
      nCensor: cumCensor[index1] - previousCensor,
      surv,
      stdErr: se0[row] * surv,
      lower: lo0[row],
      upper: up0[row],
    });
    previousEvents = cumEvents[index1];
    previousCensor = cumCensor[index1];
  }
  return out;
}

/**
 * The area under the curve from `startTime` to `horizon` (print(fit, rmean = horizon)), with the
 * variance sum over event times of (area beyond t)^2 d / (n (n - d)).
 */
export function restrictedMean(
  rows: CurveRows,
  horizon: number,
  startTime: number,
): RestrictedMean {
  const n = rows.time.length;
  const keep: number[] = [];
  for (let i = 0; i < n; i++) if (rows.time[i] <= horizon) keep.push(i);
  let times: number[];
  let surv: number[];
  let hh: number[];
  if (keep.length === 0) {
    times = [horizon];
    surv = [1];
    hh = [0];
  } else {
    times = keep.map((i) => rows.time[i]);
    times.push(horizon);
    surv = keep.map((i) => rows.surv[i]);
    surv.push(rows.surv[keep[keep.length - 1]]);
    hh = keep.map((i) => {
      const r = rows.nRisk[i];
      const d = rows.nEvent[i];
      return r - d === 0 ? 0 : d / (r * (r - d));
    });
    hh.push(0);
  }
  const m = times.length;
  const rectangles: number[] = [];
  let previous = startTime;
  for (let i = 0; i < m; i++) {
    const height = i === 0 ? 1 : surv[i - 1];
    rectangles.push((times[i] - previous) * height);
    previous = times[i];
  }
  let mean = startTime;
  for (const r of rectangles) mean += r;
  // varmean = sum(cumsum(rev(rectangles[-1]))^2 * rev(hh)[-1])
  let variance = 0;
  let cumulative = 0;
  for (let k = m - 1, j = 0; k >= 1; k--, j++) {
    cumulative += rectangles[k];
    // rev(hh)[-1][j] = hh[m - 2 - j]
    variance += cumulative * cumulative * hh[m - 2 - j];
  }
  return { horizon, estimate: mean, stdError: Math.sqrt(variance) };
}
