import { isSqlSource, type ResultBase, type SqlSource } from '@muster/core';
import type { GroupValue } from '../internal/levels.ts';
import type { EventValue, NumericValue } from '../internal/survival-input.ts';
import { type KaplanMeierSqlOptions, kaplanMeierSql } from '../sql/kaplan-meier-sql.ts';
import type { ConfType, RestrictedMean } from '../types.ts';
import type { SurvivalWarningCode } from '../warnings.ts';
import { computeCurves } from './internal/compute-curves.ts';
import { readKaplanMeierInput } from './internal/km-input.ts';
import { validateKaplanMeierOptions } from './internal/km-options.ts';
import { kaplanMeierWarnings, summariseStratum } from './internal/summarise-stratum.ts';

/** Options of {@link kaplanMeier}. */
export interface KaplanMeierOptions {
  /** Entry times: the data are counting-process `(start, time]` intervals (late entry). */
  start?: ArrayLike<NumericValue> | null;
  /** Group of each row; one curve per level (levels ordered as R's factor()). */
  group?: ArrayLike<GroupValue> | null;
  /**
   * Case weights (>= 0, finite), as survfit's `weights`: counts at risk, events and censorings
   * are weighted sums. Non-integer weights make the variance robust (infinitesimal jackknife,
   * each row its own cluster), as survfit does.
   */
  weights?: ArrayLike<NumericValue> | null;
  /**
   * Cluster of each row (a unit, or a subject id for counting-process data): standard errors and
   * limits from the infinitesimal-jackknife (robust) variance summed within clusters, as
   * survfit's `cluster =` / `id =`.
   */
  cluster?: ArrayLike<GroupValue> | null;
  /**
   * Robust (infinitesimal-jackknife) variance: default true with `cluster` or non-integer
   * weights, false otherwise (Greenwood). True without a cluster makes each row its own cluster,
   * which is refused for counting-process data (rows of one subject would count as independent),
   * as survfit refuses it.
   */
  robust?: boolean;
  /** Survival curve: 1 Kaplan-Meier (default), 2 exp(-cumulative hazard), as survfit's stype. */
  stype?: 1 | 2;
  /** Cumulative hazard: 1 Nelson-Aalen (default), 2 Fleming-Harrington ties, as survfit's ctype. */
  ctype?: 1 | 2;
  /**
   * Start of the curves (survfit's `start.time`): rows ending before it are left out and the
   * curves, quantiles and restricted means start there. Default min(0, smallest time).
   */
  startTime?: number;
  /** Interval on the survival scale: `log` (R's default), `log-log`, `plain` or `none`. */
  confType?: ConfType;
  /** Confidence level of the pointwise intervals and of the median's interval; default 0.95. */
  confLevel?: number;
  /** Report S(t) at these times (as summary(fit, times = ...)). */
  times?: readonly number[];
  /** With `times`: also report times after the last row (S stays at its last value). */
  extend?: boolean;
  /** Report these quantiles of the survival distribution (as quantile(fit, probs)). */
  quantiles?: readonly number[];
  /**
   * Restricted mean survival time: to this horizon, to the largest last time of all curves
   * (`'common'`) or to each curve's last time (`'individual'`), as print(fit, rmean = ...).
   * A horizon before the smallest time (or before `startTime`) is refused, as R refuses it.
   */
  rmean?: number | 'common' | 'individual';
  /** Column names used in error messages. */
  names?: { time?: string; event?: string; start?: string; group?: string };
}

/** One row of a Kaplan-Meier table: a distinct event or censoring time. */
export interface KaplanMeierRow {
  time: number;
  /** Number at risk just before `time` (sum of case weights when weighted). */
  nRisk: number;
  nEvent: number;
  nCensor: number;
  /** S(t), the product-limit estimate. */
  surv: number;
  /**
   * Standard error of S(t): Greenwood's (R's std.err times surv), or the robust one of a
   * clustered or non-integer-weighted fit (R's std.err); null where undefined (S = 0).
   */
  stdErr: number | null;
  lower: number | null;
  upper: number | null;
  /** Cumulative hazard (Nelson-Aalen, or Fleming-Harrington with ctype 2), survfit's cumhaz. */
  cumHazard: number;
  /** Its standard error (survfit's std.chaz). */
  cumHazardStdErr: number;
}

