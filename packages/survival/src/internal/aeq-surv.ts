/**
 * survival's `aeqSurv` (the `timefix = TRUE` default of survfit, survdiff and coxph): times that
 * differ by floating-point noise are made equal, so that 0.1 + 0.2 and 0.3 count as a tie.
 *
 * Contract: among the sorted distinct finite values of `stop` (and `start`), a value whose gap to
 * the previous one is <= tol, or whose gap relative to the mean absolute distinct value is <= tol
 * (tol = sqrt(machine epsilon)), joins the previous value's cluster; every value is replaced by the
 * smallest value of its cluster. Returns the inputs unchanged (same arrays) when nothing is tied.
 * Throws when a (start, stop] interval collapses to length 0 (the caller names the row).
 */
import { DataError } from '@muster/core';
import { TOLERANCE } from './curve-summary.ts';
import { sortIndex } from './sort-index.ts';

export interface FixedTimes {
  stop: Float64Array;
  start: Float64Array | null;
  changed: boolean;
}

export function aeqSurv(
  fn: string,
  stop: Float64Array,
  start: Float64Array | null,
  stopOrder?: Int32Array,
  rows?: Int32Array,
): FixedTimes {
  const n = stop.length;
  let values: Float64Array;
  let order: Int32Array;
  if (start) {
    values = new Float64Array(2 * n);
    values.set(stop, 0);
    values.set(start, n);
    order = sortIndex(values);
  } else {
    values = stop;
    order = stopOrder ?? sortIndex(stop);
  }
  // distinct sorted values
  const distinct: number[] = [];
  let sumAbs = 0;
  for (let i = 0; i < order.length; i++) {
    const v = values[order[i]];
    if (distinct.length === 0 || v !== distinct[distinct.length - 1]) {
      distinct.push(v);
      sumAbs += Math.abs(v);
    }
  }
  const meanAbs = sumAbs / distinct.length;
  const cut = new Float64Array(distinct.length);
  let anyTied = false;
  for (let k = 0; k < distinct.length; k++) {
    if (k > 0) {
      const gap = distinct[k] - distinct[k - 1];
      if (gap <= TOLERANCE || gap / meanAbs <= TOLERANCE) {
        cut[k] = cut[k - 1];
        anyTied = true;
        continue;
      }
    }
    cut[k] = distinct[k];
  }
  if (!anyTied) return { stop, start, changed: false };
  const map = new Map<number, number>();
  for (let k = 0; k < distinct.length; k++) map.set(distinct[k], cut[k]);
  const newStop = new Float64Array(n);
  for (let i = 0; i < n; i++) newStop[i] = map.get(stop[i] + 0) as number;
  let newStart: Float64Array | null = null;
  if (start) {
    newStart = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      newStart[i] = map.get(start[i] + 0) as number;
      if (newStart[i] === newStop[i]) {
        const row = rows ? rows[i] + 1 : i + 1;
        throw new DataError(
          `${fn} requires intervals longer than rounding error; row ${row} has start ${start[i]} and stop ${stop[i]}`,
          { row },
        );
      }
    }
  }
  return { stop: newStop, start: newStart, changed: true };
}
