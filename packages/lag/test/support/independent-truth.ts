/**
 * Truth generated independently of Muster's model, for the coverage study in
 * bench/coverage-independent.ts and its fast version in test/coverage-independent.test.ts.
 *
 * Nothing here uses the package's delay pmf, convolution or figure placement: offences are
 * simulated one by one on a continuous day scale (a Poisson number per month, each offence at a
 * uniform moment inside its month), each gets a continuous delay (gamma, lognormal, with a mean
 * that may drift), and its court date is the offence date plus the delay. Court cases are counted
 * by day and summed over the windows of the real published art. 337 figures of
 * `awolRussia` (cases received by courts), with their qualifiers: exact figures as counted, lower
 * bounds rounded down to thousands ("more than 3,000"), approximate figures with a 5% reporting
 * error rounded to hundreds ("nearly 2,300").
 *
 * The offences that reach court follow the surge the issue describes: about 50 a month in 2021,
 * 74 in August 2022, 250 in September (the mobilisation of 21 September), 560 in October 2022,
 * then log-linear to 1,000 by May 2024.
 */
import { createRandom, type Random } from '@muster/core';
import { awolRussia } from '@muster/datasets';
import type { Figure } from '../../src/index.ts';

export const DAYS_PER_MONTH = 365.25 / 12;
const DAY = 86_400_000;
/** Grid of the estimates: 2021-01 .. 2024-05. */
export const FIRST_MONTH = '2021-01';
export const LAST_MONTH = '2024-05';
export const GRID_MONTHS = 41;
/** Offences are simulated from 2019-01, 24 months before the grid. */
const HISTORY = 24;

export const monthLabel = (i: number): string => {
  const date = new Date(Date.UTC(2021, i, 1));
  return date.toISOString().slice(0, 7);
};
const monthStartDay = (i: number) => Math.round(Date.UTC(2021, i, 1) / DAY);
const dayOf = (iso: string) => Math.round(Date.parse(`${iso}T00:00:00Z`) / DAY);

/** Expected offences that reach court in grid month i (i < 0: before 2021). */
export function surge(i: number): number {
  if (i <= 0) return 50;
  if (i <= 19) return 50 * (74 / 50) ** (i / 19); // 2022-08 is month 19
  if (i === 20) return 250; // 2022-09, mobilisation on the 21st
  if (i === 21) return 560; // 2022-10
  return Math.exp(Math.log(560) + ((Math.log(1000) - Math.log(560)) * (i - 21)) / (40 - 21));
}

/** A continuous delay in months, drawn for an offence committed at month-time t (months from 2021-01). */
export type DelaySampler = (t: number, random: Random) => number;

export interface Scenario {
  name: string;
  description: string;
  delay: DelaySampler;
  /** Probability that an offence reaches court, by grid month (the surge is of those that do). */
  capture: (i: number) => number;
}

const gammaDelay =
  (mean: (t: number) => number, cv: number): DelaySampler =>
  (t, random) => {
    const shape = 1 / (cv * cv);
    return random.gamma(shape, mean(t) / shape);
  };
const lognormalDelay =
  (mean: number, sd: number): DelaySampler =>
  (_, random) => {
    const sdlog = Math.sqrt(Math.log1p((sd * sd) / (mean * mean)));
    const meanlog = Math.log(mean) - (sdlog * sdlog) / 2;
    return Math.exp(meanlog + sdlog * random.normal());
  };

/** The scenarios of the study; the analyst always assumes gamma, mean 5, sd 2.5 months. */
export const scenarios: Record<string, Scenario> = {
  baseline: {
    name: 'baseline',
    description: 'gamma delay, mean 5, sd 2.5 months (as assumed)',
    delay: gammaDelay(() => 5, 0.5),
    capture: () => 0.15,
  },
  'mean-plus-2': {
    name: 'mean-plus-2',
    description: 'gamma delay, mean 7, sd 3.5 months (the assumed mean is 2 months short)',
    delay: gammaDelay(() => 7, 0.5),
    capture: () => 0.15,
  },
  'mean-minus-2': {
    name: 'mean-minus-2',
    description: 'gamma delay, mean 3, sd 1.5 months (the assumed mean is 2 months long)',
    delay: gammaDelay(() => 3, 0.5),
    capture: () => 0.15,
  },
  lengthening: {
    name: 'lengthening',
    description:
      'gamma delay whose mean lengthens from 4 months (offences to Aug 2022) to 7 months (May 2024): a growing court backlog, sd / mean 0.5',
    delay: gammaDelay((t) => 4 + (3 * Math.min(Math.max(t - 19, 0), 21)) / 21, 0.5),
    capture: () => 0.15,
  },
  'lognormal-wide': {
    name: 'lognormal-wide',
    description: 'lognormal delay, mean 5, sd 5 months (twice the assumed spread)',
    delay: lognormalDelay(5, 5),
    capture: () => 0.15,
  },
  capture: {
    name: 'capture',
    description:
      'gamma delay as assumed; the probability that an absence reaches court falls from 0.20 (to Aug 2022) to 0.10 (May 2024)',
    delay: gammaDelay(() => 5, 0.5),
    capture: (i) => 0.2 - (0.1 * Math.min(Math.max(i - 19, 0), 21)) / 21,
  },
};

