import { checkOptionKeys, createRandom, InvalidArgumentError, type ResultBase } from '@muster/core';
import { nowcastCore } from './internal/nowcast-core.ts';
import { periodLabel, toPeriod } from './internal/periods.ts';
import { aggregateRecords } from './internal/triangle.ts';
import { checkNumber } from './internal/validate.ts';
import type { ReportingRecords } from './reporting-triangle.ts';
import type { DateLike, PeriodUnit } from './types.ts';
import type { LagWarning, WarningCode } from './warnings.ts';

/** Options of {@link evaluateNowcast}. */
export interface EvaluateNowcastOptions {
  /** Unit of a period. Default 'day'. */
  unit?: PeriodUnit;
  /** Largest delay. Default: the largest in the records. */
  maxDelay?: number;
  /** Dates at which to nowcast as if the data ended there. */
  dates: readonly DateLike[];
  /** Score the `horizon` most recent periods at each date (ages 0..horizon - 1). Default maxDelay. */
  horizon?: number;
  /** Interval level. Default 0.9. */
  confLevel?: number;
  /** Monte Carlo draws per nowcast. Default 1000. */
  samples?: number;
  /** Seed. Default 1. */
  seed?: number;
  /** Moving window of rows for the delay estimate. Default: all rows up to the date. */
  window?: number;
}

/** One scored nowcast: a period as nowcast at a date, and what was eventually reported. */
export interface NowcastScore {
  now: string;
  period: string;
  /** now - period, in periods. */
  age: number;
  observed: number;
  /** Chain-ladder nowcast observed / F(age). */
  estimate: number | null;
  /** Predictive median. */
  median: number;
  lower: number;
  upper: number;
  /** Events of the period eventually reported (all delays up to maxDelay). */
  final: number;
  covered: boolean;
}

/** Scores by age (periods between event and nowcast date). */
export interface NowcastScoreByAge {
  age: number;
  n: number;
  coverage: number;
  mae: number;
  maeChainLadder: number;
  maeObserved: number;
}

/** Result of {@link evaluateNowcast}. */
/** Result of {@link evaluateNowcast} (dates left out are listed in `skippedDates`; `warnings` is empty). */
export interface EvaluateNowcastResult extends ResultBase<'nowcast-evaluation', WarningCode> {
  method: string;
  confLevel: number;
  horizon: number;
  /** Number of scored (date, period) pairs. */
  n: number;
  /** Share of final counts inside the predictive interval. */
  coverage: number;
  /** Mean absolute error of the predictive median. */
  mae: number;
  /** Mean absolute error of the chain-ladder point nowcast (periods where it is finite). */
  maeChainLadder: number;
  /** Mean absolute error of the unadjusted count reported so far (the baseline to beat). */
  maeObserved: number;
  byAge: NowcastScoreByAge[];
  scores: NowcastScore[];
  /** Dates left out because some of their periods were not yet complete at the end of the data. */
  skippedDates: string[];
}

/**
 * Retrospective evaluation of {@link nowcast}: at each past date, rebuild the reporting
 * triangle as it was known then (reports after the date removed), nowcast the most recent
 * `horizon` periods, and score against the totals eventually reported: coverage of the
 * predictive intervals and mean absolute error of the predictive median, next to the errors of
 * the chain-ladder point nowcast and of the raw counts. Only dates
 * whose scored periods are complete by the end of the data (period + maxDelay <= last report)
 * are used. Reference: Höhle & an der Heiden (2014), section 4 (retrospective evaluation).
 *
 * @param records - event dates with report dates or delays (as {@link reportingTriangle})
 * @param options - dates (required), unit, maxDelay, horizon, confLevel, samples, seed, window
 * @returns overall and by-age coverage and MAE, and every scored nowcast
 * @throws InvalidArgumentError for no dates or bad options; DataError for bad records
 * @example
 * ```ts
 * // records: event and report dates of the 2011 HUS outbreak (surveillance's husO104Hosp)
 * const ev = evaluateNowcast(records, {
 *   unit: 'day',
 *   maxDelay: 15,
 *   dates: ['2011-06-01', '2011-06-08'],
 *   horizon: 7,
 *   window: 7,
 * });
 * [ev.n, ev.coverage]; // => [14, 0.714...]  (10 of the 14 final counts inside their 90% intervals)
 * ```
 */
