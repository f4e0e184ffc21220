import type { DesertionCohort } from './simulate-desertion-cohort.ts';

/** Counting-process rows of a cohort: one row per soldier and leave state. */
export interface LeaveIntervals {
  id: number[];
  unit: string[];
  age: number[];
  mobilised: number[];
  start: number[];
  stop: number[];
  /** The event code (0 censored, 1 deserted, 2 killed, 3 wounded) on the row where it happens. */
  event: number[];
  /** 1 while on home leave, 0 otherwise: a time-varying covariate. */
  onLeave: number[];
}

/**
 * Split each soldier's follow-up at the start and end of home leave, giving (start, stop] rows
 * with the time-varying covariate `onLeave`, ready for `Surv(start, stop, event == 1) ~ onLeave`.
 *
 * @param cohort - a cohort from {@link simulateDesertionCohort}
 * @returns columns of the counting-process data; the event is on the last row of each soldier
 * @example
 * const rows = leaveIntervals(simulateDesertionCohort({ seed: 1, n: 10 }));
 * rows.start.length >= 10;
 * // => true
 */
export function leaveIntervals(cohort: DesertionCohort): LeaveIntervals {
  const out: LeaveIntervals = {
    id: [],
    unit: [],
    age: [],
    mobilised: [],
    start: [],
    stop: [],
    event: [],
    onLeave: [],
  };
  const c = cohort.columns;
  for (let i = 0; i < c.id.length; i++) {
    const end = c.time[i];
    const cuts: [number, number, number][] = [];
    const ls = c.leaveStart[i];
    const le = c.leaveEnd[i];
    if (ls === null || le === null || end <= ls) cuts.push([0, end, 0]);
    else {
      cuts.push([0, ls, 0]);
      cuts.push([ls, Math.min(end, le), 1]);
      if (end > le) cuts.push([le, end, 0]);
    }
    cuts.forEach(([start, stop, onLeave], k) => {
      if (stop <= start) return;
      out.id.push(c.id[i]);
      out.unit.push(c.unit[i]);
      out.age.push(c.age[i]);
      out.mobilised.push(c.mobilised[i]);
      out.start.push(start);
      out.stop.push(stop);
      out.event.push(k === cuts.length - 1 ? c.event[i] : 0);
      out.onLeave.push(onLeave);
    });
  }
  return out;
}
