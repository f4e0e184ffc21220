/**
 * R-like text of every result of @muster/lag: `summary(result)` names what was estimated and
 * prints its tables as R prints a data frame; `format(result)` adds the warnings with their codes.
 */
import { checkOptionKeys } from '@muster/core';
import { checkLagResult, type LagResult } from './internal/lag-result.ts';
import { backProjectionLines } from './internal/summary/back-projection.ts';
import { calibrationLines, empiricalDelayLines } from './internal/summary/delays.ts';
import type { PrintSettings } from './internal/summary/frame.ts';
import { evaluationLines, nowcastLines } from './internal/summary/nowcasts.ts';
import { reconstructionLines } from './internal/summary/reconstruction.ts';
import { pipelineLines, undercountLines } from './internal/summary/totals.ts';
import { checkNumber } from './internal/validate.ts';

/** Options of {@link summary} and {@link format}. */
export interface LagSummaryOptions {
  /**
   * Significant digits of the tables (R's `getOption("digits")`: default 7, 1 to 15); the lines
   * above the tables use max(3, digits - 3), as R's summaries do.
   */
  digits?: number;
  /** Rows shown of each table; a note counts the rest (R's `max.print`). Default: every row. */
  maxRows?: number;
}

function settingsOf(options: LagSummaryOptions, fn: string): PrintSettings {
  checkOptionKeys(fn, options, ['digits', 'maxRows']);
  return {
    digits: checkNumber(options.digits ?? 7, fn, 'digits', { min: 1, max: 15, integer: true }),
    maxRows:
      options.maxRows === undefined
        ? Number.POSITIVE_INFINITY
        : checkNumber(options.maxRows, fn, 'maxRows', { min: 0, integer: true }),
  };
}

function lines(result: LagResult, settings: PrintSettings): string[] {
  switch (result.kind) {
    case 'back-projection':
      return backProjectionLines(result, settings);
    case 'reconstruction':
      return reconstructionLines(result, settings);
    case 'nowcast':
      return nowcastLines(result, settings);
    case 'pipeline-estimate':
      return pipelineLines(result, settings);
    case 'undercount':
      return undercountLines(result, settings);
    case 'empirical-delay':
      return empiricalDelayLines(result, settings);
    case 'stage-delay-calibration':
      return calibrationLines(result, settings);
    case 'nowcast-evaluation':
      return evaluationLines(result, settings);
  }
}

/**
 * A lag result as text: a first line naming the estimator (`Back-projection: EMS
 * back-projection ... as surveillance::backprojNP with k = 2`), the lines saying what was
 * estimated (delay and its mean, smoothing, iterations and convergence, bootstrap size and
 * interval level, prior, breaks and structure weights), then the result's tables as R's
 * `print(data.frame(...))` prints them (row numbers, each column formatted with `digits`
 * significant digits, right-aligned; empty columns left out), then its totals with their
 * intervals where it has them. The per-period table is {@link tidy}'s rows. R prints a
 * backprojNP fit as an sts object (the head of the observed counts only): the table here is
 * `print(data.frame(period, observed, estimate = upperbound(fit), fitted))`, equal to R's text
 * (test fixture `r-summary-backproject.json`). Per kind:
 * - back-projection: delay, k, iterations, bootstrap; per period observed, estimate (lambda),
 *   the bootstrap interval, fitted; the total (its interval from kept replicates);
 * - reconstruction: series, intervals, smoothing (order, tau, how chosen), breaks, the
 *   structures averaged with their weights, the delays with theirs, convergence; the figures
 *   with their fitted totals and check p-values; the months; the totals and the pending offences;
 * - nowcast: date, draws, the estimated delay and its mean, the prior; per period; totals;
 * - nowcast evaluation: dates, coverage, errors; by age; every scored nowcast;
 * - pipeline estimate: the pending count and interval; by age;
 * - under-count: capture Beta, the total with its interval; the sensitivity table;
 * - empirical delay: pairs, mean, sd; per delay counts, naive and corrected pmf, hazards;
 * - stage-delay calibration: mean delay and interval; the grid; the later figures.
 *
 * @param result - a result of any function of @muster/lag (or its JSON)
 * @param options - digits (7), maxRows (every row)
 * @returns the text, lines joined by newlines (without the warnings: see {@link format})
 * @throws InvalidArgumentError naming `result` when it is not a lag result, or a bad option
 * @example
 * ```ts
 * const fit = backProject([5, 8, 12, 10, 7, 4], [0.2, 0.5, 0.3], { start: '2023-01' });
 * summary(fit).split('\n').slice(6, 8);
 * // => ['   period observed  estimate    fitted', '1 2023-01        5 14.020535  2.804107']
 * summary(fit, { maxRows: 2 }).split('\n')[9];
 * // => ' [ reached maxRows -- omitted 4 rows ]'
 * ```
 */
export function summary(result: LagResult, options: LagSummaryOptions = {}): string {
  checkLagResult(result, 'summary');
  return lines(result, settingsOf(options, 'summary')).join('\n');
}

/**
 * {@link summary} followed by the result's warnings, one a line with its code:
 * `warning [code]: message`.
 *
 * @param result - a result of any function of @muster/lag (or its JSON)
 * @param options - as {@link summary}
 * @returns the text
 * @throws InvalidArgumentError naming `result` when it is not a lag result, or a bad option
 * @example
 * ```ts
 * const fit = backProject([5, 8, 12, 10, 7, 4], [0, 0.5, 0.5], { maxIter: 2 });
 * format(fit).split('\n').slice(-2).map((line) => line.slice(0, line.indexOf(']') + 1));
 * // => ['warning [not-converged]', 'warning [last-period-unidentified]']
 * ```
 */
export function format(result: LagResult, options: LagSummaryOptions = {}): string {
  checkLagResult(result, 'format');
  const text = lines(result, settingsOf(options, 'format'));
  const warnings = result.warnings.map((w) => `warning [${w.code}]: ${w.message}`);
  return [...text, ...(warnings.length > 0 ? ['', ...warnings] : [])].join('\n');
}
