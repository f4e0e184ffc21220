/**
 * Rows of a lag result, broom's `tidy()`: one row per period (per delay, figure or capture
 * probability where a result has no periods), plain objects ready for a table, a chart or a CSV.
 */
import type { BackProjectResult } from './back-project.ts';
import type { StageDelayCalibration } from './calibrate-stage-delay.ts';
import type { EmpiricalDelay } from './empirical-delay.ts';
import type { EvaluateNowcastResult } from './evaluate-nowcast.ts';
import { checkLagResult, type LagResult } from './internal/lag-result.ts';
import type { NowcastResult } from './nowcast.ts';
import type { PipelineResult } from './pipeline-estimate.ts';
import type { ReconstructResult } from './reconstruct.ts';
import type { UndercountResult } from './undercount.ts';

export type { LagResult };

/**
 * One row of {@link tidy}: the columns every lag result has, then the kind's own (null where a
 * row has no value).
 */
export interface LagTidyRow {
  /** Period label (`YYYY-MM`, `YYYY-MM-DD`), a period index, a figure id, or null. */
  period: string | number | null;
  /** What was counted in the period (null where nothing was: a reconstruction's months). */
  observed: number | null;
  /** The estimate of the row (see {@link tidy} for each kind). */
  estimate: number | null;
  /** Interval limits at the result's `confLevel`, null where the result has none. */
  lower: number | null;
  upper: number | null;
  [column: string]: string | number | boolean | null;
}

const at = <T>(values: readonly T[] | undefined, i: number): T | null => values?.[i] ?? null;

function backProjectionRows(r: BackProjectResult): LagTidyRow[] {
  return r.lambda.map((estimate, i) => ({
    period: r.periods?.[i] ?? i + 1,
    observed: r.counts[i],
    estimate,
    lower: at(r.bootstrap?.lower, i),
    upper: at(r.bootstrap?.upper, i),
    fitted: r.fitted[i],
  }));
}

function reconstructionRows(r: ReconstructResult): LagTidyRow[] {
  return r.months.map((period, i) => ({
    period,
    observed: null,
    estimate: r.estimate[i],
    lower: r.lower[i],
    upper: r.upper[i],
    predictiveLower: r.predictive.lower[i],
    predictiveUpper: r.predictive.upper[i],
    offences: at(r.offences?.lambda, i),
    offencesLower: at(r.offences?.lower, i),
    offencesUpper: at(r.offences?.upper, i),
  }));
}

function nowcastRows(r: NowcastResult): LagTidyRow[] {
  return r.periods.map((period, i) => ({
    period,
    observed: r.observed[i],
    estimate: r.estimate[i],
    lower: r.lower[i],
    upper: r.upper[i],
    mean: r.mean[i],
    median: r.median[i],
  }));
}

function pipelineRows(r: PipelineResult): LagTidyRow[] {
  return r.byAge.map((estimate, age) => ({
    period: r.rate !== undefined ? null : (r.periods?.[r.at - age] ?? r.at - age),
    observed: null,
    estimate,
    lower: null,
    upper: null,
    age,
  }));
}

function undercountRows(r: UndercountResult): LagTidyRow[] {
  const row = (estimate: number, lower: number, upper: number, capture: number, sd: number) => ({
    period: null,
    observed: r.caught,
    estimate,
    lower,
    upper,
    capture,
    captureSd: sd,
  });
  return [
    row(r.estimate, r.lower, r.upper, r.capture.mean, r.capture.sd),
    ...r.sensitivity.map((s) => row(s.estimate, s.lower, s.upper, s.capture, 0)),
  ];
}

function empiricalDelayRows(r: EmpiricalDelay): LagTidyRow[] {
  return r.pmf.map((estimate, delay) => ({
    period: null,
    observed: r.counts[delay],
    estimate,
    lower: null,
    upper: null,
    delay,
    naive: r.naive[delay],
    reverseHazard: r.reverseHazard[delay],
    atRisk: r.atRisk[delay],
  }));
}

function calibrationRows(r: StageDelayCalibration): LagTidyRow[] {
  return r.figures.map((f) => ({
    period: f.id,
    observed: f.value,
    estimate: f.fitted,
    lower: null,
    upper: null,
    qualifier: f.qualifier,
  }));
}

function evaluationRows(r: EvaluateNowcastResult): LagTidyRow[] {
  return r.scores.map((s) => ({
    period: s.period,
    observed: s.observed,
    estimate: s.estimate,
    lower: s.lower,
    upper: s.upper,
    now: s.now,
    age: s.age,
    median: s.median,
    final: s.final,
    covered: s.covered,
  }));
}

/**
 * A lag result as rows, broom's `tidy()`: `period, observed, estimate, lower, upper` first, then
 * the kind's own columns. Per kind:
 * - `backProject`: per period, the counts, lambda (backprojNP's upperbound), the bootstrap
 *   interval (null without bootstrap) and `fitted`;
 * - `reconstruct`: per month, the expected count with its interval, `predictiveLower`/`Upper`,
 *   and `offences` with `offencesLower`/`Upper` (null without a delay);
 * - `nowcast`: per period, observed so far, the chain-ladder estimate (null when undefined), the
 *   predictive interval, `mean` and `median`;
 * - `pipelineEstimate`: per age d (`age`; `period` = at - d, its label when `periods` was
 *   given, null for a steady rate), the expected offences of that period not yet in court;
 * - `undercount`: the total under the Beta capture probability (`capture` its mean, `captureSd`),
 *   then one row per fixed capture probability of the sensitivity table (`captureSd` 0);
 *   `observed` is the number caught;
 * - `empiricalDelay`: per delay (`delay`), the pairs with that delay, the corrected pmf,
 *   `naive`, `reverseHazard`, `atRisk`;
 * - `calibrateStageDelay`: per later figure (`period` its id), its value and the fitted total;
 * - `evaluateNowcast`: per scored nowcast, as `nowcast` with `now`, `age`, `median`, `final`
 *   (the count eventually reported) and `covered`.
 *
 * @param result - a result of any function of @muster/lag (or its JSON)
 * @returns the rows, oldest period first
 * @throws InvalidArgumentError naming `result` when it is not a lag result
 * @example
 * ```ts
 * const fit = backProject([5, 8, 12, 10, 7, 4], [0.2, 0.5, 0.3], { start: '2023-01' });
 * tidy(fit)[0];
 * // => { period: '2023-01', observed: 5, estimate: 14.0205..., lower: null, upper: null, fitted: 2.8041... }
 * ```
 */
export function tidy(result: LagResult): LagTidyRow[] {
  checkLagResult(result, 'tidy');
  switch (result.kind) {
    case 'back-projection':
      return backProjectionRows(result);
    case 'reconstruction':
      return reconstructionRows(result);
    case 'nowcast':
      return nowcastRows(result);
    case 'pipeline-estimate':
      return pipelineRows(result);
    case 'undercount':
      return undercountRows(result);
    case 'empirical-delay':
      return empiricalDelayRows(result);
    case 'stage-delay-calibration':
      return calibrationRows(result);
    case 'nowcast-evaluation':
      return evaluationRows(result);
  }
}