/** A quantile of the survival distribution with its interval (null when not reached). */
export interface SurvivalQuantile {
  probability: number;
  time: number | null;
  lower: number | null;
  upper: number | null;
}

/** One curve of {@link kaplanMeier}. */
export interface KaplanMeierStratum {
  /** Level of the group (`'all'` for a single curve). */
  group: string;
  /** Rows used. */
  n: number;
  events: number;
  table: KaplanMeierRow[];
  /** Median survival (print.survfit's rule), null when the curve never reaches 0.5. */
  median: number | null;
  medianLower: number | null;
  medianUpper: number | null;
  quantiles?: SurvivalQuantile[];
  survivalAt?: {
    time: number;
    nRisk: number;
    nEvent: number;
    nCensor: number;
    surv: number;
    stdErr: number | null;
    lower: number | null;
    upper: number | null;
  }[];
  rmean?: RestrictedMean;
}

/** Result of {@link kaplanMeier}. */
export interface KaplanMeierResult extends ResultBase<'kaplan-meier', SurvivalWarningCode> {
  /** `kaplan-meier` (stype 1) or `exp-hazard` (stype 2: exp(-cumulative hazard)). */
  method: 'kaplan-meier' | 'exp-hazard';
  /** Cumulative hazard estimator (ctype). */
  hazard: 'nelson-aalen' | 'fleming-harrington';
  /** `greenwood` (model-based) or `robust` (infinitesimal jackknife, by cluster). */
  variance: 'greenwood' | 'robust';
  /** Clusters of a robust variance (rows when each row is its own), else null. */
  nClusters: number | null;
  /** Start of the curves (survfit's start.time, default min(0, smallest time)). */
  startTime: number;
  type: 'right' | 'counting';
  confType: ConfType;
  confLevel: number;
  /** Rows used (after dropping missing values). */
  nobs: number;
  nDropped: number;
  strata: KaplanMeierStratum[];
}

/**
 * Kaplan-Meier product-limit estimate of the survival function, per group, with Greenwood
 * standard errors and pointwise intervals, as R's `survfit(Surv(time, event) ~ group)`; with
 * case weights, clustered (robust) standard errors, the Nelson-Aalen cumulative hazard and
 * survfit's `stype`, `ctype` and `start.time`.
 *
 * Rows are reported at every distinct time, censored ones included. Counting-process data
 * (`start` given) estimate the curve under late entry: a row is at risk at t when start < t <= time.
 * The median and its interval follow print.survfit (the first time S(t) <= 0.5, the midpoint of a
 * flat segment at exactly 0.5; the interval from where the pointwise limits cross 0.5); `quantiles`
 * follow quantile.survfit; `times` follows summary.survfit; `rmean` the restricted mean of
 * print(fit, rmean = ...) with its standard error.
 *
 * Weighted counts and clustered variances follow survfitkm.c: the robust variance of S(t) is the
 * sum over clusters of the squared summed influences (w_i dS/dw_i), which equals Greenwood's when
 * every row is its own cluster and weights are 1.
 *
 * Missing values (null, NaN) in time, event, start, group, weights or cluster drop the row
 * (R's na.omit). A curve
 * without events stays at 1 and its median is null; a curve whose last subject has an event ends
 * at S = 0 with undefined (null) standard error and limits, as in R.
 *
 * Reference: Kaplan & Meier (1958), JASA 53:457-481; Therneau & Grambsch (2000), Modeling
 * Survival Data, ch. 2; R survival's survfitKM / survfit_confint / survmean.
 *
 * @param time - Event or censoring times (negative times are accepted, as R does).
 * @param event - 1 (or true) for an event, 0 (or false) for censoring.
 * @param options - See {@link KaplanMeierOptions}.
 * @returns One stratum per group with its table, median and requested summaries.
 * @throws DataError for a non-numeric or infinite time, stop not after start, a negative or
 *   infinite weight, or an event code other than 0/1/true/false (row and column named).
 * @throws InvalidArgumentError for an unknown option, arrays of different lengths, an unknown
 *   confType, a confLevel outside (0, 1), robust = true on counting-process data without a
 *   cluster, an rmean horizon before the first time, or no complete rows.
 * @example
 * ```ts
 * const fit = kaplanMeier([1, 2, 2, 3], [1, 1, 0, 1]);
 * fit.strata[0].table.map((row) => row.surv);
 * // => [0.75, 0.5, 0]   (rows at times 1, 2 and 3)
 * fit.strata[0].median;
 * // => 2.5
 * ```
 */
