/**
 * Coverage of the package's intervals against the independent truth of independent-truth.ts.
 * Each method takes one world's figures and the assumed delay and returns intervals for the
 * monthly offences reaching court and, where it can, for the total since September 2022 and the
 * cases pending at the end of May 2024.
 */
import { createRandom } from '@muster/core';
import {
  backProject,
  delayPmf,
  pipelineEstimate,
  posteriorTotal,
  type ReconstructOptions,
  reconstruct,
} from '../../src/index.ts';
import type { Figure } from '../../src/reconstruct.ts';
import {
  FIRST_MONTH,
  GRID_MONTHS,
  LAST_MONTH,
  monthLabel,
  type Scenario,
  SURGE_MONTHS,
  simulateWorld,
} from './independent-truth.ts';

export interface Intervals {
  lower: ArrayLike<number>;
  upper: ArrayLike<number>;
  total?: [number, number];
  pending?: [number, number];
  /** The penalty structure reconstruct reported (order and break dates), for the tally. */
  structure?: string;
}

export type Method = (figures: Figure[], seed: number) => Intervals;

/** The analyst's delay: gamma, mean 5, sd 2.5 months. */
export const assumedDelay = (maxDelay = 18) =>
  delayPmf({ distribution: 'gamma', mean: 5, sd: 2.5, maxDelay });

const SINCE = 20; // 2022-09
const grid = { from: FIRST_MONTH, to: LAST_MONTH } as const;

const quantiles = (values: number[], level = 0.9): [number, number] => {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => {
    const h = (sorted.length - 1) * q;
    const lo = Math.floor(h);
    return (
      sorted[lo] + (h - lo) * ((sorted[Math.min(lo + 1, sorted.length - 1)] ?? 0) - sorted[lo])
    );
  };
  return [at((1 - level) / 2), at(1 - (1 - level) / 2)];
};

/** One-step reconstruct with the delay and the given extra options. */
export function oneStep(extra: ReconstructOptions = {}, draws = 1000): Method {
  return (figures, seed) => {
    const delay = extra.delay ?? (extra.delayPrior ? undefined : assumedDelay());
    const r = reconstruct(figures, {
      ...grid,
      delay,
      draws,
      seed,
      keepDraws: true,
      checks: false,
      ...extra,
    });
    const o = r.offences!;
    const total = posteriorTotal(r, { from: monthLabel(SINCE) });
    return {
      lower: o.lower,
      upper: o.upper,
      total: [total.lower, total.upper],
      pending: [o.pending.lower, o.pending.upper],
      structure: `order ${r.smoothing.order}${r.smoothing.breakDates.length > 0 ? `, ${r.smoothing.breakDates.join(' + ')}` : ', no break'}`,
    };
  };
}

/** The notebook's former two-step: reconstruct the court series, then EMS with its bootstrap. */
export function emsOnReconstruction(propagate: boolean): Method {
  return (figures, seed) => {
    const delay = assumedDelay();
    const r = reconstruct(figures, { ...grid, draws: 1000, seed, keepDraws: propagate });
    const counts = r.estimate.map(Math.round);
    const fit = backProject(counts, delay, {
      bootstrap: {
        replicates: 200,
        seed,
        confLevel: 0.9,
        keepReplicates: true,
        ...(propagate ? { countDraws: r.draws } : {}),
      },
    });
    const samples = fit.bootstrap!.samples!;
    const totals = samples.map((s) => s.slice(SINCE).reduce((a, b) => a + b, 0));
    const pending = pipelineEstimate({ offences: fit.lambda, samples, delay });
    return {
      lower: fit.bootstrap!.lower,
      upper: fit.bootstrap!.upper,
      total: quantiles(totals),
      pending: [pending.lower, pending.upper],
    };
  };
}

export interface CoverageSummary {
  replications: number;
  allMonths: number;
  surgeMonths: number;
  /** Coverage in each grid month. */
  byMonth: number[];
  total: number | null;
  pending: number | null;
  /** How often each reported structure (order and breaks) was chosen. */
  structures: Record<string, number>;
  seconds: number;
}

/** Coverage of a method's 90% intervals over `replications` worlds of a scenario. */
export function coverage(
  scenario: Scenario,
  method: Method,
  replications: number,
  seed = 20240611,
): CoverageSummary {
  const random = createRandom(seed);
  const byMonth = new Array<number>(GRID_MONTHS).fill(0);
  let total = 0;
  let totalCount = 0;
  let pending = 0;
  let pendingCount = 0;
  const started = performance.now();
  const structures: Record<string, number> = {};
  for (let s = 0; s < replications; s++) {
    const world = simulateWorld(scenario, random);
    const out = method(world.figures, s + 1);
    if (out.structure) structures[out.structure] = (structures[out.structure] ?? 0) + 1;
    for (let i = 0; i < GRID_MONTHS; i++) {
      if (world.offences[i] >= out.lower[i] && world.offences[i] <= out.upper[i]) byMonth[i]++;
    }
    if (out.total) {
      totalCount++;
      const [lo, hi] = out.total;
      if (world.totalSinceMobilisation >= lo && world.totalSinceMobilisation <= hi) total++;
    }
    if (out.pending) {
      pendingCount++;
      const [lo, hi] = out.pending;
      if (world.pendingAtEnd >= lo && world.pendingAtEnd <= hi) pending++;
    }
  }
  const share = byMonth.map((c) => c / replications);
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  return {
    replications,
    allMonths: mean(share),
    surgeMonths: mean(share.slice(SURGE_MONTHS.first, SURGE_MONTHS.last + 1)),
    byMonth: share,
    total: totalCount > 0 ? total / totalCount : null,
    pending: pendingCount > 0 ? pending / pendingCount : null,
    structures,
    seconds: (performance.now() - started) / 1000,
  };
}
