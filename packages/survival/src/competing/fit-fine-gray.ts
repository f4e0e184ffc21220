import {
  type CoefficientRow,
  checkOptionKeys,
  cholesky,
  choleskyInverse,
  choleskySolve,
  DataError,
  type FitResultBase,
  FormulaError,
  InvalidArgumentError,
  pnorm,
  qnorm,
} from '@muster/core';
import { type DataInput, designMatrix } from '@muster/formula';
import type { ColumnSpec, CompetingData } from '../types.ts';
import {
  notConvergedWarning,
  type SurvivalWarning,
  type SurvivalWarningCode,
  singularInformationWarning,
  stepHalvingFailedWarning,
} from '../warnings.ts';
import { cellKey, eventKey, isMissing, numericCell, resolveColumn } from './internal/columns.ts';
import {
  censoringSurvivalBefore,
  fineGrayBaselineJumps,
  fineGrayData,
  fineGrayDerivatives,
  fineGrayLogLik,
  fineGrayMeat,
} from './internal/fine-gray-kernel.ts';
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
  /** Baseline cumulative subdistribution hazard jumps at the distinct failure times (crr's `uftime`, `bfitj`). */
  baseline: { time: number[]; hazardJump: number[] };
}

function toList(value: Float64Array): number[] {
  return Array.from(value);
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
 * and crr's sandwich variance with the term for estimating G. Every risk-set sum is a cumulative
 * sum over the time ordering, so an iteration costs O(n p^2) where crr's costs O(n^2).
 * Reference: Fine & Gray (1999) JASA 94:496-509.
 *
 * @param data - Columns by name (as `readCsv` returns, or an arquero table).
 * @param options - `time`, `event`, `cause`, and `covariates` (numeric columns) or `formula`
 *   (`'~ age + factor(sex)'`, for factors and transformations), `censorCode` (default 0),
 *   `maxIter` (10), `tolerance` (crr's gtol, 1e-6), `init`, `confLevel` (0.95).
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
  if (options && (options as { cluster?: unknown }).cluster !== undefined) {
    throw new InvalidArgumentError(
      'cluster',
      "fitFineGray does not compute cluster-robust standard errors (R's route is finegray() weights with coxph(..., cluster = unit)); for unit-clustered incidence curves use cumulativeIncidence(data, { cluster }), for a clustered hazard model fitCauseSpecificCox with cluster(unit)",
    );
  }
  checkOptionKeys('fitFineGray', options, [
    'time',
    'event',
    'cause',
    'covariates',
    'formula',
    'censorCode',
    'maxIter',
    'tolerance',
    'init',
    'confLevel',
  ]);
  const fn = 'fitFineGray';
  if (options === undefined || options === null) {
    throw new InvalidArgumentError(
      'options',
      `${fn} requires options with time, event, cause and covariates`,
    );
  }
  const maxIter = options.maxIter ?? 10;
  const tolerance = options.tolerance ?? 1e-6;
  const confLevel = options.confLevel ?? 0.95;
  if (!Number.isInteger(maxIter) || maxIter < 0) {
    throw new InvalidArgumentError(
      'maxIter',
      `${fn} requires maxIter to be a non-negative integer; received ${String(maxIter)}`,
    );
  }
  if (!(tolerance > 0)) {
    throw new InvalidArgumentError(
      'tolerance',
      `${fn} requires tolerance > 0; received ${String(tolerance)}`,
    );
  }
  if (!(confLevel > 0 && confLevel < 1)) {
    throw new InvalidArgumentError(
      'confLevel',
      `${fn} requires confLevel in (0, 1); received ${String(confLevel)}`,
    );
  }
  if (options.cause === undefined || options.cause === null) {
    throw new InvalidArgumentError(
      'cause',
      `${fn} requires the code of the cause of interest; received ${String(options.cause)}`,
    );
  }
  const causeCode = cellKey(options.cause);
  const censorCode = cellKey(options.censorCode ?? 0);
  if (causeCode === censorCode) {
    throw new InvalidArgumentError(
      'cause',
      `${fn} requires the cause to differ from the censoring code ${censorCode}; received ${causeCode}`,
    );
  }

  let timeLabel: string;
  let eventLabel: string;
  let timeValues: ArrayLike<unknown>;
  let eventValues: ArrayLike<unknown>;
  let covariateSpecs: { name: string; values: ArrayLike<unknown> }[];
  let dataRowOf = (i: number) => i;
  let preDropped = 0;
  if (options.formula !== undefined) {
    if (typeof options.time !== 'string' || typeof options.event !== 'string') {
      throw new InvalidArgumentError(
        'formula',
        `${fn} with a formula requires time and event to be column names`,
      );
    }
    const design = designMatrix(options.formula, data as DataInput, {
      extra: { time: options.time, event: options.event },
    });
    if (design.response !== null) {
      throw new FormulaError(
        options.formula,
        0,
        `${fn} requires a one-sided formula '~ terms'; received ${options.formula}`,
      );
    }
    timeLabel = options.time;
    eventLabel = options.event;
    timeValues = design.extra.time;
    eventValues = design.extra.event;
    covariateSpecs = [];
    design.columns.forEach((name, j) => {
      if (name === '(Intercept)') return;
      covariateSpecs.push({
        name,
        values: design.matrix.subarray(j * design.nrow, (j + 1) * design.nrow),
      });
    });
    dataRowOf = (i: number) => design.rows[i];
    preDropped = design.nDropped;
  } else {
    const timeColumn = resolveColumn(fn, 'time', data, options.time);
    const eventColumn = resolveColumn(fn, 'event', data, options.event);
    timeLabel = timeColumn.label;
    eventLabel = eventColumn.label;
    timeValues = timeColumn.values;
    eventValues = eventColumn.values;
    covariateSpecs = Array.isArray(options.covariates)
      ? (options.covariates as readonly string[]).map((name) => ({
          name,
          values: resolveColumn(fn, 'covariates', data, name).values,
        }))
      : Object.entries((options.covariates ?? {}) as Record<string, ArrayLike<unknown>>).map(
          ([name, values]) => ({
            name,
            values: resolveColumn(fn, 'covariates', undefined, values).values,
          }),
        );
  }
  const p = covariateSpecs.length;
  if (p === 0) {
    throw new InvalidArgumentError(
      'covariates',
      `${fn} requires at least one covariate (covariates or a formula); received none`,
    );
  }
  const nAll = timeValues.length;
  for (const column of [
    { label: eventLabel, values: eventValues },
    ...covariateSpecs.map((c) => ({ label: c.name, values: c.values })),
  ]) {
    if (column.values.length !== nAll) {
      throw new InvalidArgumentError(
        'data',
        `${fn} requires columns of equal length; '${timeLabel}' has ${nAll} values and '${column.label}' has ${column.values.length}`,
      );
    }
  }

  // na.omit over time, event and covariates.
  const rows: number[] = [];
  for (let i = 0; i < nAll; i++) {
    if (isMissing(timeValues[i]) || isMissing(eventValues[i])) continue;
    if (covariateSpecs.some((c) => isMissing(c.values[i]))) continue;
    rows.push(i);
  }
  const n = rows.length;
  const rawTime = rows.map((i) => {
    const t = numericCell(fn, timeLabel, timeValues[i], dataRowOf(i));
    if (!Number.isFinite(t)) {
      throw new DataError(
        `${fn} requires finite times in column '${timeLabel}'; row ${dataRowOf(i) + 1} has ${t}`,
        {
          column: timeLabel,
          row: dataRowOf(i) + 1,
        },
      );
    }
    return t;
  });
  // Stable sort by time, as crr's d[order(d$ftime), ].
  const order = Array.from({ length: n }, (_, r) => r).sort((u, v) => rawTime[u] - rawTime[v]);
  const time = new Float64Array(n);
  const status = new Int8Array(n);
  const x = new Float64Array(n * p);
  const eventCounts = { cause: 0, competing: 0, censored: 0 };
  for (let r = 0; r < n; r++) {
    const i = rows[order[r]];
    time[r] = rawTime[order[r]];
    const key = eventKey(eventValues[i]);
    if (key === censorCode) {
      status[r] = 0;
      eventCounts.censored++;
    } else if (key === causeCode) {
      status[r] = 1;
      eventCounts.cause++;
    } else {
      status[r] = 2;
      eventCounts.competing++;
    }
    for (let j = 0; j < p; j++) {
      const v = numericCell(fn, covariateSpecs[j].name, covariateSpecs[j].values[i], dataRowOf(i));
      if (!Number.isFinite(v)) {
        throw new DataError(
          `${fn} requires finite covariates; row ${dataRowOf(i) + 1} of column '${covariateSpecs[j].name}' has ${v}`,
          {
            column: covariateSpecs[j].name,
            row: dataRowOf(i) + 1,
          },
        );
      }
      x[j * n + r] = v;
    }
  }
  if (eventCounts.cause === 0) {
    throw new DataError(
      `${fn} requires at least one event of cause ${causeCode} in column '${eventLabel}'; received 0 among ${n} complete rows`,
      { column: eventLabel },
    );
  }

  const gm = censoringSurvivalBefore(time, fixTies(time).time, status);
  const fg = fineGrayData(time, status, x, p, gm);
  const warnings: SurvivalWarning[] = [];

  let b = new Float64Array(p);
  if (options.init !== undefined) {
    if (options.init.length !== p) {
      throw new InvalidArgumentError(
        'init',
        `${fn} requires init of length ${p}; received ${options.init.length}`,
      );
    }
    b = Float64Array.from(options.init);
  }

  // crr's Newton-Raphson: objective f = -logLik, gradient s = -score, Hessian = information.
  let converged = false;
  let iterations = 0;
  let dv = fineGrayDerivatives(fg, b);
  for (let ll = 0; ll <= maxIter; ll++) {
    const f = -dv.logLik;
    let lhs = 0;
    for (let j = 0; j < p; j++)
      lhs = Math.max(lhs, Math.abs(dv.score[j]) * Math.max(Math.abs(b[j]), 1));
    if (lhs < Math.max(Math.abs(f), 1) * tolerance) {
      converged = true;
      break;
    }
    if (ll === maxIter) break;
    const factor = cholesky(dv.information, p);
    if (factor === null || !Number.isFinite(f)) {
      warnings.push(
        singularInformationWarning(
          fn,
          `is not positive definite at iteration ${ll}; check for collinear or constant covariates`,
        ),
      );
      break;
    }
    let step = choleskySolve(factor, p, dv.score); // -solve(h, s)
    let directional = 0;
    for (let j = 0; j < p; j++) directional -= step[j] * dv.score[j]; // sum(sc * s)
    let bn = new Float64Array(p);
    for (let j = 0; j < p; j++) bn[j] = b[j] + step[j];
    let fbn = -fineGrayLogLik(fg, bn);
    let halvings = 0;
    while (Number.isNaN(fbn) || fbn > f + 1e-4 * directional) {
      halvings++;
      step = step.map((s) => s * 0.5);
      directional *= 0.5;
      bn = new Float64Array(p);
      for (let j = 0; j < p; j++) bn[j] = b[j] + step[j];
      fbn = -fineGrayLogLik(fg, bn);
      if (halvings > 20) break;
    }
    if (halvings > 20) {
      warnings.push(stepHalvingFailedWarning(fn, ll));
      break;
    }
    b = bn;
    iterations = ll + 1;
    dv = fineGrayDerivatives(fg, b);
  }
  if (!converged) {
    warnings.push(
      notConvergedWarning(
        fn,
        maxIter,
        'estimates may be unreliable (try a larger maxIter, or check for covariates that separate the cause)',
      ),
    );
  }

  // Sandwich variance at the final coefficients.
  const names = covariateSpecs.map((c) => c.name);
  const factor = cholesky(dv.information, p);
  let vcov = new Float64Array(p * p).fill(Number.NaN);
  if (factor !== null) {
    const inverse = choleskyInverse(factor, p);
    const meat = fineGrayMeat(fg, dv);
    vcov = new Float64Array(p * p);
    const tmp = new Float64Array(p * p);
    for (let i = 0; i < p; i++) {
      for (let j = 0; j < p; j++) {
        let s = 0;
        for (let k = 0; k < p; k++) s += inverse[k * p + i] * meat[j * p + k];
        tmp[j * p + i] = s;
      }
    }
    for (let i = 0; i < p; i++) {
      for (let j = 0; j < p; j++) {
        let s = 0;
        for (let k = 0; k < p; k++) s += tmp[k * p + i] * inverse[j * p + k];
        vcov[j * p + i] = s;
      }
    }
  } else if (!warnings.some((w) => w.code === 'singular-information')) {
    warnings.push(
      singularInformationWarning(fn, 'is singular at the estimate; no standard errors'),
    );
  }
  const z = qnorm(1 - (1 - confLevel) / 2);
  const coefficients: FineGrayCoefficient[] = names.map((term, j) => {
    const estimate = b[j];
    const stdError = Math.sqrt(vcov[j * p + j]);
    const statistic = estimate / stdError;
    const lower = estimate - z * stdError;
    const upper = estimate + z * stdError;
    return {
      term,
      estimate,
      stdError,
      statistic,
      pValue: 2 * pnorm(-Math.abs(statistic)),
      lower,
      upper,
      hazardRatio: Math.exp(estimate),
      hazardRatioLower: Math.exp(lower),
      hazardRatioUpper: Math.exp(upper),
    };
  });
  const vcovRows = names.map((_, i) => names.map((__, j) => vcov[j * p + i]));

  return {
    kind: 'fine-gray',
    formula: options.formula ?? `~ ${names.join(' + ')}`,
    method: 'pseudo-likelihood',
    confLevel,
    vcovType: 'sandwich',
    vcov: vcovRows,
    statisticType: 'z',
    dfResidual: null,
    coefficients,
    time: timeLabel,
    event: eventLabel,
    cause: causeCode,
    censorCode,
    nobs: n,
    nEvents: eventCounts.cause,
    eventCounts,
    nClusters: null,
    nDropped: preDropped + nAll - n,
    logLik: dv.logLik,
    logLikNull: fineGrayLogLik(fg, new Float64Array(p)),
    df: p,
    aic: null,
    bic: null,
    score: toList(dv.score),
    converged,
    iterations,
    baseline: { time: toList(fg.failTimes), hazardJump: toList(fineGrayBaselineJumps(fg, b)) },
    warnings,
  };
}