export function kaplanMeier(
  time: ArrayLike<NumericValue>,
  event: ArrayLike<EventValue>,
  options?: KaplanMeierOptions,
): KaplanMeierResult;
/**
 * {@link kaplanMeier} on a table in a SQL engine (a `SqlSource`, e.g. `duckdbSource(db, 'panel')`
 * of `@muster/duckdb`), columns named in `options`: the engine reduces the rows to one per
 * distinct (group, start, time, event) with summed case weights and counts (GROUP BY), and the
 * estimate runs on those, so memory grows with the distinct times, not the rows. With integer
 * weights (1 by default) every quantity equals the in-memory one (Greenwood variance, cumulative
 * hazard, medians, quantiles, restricted means); non-integer weights, clusters, `robust` and
 * `startTime` are refused.
 *
 * @param source - The source.
 * @param options - `time`, `event` (0/1 or boolean), optional `start`, `group`, `weights` columns,
 *   and the in-memory options (`confType`, `confLevel`, `times`, `quantiles`, `rmean`, `stype`,
 *   `ctype`, `extend`).
 * @returns A promise of the {@link KaplanMeierResult}.
 * @throws DataError for non-integer weights or event codes other than 0/1; InvalidArgumentError
 *   for unknown options.
 * @example
 * ```ts
 * import { duckdbSource, openDatabase } from '@muster/duckdb';
 *
 * const db = await openDatabase();
 * const rows = duckdbSource(db, 'SELECT * FROM (VALUES (1, 1), (2, 1), (2, 0), (3, 1)) t(time, status)');
 * const fit = await kaplanMeier(rows, { time: 'time', event: 'status' });
 * fit.strata[0].table.map((row) => row.surv);
 * // => [0.75, 0.5, 0]
 * db.close();
 * ```
 */
export function kaplanMeier(
  source: SqlSource,
  options: KaplanMeierSqlOptions,
): Promise<KaplanMeierResult>;
export function kaplanMeier(
  time: ArrayLike<NumericValue> | SqlSource,
  event: ArrayLike<EventValue> | KaplanMeierSqlOptions,
  options: KaplanMeierOptions = {},
): KaplanMeierResult | Promise<KaplanMeierResult> {
  if (isSqlSource(time)) {
    return kaplanMeierSql(time, event as KaplanMeierSqlOptions, kaplanMeierInMemory);
  }
  return kaplanMeierInMemory(time, event as ArrayLike<EventValue>, options);
}

function kaplanMeierInMemory(
  time: ArrayLike<NumericValue>,
  event: ArrayLike<EventValue>,
  options: KaplanMeierOptions = {},
): KaplanMeierResult {
  const settings = validateKaplanMeierOptions(options);
  const input = readKaplanMeierInput(time, event, options, settings);
  const curves = computeCurves(input, settings);
  const strata = curves.map((rows, g) =>
    summariseStratum(rows, g, input, settings, options, curves),
  );
  return {
    kind: 'kaplan-meier',
    method: settings.stype === 1 ? 'kaplan-meier' : 'exp-hazard',
    hazard: settings.ctype === 1 ? 'nelson-aalen' : 'fleming-harrington',
    variance: input.cluster ? 'robust' : 'greenwood',
    nClusters: input.cluster ? input.nClusters : null,
    startTime: input.startTime,
    type: input.start ? 'counting' : 'right',
    confType: settings.confType,
    confLevel: settings.confLevel,
    nobs: input.n,
    nDropped: input.nDropped,
    strata,
    warnings: kaplanMeierWarnings(input, strata),
  };
}