/** The real art. 337 court-case figures' windows and qualifiers (ids, dates) from awolRussia. */
export function publishedDesign(): {
  id: string;
  start: string;
  end: string;
  qualifier: Figure['qualifier'];
}[] {
  const c = awolRussia.columns as Record<string, (string | number | null)[]>;
  const out: { id: string; start: string; end: string; qualifier: Figure['qualifier'] }[] = [];
  for (let i = 0; i < awolRussia.nrow; i++) {
    if (String(c.article[i]) !== '337' || c.metric[i] !== 'cases_received_by_courts') continue;
    out.push({
      id: String(c.figure_id[i]),
      start: String(c.as_of_or_period_start[i]),
      end: String(c.period_end[i]),
      qualifier: c.qualifier[i] as Figure['qualifier'],
    });
  }
  return out;
}

/** One simulated world: its figures and the true quantities the intervals should cover. */
export interface World {
  figures: Figure[];
  /** Expected offences reaching court per grid month (the estimand of the monthly intervals). */
  offences: number[];
  /** Offences reaching court committed in each grid month (realised). */
  realised: number[];
  /** Realised offences reaching court, Sep 2022 .. May 2024. */
  totalSinceMobilisation: number;
  /** All absences (caught or not) Sep 2022 .. May 2024, realised. */
  allSinceMobilisation: number;
  /** Offences committed by 31 May 2024 whose court date is later (realised). */
  pendingAtEnd: number;
  /** Court cases received per grid month (realised). */
  court: number[];
}

/** Simulate one world of a scenario. */
export function simulateWorld(scenario: Scenario, random: Random): World {
  const design = publishedDesign();
  const gridStart = monthStartDay(0);
  const gridEnd = monthStartDay(GRID_MONTHS) - 1;
  const courtByDay = new Float64Array(gridEnd - gridStart + 1);
  const realised = new Array<number>(GRID_MONTHS).fill(0);
  let allSince = 0;
  let pending = 0;
  for (let i = -HISTORY; i < GRID_MONTHS; i++) {
    const caughtRate = surge(i);
    const p = scenario.capture(i);
    const all = random.poisson(caughtRate / p);
    const caught = random.binomial(all, p);
    if (i >= 20) allSince += all;
    if (i >= 0) realised[i] = caught;
    const first = monthStartDay(i);
    const length = monthStartDay(i + 1) - first;
    for (let k = 0; k < caught; k++) {
      const u = random.uniform();
      const t = i + u; // month-time of the offence
      const offenceDay = first + u * length;
      const courtDay = Math.floor(offenceDay + scenario.delay(t, random) * DAYS_PER_MONTH);
      if (courtDay > gridEnd) {
        if (i < GRID_MONTHS) pending++;
        continue;
      }
      if (courtDay >= gridStart) courtByDay[courtDay - gridStart]++;
    }
  }
  const total = (start: number, end: number) => {
    let sum = 0;
    for (let d = start; d <= end; d++) sum += courtByDay[d - gridStart];
    return sum;
  };
  const figures = design.map((f): Figure => {
    const value = total(dayOf(f.start), dayOf(f.end));
    if (f.qualifier === 'lower_bound')
      return { ...f, value: Math.floor(value / 1000) * 1000, qualifier: 'lower_bound' };
    if (f.qualifier === 'approximate')
      return {
        ...f,
        value: Math.round((value * (1 + 0.05 * random.normal())) / 100) * 100,
        qualifier: 'approximate',
      };
    return { ...f, value, qualifier: 'exact' };
  });
  const court = Array.from({ length: GRID_MONTHS }, (_, i) =>
    total(monthStartDay(i), monthStartDay(i + 1) - 1),
  );
  return {
    figures,
    offences: Array.from({ length: GRID_MONTHS }, (_, i) => surge(i)),
    realised,
    totalSinceMobilisation: realised.slice(20).reduce((a, b) => a + b, 0),
    allSinceMobilisation: allSince,
    pendingAtEnd: pending,
    court,
  };
}

/** Months counted as the surge in the summaries: 2022-06 .. 2022-12 (indices 17..23). */
export const SURGE_MONTHS = { first: 17, last: 23 };

export { createRandom };
