import { type CoefficientRow, type FitResultBase, InvalidArgumentError } from '@muster/core';
import type { ColumnSpec, CompetingData } from '../types.ts';
import type { SurvivalWarningCode } from '../warnings.ts';
import { fineGrayRows, readFineGrayOptions } from './internal/fine-gray-input.ts';
import {
  censoringSurvivalBefore,
  censoringSurvivalByGroup,
  fineGrayBaselineJumps,
  fineGrayData,
  fineGrayLogLik,
} from './internal/fine-gray-kernel.ts';
import { fineGrayNewton } from './internal/fine-gray-newton.ts';
import { fineGrayCoefficients, fineGraySandwich } from './internal/fine-gray-outputs.ts';
import { fixTies } from './internal/time-index.ts';

/** Options of {@link fitFineGray}. */
export interface FineGrayOptions {
  /** Follow-up time: a column name in `data` or the values. */
  time: ColumnSpec;
  /** Event code: `censorCode` for censored, `cause` for the cause of interest, anything else competing. */
  event: ColumnSpec;
  /** Code of the cause of interest (crr's `failcode`). */
  cause: string | number;
  /** Numeric covariate columns (crr's `cov1`); their names are the term names. */
  covariates?: readonly string[] | Record<string, ArrayLike<unknown>>;
  /**
   * Alternatively, a one-sided formula `~ age + factor(sex) + log(hgb)`: its design matrix
   * (without the intercept) becomes the covariates, with R's column names. `time` and `event`
   * must then be column names.
   */
  formula?: string;
  /** Event code of censored observations (crr's `cencode`). Default 0. */
  censorCode?: string | number;
  /** Maximum Newton-Raphson iterations (crr's `maxiter`). Default 10. */
  maxIter?: number;
  /** Convergence tolerance on the score (crr's `gtol`). Default 1e-6. */
  tolerance?: number;
  /** Starting coefficients (crr's `init`). Default 0. */
  init?: readonly number[];
  /** Confidence level of the hazard-ratio intervals. Default 0.95. */
  confLevel?: number;
  /**
   * crr's `cengroup`: a column (name or values) whose levels each get their own Kaplan-Meier
   * estimate of the censoring distribution (e.g. units with different transfer policies).
   */
  cengroup?: ColumnSpec | null;
}

/** One coefficient of a Fine-Gray fit. */
export interface FineGrayCoefficient extends CoefficientRow {
  /** Log subdistribution hazard ratio. */
  estimate: number;
  /** Robust (sandwich) standard error, crr's `var`. */
  stdError: number;
  /** Wald z = estimate / stdError. */
  statistic: number;
  /** Two-sided normal p-value. */
  pValue: number;
  /** Interval for the log subdistribution hazard ratio: estimate -/+ z stdError. */
  lower: number;
  upper: number;
  /** exp(estimate): the subdistribution hazard ratio. */
  hazardRatio: number;
  /** Interval for the subdistribution hazard ratio: exp(lower), exp(upper) (summary.crr's conf.int). */
  hazardRatioLower: number;
  hazardRatioUpper: number;
}

/** Result of {@link fitFineGray}. */
export interface FineGrayResult
  extends FitResultBase<'fine-gray', FineGrayCoefficient, SurvivalWarningCode> {
  /** The formula given, or `~ a + b` built from `covariates`. */
  formula: string;
  /** Maximum pseudo-likelihood with censoring weights. */
  method: 'pseudo-likelihood';
  /** crr's variance: the sandwich of Fine & Gray (1999) including the censoring-estimation term. */
  vcovType: 'sandwich';
  /** Covariance matrix of the coefficients, row by row, in term order. */
  vcov: number[][];
  statisticType: 'z';
  dfResidual: null;
  nClusters: null;
  time: string;
  event: string;
  cause: string;
  censorCode: string;
  /** The log pseudo-likelihood at the estimate (crr's `loglik`), not a full log-likelihood. */
  logLik: number;
  /** The log pseudo-likelihood at 0 (crr's `loglik.null`). */
  logLikNull: number;
  /** Number of coefficients. */
  df: number;
  /** null: a pseudo-likelihood has no AIC (crr reports none). */
  aic: null;
  /** null: a pseudo-likelihood has no BIC (crr reports none). */
  bic: null;
  /** Score at the estimate. */
  score: number[];
  /** Newton-Raphson steps taken. */
  iterations: number;
  nDropped: number;
  /** Observations failing from the cause. */
  nEvents: number;
  /** Observations failing from the cause, from other causes, and censored. */
  eventCounts: { cause: number; competing: number; censored: number };
  /** crr's cengroup: the column and its levels, each with its own censoring distribution; else null. */
  cengroup: { column: string; levels: string[] } | null;
  /** Baseline cumulative subdistribution hazard jumps at the distinct failure times (crr's `uftime`, `bfitj`). */
  baseline: { time: number[]; hazardJump: number[] };
}