export function evaluateNowcast(
  records: ReportingRecords,
  options: EvaluateNowcastOptions,
): EvaluateNowcastResult {
  const fn = 'evaluateNowcast';
  checkOptionKeys(fn, options, [
    'unit',
    'maxDelay',
    'dates',
    'horizon',
    'confLevel',
    'samples',
    'seed',
    'window',
  ]);
  if (options == null || !Array.isArray(options.dates) || options.dates.length === 0) {
    throw new InvalidArgumentError(
      'dates',
      `${fn} requires at least one nowcast date in options.dates`,
    );
  }
  const aggregated = aggregateRecords(records, options, fn);
  const { unit, first, maxDelay, table, lastReport } = aggregated;
  const width = maxDelay + 1;
  const confLevel = checkNumber(options.confLevel ?? 0.9, fn, 'confLevel', {
    strictMin: 0,
    strictMax: 1,
  });
  const samples = checkNumber(options.samples ?? 1000, fn, 'samples', { min: 1, integer: true });
  const seed = checkNumber(options.seed ?? 1, fn, 'seed', { integer: true });
  const horizon = checkNumber(options.horizon ?? Math.max(1, maxDelay), fn, 'horizon', {
    min: 1,
    integer: true,
  });
  const random = createRandom(seed);
  const scores: NowcastScore[] = [];
  const skippedDates: string[] = [];
  for (const date of options.dates) {
    const now = toPeriod(date, unit, fn, 'dates');
    if (now < first) {
      throw new InvalidArgumentError(
        'dates',
        `${fn} requires dates on or after the first event (${periodLabel(first, unit)}); received ${String(date)}`,
      );
    }
    if (now + maxDelay > lastReport) {
      skippedDates.push(periodLabel(now, unit));
      continue;
    }
    const rows = now - first + 1;
    const cells = new Float64Array(rows * width);
    for (let t = 0; t < rows; t++) {
      for (let d = 0; d < width; d++)
        cells[t * width + d] = t + d <= rows - 1 ? table[t * width + d] : Number.NaN;
    }
    const window =
      options.window === undefined
        ? rows
        : checkNumber(options.window, fn, 'window', { min: 1, integer: true });
    const result = nowcastCore(cells, rows, width, window, confLevel, samples, random);
    for (let age = 0; age < horizon && age < rows; age++) {
      const t = rows - 1 - age;
      let final = 0;
      for (let d = 0; d < width; d++) final += table[t * width + d];
      const lower = result.lower[t];
      const upper = result.upper[t];
      scores.push({
        now: periodLabel(now, unit),
        period: periodLabel(first + t, unit),
        age,
        observed: result.observed[t],
        estimate: result.estimate[t],
        median: result.median[t],
        lower,
        upper,
        final,
        covered: final >= lower && final <= upper,
      });
    }
  }
  const summarise = (subset: NowcastScore[]) => {
    const usable = subset.filter((s) => s.estimate !== null);
    return {
      n: subset.length,
      coverage: subset.filter((s) => s.covered).length / subset.length,
      mae: subset.reduce((sum, s) => sum + Math.abs(s.median - s.final), 0) / subset.length,
      maeChainLadder:
        usable.reduce((sum, s) => sum + Math.abs((s.estimate as number) - s.final), 0) /
        usable.length,
      maeObserved:
        subset.reduce((sum, s) => sum + Math.abs(s.observed - s.final), 0) / subset.length,
    };
  };
  const byAge: NowcastScoreByAge[] = [];
  for (let age = 0; age < horizon; age++) {
    const subset = scores.filter((s) => s.age === age);
    if (subset.length > 0) byAge.push({ age, ...summarise(subset) });
  }
  const overall =
    scores.length > 0
      ? summarise(scores)
      : {
          n: 0,
          coverage: Number.NaN,
          mae: Number.NaN,
          maeChainLadder: Number.NaN,
          maeObserved: Number.NaN,
        };
  const warnings: LagWarning[] = [];
  return {
    kind: 'nowcast-evaluation',
    warnings,
    method:
      'retrospective evaluation of the chain-ladder nowcast: coverage and mean absolute error against final counts',
    confLevel,
    horizon,
    ...overall,
    byAge,
    scores,
    skippedDates,
  };
}