/**
 * Fine-Gray proportional subdistribution hazards regression for one cause of a competing-risks
 * outcome: coefficients, subdistribution hazard ratios, robust standard errors, Wald tests, the
 * log pseudo-likelihood and the baseline needed to predict cumulative incidence.
 *
 * Method: as `cmprsk::crr(ftime, fstatus, cov1, failcode, cencode)`: censoring weights from the
 * Kaplan-Meier estimate of the censoring distribution (subjects failing from other causes stay in
 * the risk set with weight G(t-)/G(T_i-)), Newton-Raphson from `init` with crr's step halving and
 * stopping rule (max |score| max(|b|, 1) < max(|objective|, 1) tolerance, at most `maxIter` steps),
 * and crr's sandwich variance with the term for estimating G; with `cengroup`, G is estimated
 * per level and each other-cause failure is weighted by its own level's G, as crr. Every risk-set sum is a cumulative
 * sum over the time ordering, so an iteration costs O(n p^2) where crr's costs O(n^2).
 * Reference: Fine & Gray (1999) JASA 94:496-509.
 *
 * @param data - Columns by name (as `readCsv` returns, or an arquero table).
 * @param options - `time`, `event`, `cause`, and `covariates` (numeric columns) or `formula`
 *   (`'~ age + factor(sex)'`, for factors and transformations), `censorCode` (default 0),
 *   `maxIter` (10), `tolerance` (crr's gtol, 1e-6), `init`, `confLevel` (0.95), `cengroup`.
 * @returns Coefficients with `stdError`, `statistic`, `pValue`, the interval on the log scale
 *   (`lower`, `upper`) and `hazardRatio` with its interval; `vcov`, `logLik` (the log
 *   pseudo-likelihood), `converged`, `iterations`, `baseline` (for {@link predictFineGray}).
 *   Failure to converge is reported (`converged: false` and a warning), never thrown.
 * @throws DataError for a missing or non-numeric column, or no event of `cause`.
 *   InvalidArgumentError for bad options; FormulaError for a formula with a response.
 * @example
 * ```ts
 * const fit = fitFineGray(mgus2, { time: 'etime', event: 'event', cause: 1, covariates: ['age', 'male', 'hgb'] });
 * fit.coefficients[0];
 * // => { term: 'age', estimate: -0.0179, stdError: 0.00581, statistic: -3.081, pValue: 0.00206, lower: -0.02929, upper: -0.00651, hazardRatio: 0.9823, hazardRatioLower: 0.9711, hazardRatioUpper: 0.9935 }
 * ```
 */
export function fitFineGray(
  data: CompetingData | undefined,
  options: FineGrayOptions,
): FineGrayResult {
  const settings = readFineGrayOptions(options);
  const rows = fineGrayRows(data, options, settings);
  const { n, p, time, status, x, names, eventCounts } = rows;
  const init = readInit(options, p);
  const ncg = rows.groupLevels.length;
  const gm = censoringSurvivalBefore(time, fixTies(time).time, status);
  const fg =
    rows.cengroupLabel === null
      ? fineGrayData(time, status, x, p, gm)
      : fineGrayData(time, status, x, p, gm, {
          group: rows.group,
          ncg,
          gmAll: censoringSurvivalByGroup(time, status, rows.group, ncg, (t) => fixTies(t).time),
        });
  const { b, dv, converged, iterations, warnings } = fineGrayNewton(
    fg,
    init,
    settings.maxIter,
    settings.tolerance,
  );
  const vcov = fineGraySandwich(fg, dv, p, warnings);
  return {
    kind: 'fine-gray',
    formula: options.formula ?? `~ ${names.join(' + ')}`,
    method: 'pseudo-likelihood',
    confLevel: settings.confLevel,
    vcovType: 'sandwich',
    vcov: names.map((_, i) => names.map((__, j) => vcov[j * p + i])),
    statisticType: 'z',
    dfResidual: null,
    coefficients: fineGrayCoefficients(names, b, vcov, settings.confLevel),
    time: rows.timeLabel,
    event: rows.eventLabel,
    cause: settings.causeCode,
    censorCode: settings.censorCode,
    nobs: n,
    nEvents: eventCounts.cause,
    eventCounts,
    nClusters: null,
    nDropped: rows.nDropped,
    logLik: dv.logLik,
    logLikNull: fineGrayLogLik(fg, new Float64Array(p)),
    df: p,
    aic: null,
    bic: null,
    score: Array.from(dv.score),
    converged,
    iterations,
    cengroup:
      rows.cengroupLabel === null ? null : { column: rows.cengroupLabel, levels: rows.groupLevels },
    baseline: {
      time: Array.from(fg.failTimes),
      hazardJump: Array.from(fineGrayBaselineJumps(fg, b)),
    },
    warnings,
  };
}

/** crr's `init`: one starting value per covariate (default 0). */
function readInit(options: FineGrayOptions, p: number): Float64Array {
  if (options.init === undefined) return new Float64Array(p);
  if (options.init.length !== p) {
    throw new InvalidArgumentError(
      'init',
      `fitFineGray requires init of length ${p}; received ${options.init.length}`,
    );
  }
  return Float64Array.from(options.init);
}
