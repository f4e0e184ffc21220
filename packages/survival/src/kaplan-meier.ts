import { InvalidArgumentError, type MusterWarning, qnorm, warning } from '@muster/core';
import { aeqSurv } from './internal/aeq-surv.ts';
import { CONF_TYPES, type ConfType, confLimits } from './internal/conf-int.ts';
import {
  type CurveRows,
  medianTime,
  quantileTime,
  type RestrictedMean,
  restrictedMean,
  type SurvivalAtRow,
  survivalAt,
} from './internal/curve-summary.ts';
import { type GroupValue, toLevels } from './internal/levels.ts';
import { groupStable, sortIndex } from './internal/sort-index.ts';
import { type EventValue, type NumericValue, readSurvival } from './internal/survival-input.ts';

/** Options of {@link kaplanMeier}. */
export interface KaplanMeierOptions {
  /** Entry times: the data are counting-process `(start, time]` intervals (late entry). */
  start?: ArrayLike<NumericValue> | null;
  /** Group of each row; one curve per level (levels ordered as R's factor()). */
  group?: ArrayLike<GroupValue> | null;
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
   */
  rmean?: number | 'common' | 'individual';
  /** Column names used in error messages. */
  names?: { time?: string; event?: string; start?: string; group?: string };
}

/** One row of a Kaplan-Meier table: a distinct event or censoring time. */
export interface KaplanMeierRow {
  time: number;
  /** Number at risk just before `time`. */
  nRisk: number;
  nEvent: number;
  nCensor: number;
  /** S(t), the product-limit estimate. */
  surv: number;
  /** Greenwood standard error of S(t) (R's std.err times surv); null where undefined (S = 0). */
  stdErr: number | null;
  lower: number | null;
  upper: number | null;
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
export interface KaplanMeierResult {
  method: 'kaplan-meier';
  variance: 'greenwood';
  type: 'right' | 'counting';
  confType: ConfType;
  confLevel: number;
  /** Rows used (after dropping missing values). */
  nobs: number;
  nDropped: number;
  strata: KaplanMeierStratum[];
  warnings: MusterWarning[];
}

const nullable = (x: number): number | null => (Number.isNaN(x) ? null : x);

/**
 * Compute one curve's rows from rows sorted by time (`order[from..to)`), right-censored or
 * counting-process.
 *
 * Contract: `order` lists row indices of one stratum by ascending stop time; for counting data
 * `startOrder[from..to)` lists the same rows by ascending start. Returns the rows of every
 * distinct stop time: nRisk = #{start < t <= stop}, nEvent, nCensor, S(t) = prod (1 - d/n), and
 * Greenwood's sum d / (n (n - d)) as the standard error of log S (Inf once S = 0).
 */
function curveRows(
  stop: Float64Array,
  event: Uint8Array,
  start: Float64Array | null,
  order: Int32Array,
  startOrder: Int32Array | null,
  from: number,
  to: number,
): CurveRows {
  const times: number[] = [];
  const nRisk: number[] = [];
  const nEvent: number[] = [];
  const nCensor: number[] = [];
  const surv: number[] = [];
  const seLog: number[] = [];
  let s = 1;
  let greenwood = 0;
  let startPointer = from;
  let i = from;
  while (i < to) {
    const t = stop[order[i]];
    let d = 0;
    let c = 0;
    const first = i;
    while (i < to && stop[order[i]] === t) {
      if (event[order[i]] === 1) d++;
      else c++;
      i++;
    }
    let atRisk: number;
    if (start && startOrder) {
      // entered (start < t) minus left before t (stop < t)
      while (startPointer < to && start[startOrder[startPointer]] < t) startPointer++;
      atRisk = startPointer - from - (first - from);
    } else {
      atRisk = to - first;
    }
    if (d > 0) {
      s *= 1 - d / atRisk;
      greenwood += atRisk === d ? Number.POSITIVE_INFINITY : d / (atRisk * (atRisk - d));
    }
    times.push(t);
    nRisk.push(atRisk);
    nEvent.push(d);
    nCensor.push(c);
    surv.push(s);
    seLog.push(Math.sqrt(greenwood));
  }
  const m = times.length;
  return {
    time: Float64Array.from(times),
    nRisk: Float64Array.from(nRisk),
    nEvent: Float64Array.from(nEvent),
    nCensor: Float64Array.from(nCensor),
    surv: Float64Array.from(surv),
    seLog: Float64Array.from(seLog),
    lower: new Float64Array(m),
    upper: new Float64Array(m),
  };
}

/**
 * Kaplan-Meier product-limit estimate of the survival function, per group, with Greenwood
 * standard errors and pointwise intervals, as R's `survfit(Surv(time, event) ~ group)`.
 *
 * Rows are reported at every distinct time, censored ones included. Counting-process data
 * (`start` given) estimate the curve under late entry: a row is at risk at t when start < t <= time.
 * The median and its interval follow print.survfit (the first time S(t) <= 0.5, the midpoint of a
 * flat segment at exactly 0.5; the interval from where the pointwise limits cross 0.5); `quantiles`
 * follow quantile.survfit; `times` follows summary.survfit; `rmean` the restricted mean of
 * print(fit, rmean = ...) with its standard error.
 *
 * Missing values (null, NaN) in time, event, start or group drop the row (R's na.omit). A curve
 * without events stays at 1 and its median is null; a curve whose last subject has an event ends
 * at S = 0 with undefined (null) standard error and limits, as in R.
 *
 * Reference: Kaplan & Meier (1958), JASA 53:457-481; Therneau & Grambsch (2000), Modeling
 * Survival Data, ch. 2; R survival's survfitKM / survfit_confint / survmean.
 *
 * @param time - Event or censoring times; non-negative unless `start` is given.
 * @param event - 1 (or true) for an event, 0 (or false) for censoring.
 * @param options - See {@link KaplanMeierOptions}.
 * @returns One stratum per group with its table, median and requested summaries.
 * @throws DataError for a non-numeric or infinite time, a negative time (right-censored data),
 *   stop not after start, or an event code other than 0/1/true/false (row and column named).
 * @throws InvalidArgumentError for arrays of different lengths, an unknown confType, a confLevel
 *   outside (0, 1), or no complete rows.
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
  options: KaplanMeierOptions = {},
): KaplanMeierResult {
  const confType = options.confType ?? 'log';
  if (!CONF_TYPES.includes(confType)) {
    throw new InvalidArgumentError(
      'confType',
      `kaplanMeier requires confType log, log-log, plain or none; received ${String(confType)}`,
    );
  }
  const confLevel = options.confLevel ?? 0.95;
  if (!(confLevel > 0 && confLevel < 1)) {
    throw new InvalidArgumentError(
      'confLevel',
      `kaplanMeier requires confLevel in (0, 1); received ${confLevel}`,
    );
  }
  const group = options.group ?? null;
  const data = readSurvival('kaplanMeier', {
    time,
    event,
    start: options.start ?? null,
    extra: group ? [group] : [],
    names: options.names,
  });
  const n = data.stop.length;
  if (n === 0) {
    throw new InvalidArgumentError(
      'time',
      'kaplanMeier requires at least one row without missing values; received 0',
    );
  }
  let labels = ['all'];
  let codes: Int32Array = new Int32Array(n);
  if (group) {
    let keptGroup: ArrayLike<GroupValue> = group;
    if (data.nDropped > 0) {
      const subset: GroupValue[] = new Array(n);
      for (let i = 0; i < n; i++) subset[i] = group[data.rows[i]];
      keptGroup = subset;
    }
    const levels = toLevels(keptGroup);
    labels = levels.labels;
    codes = levels.codes;
  }
  const nGroups = labels.length;
  const stopSort = sortIndex(data.stop);
  const { stop, start } = aeqSurv('kaplanMeier', data.stop, data.start, stopSort, data.rows);
  const order = groupStable(stopSort, codes, nGroups);
  const startOrder = start ? groupStable(sortIndex(start), codes, nGroups) : null;
  const bounds = new Int32Array(nGroups + 1);
  for (let i = 0; i < n; i++) bounds[codes[i] + 1]++;
  for (let g = 0; g < nGroups; g++) bounds[g + 1] += bounds[g];

  const z = qnorm(1 - (1 - confLevel) / 2);
  const curves: CurveRows[] = [];
  for (let g = 0; g < nGroups; g++) {
    const rows = curveRows(stop, data.event, start, order, startOrder, bounds[g], bounds[g + 1]);
    for (let i = 0; i < rows.time.length; i++) {
      const [lower, upper] = confLimits(rows.surv[i], rows.seLog[i], z, confType);
      rows.lower[i] = lower;
      rows.upper[i] = upper;
    }
    curves.push(rows);
  }

  let firstTime = Number.POSITIVE_INFINITY;
  let lastTimeAll = Number.NEGATIVE_INFINITY;
  for (const rows of curves) {
    if (rows.time.length === 0) continue;
    firstTime = Math.min(firstTime, rows.time[0]);
    lastTimeAll = Math.max(lastTimeAll, rows.time[rows.time.length - 1]);
  }
  const startTime = Math.min(0, firstTime);
  const rmean = options.rmean;
  if (rmean !== undefined && typeof rmean === 'number' && !Number.isFinite(rmean)) {
    throw new InvalidArgumentError(
      'rmean',
      `kaplanMeier requires a finite rmean horizon; received ${rmean}`,
    );
  }
  if (
    rmean !== undefined &&
    typeof rmean !== 'number' &&
    rmean !== 'common' &&
    rmean !== 'individual'
  ) {
    throw new InvalidArgumentError(
      'rmean',
      `kaplanMeier requires rmean to be a number, 'common' or 'individual'; received ${String(rmean)}`,
    );
  }
  for (const p of options.quantiles ?? []) {
    if (!(p >= 0 && p <= 1)) {
      throw new InvalidArgumentError(
        'quantiles',
        `kaplanMeier requires quantile probabilities in [0, 1]; received ${p}`,
      );
    }
  }

  const strata: KaplanMeierStratum[] = curves.map((rows, g) => {
    const m = rows.time.length;
    const table: KaplanMeierRow[] = new Array(m);
    let events = 0;
    for (let i = 0; i < m; i++) {
      events += rows.nEvent[i];
      table[i] = {
        time: rows.time[i],
        nRisk: rows.nRisk[i],
        nEvent: rows.nEvent[i],
        nCensor: rows.nCensor[i],
        surv: rows.surv[i],
        stdErr: nullable(rows.seLog[i] * rows.surv[i]),
        lower: confType === 'none' ? null : nullable(rows.lower[i]),
        upper: confType === 'none' ? null : nullable(rows.upper[i]),
      };
    }
    const hasLimits = confType !== 'none';
    const stratum: KaplanMeierStratum = {
      group: labels[g],
      n: bounds[g + 1] - bounds[g],
      events,
      table,
      median: nullable(medianTime(rows.surv, rows.time)),
      medianLower: hasLimits ? nullable(medianTime(rows.lower, rows.time)) : null,
      medianUpper: hasLimits ? nullable(medianTime(rows.upper, rows.time)) : null,
    };
    if (options.quantiles) {
      stratum.quantiles = options.quantiles.map((p) => ({
        probability: p,
        time: nullable(quantileTime(p, rows.surv, rows.time, 0)),
        lower: hasLimits ? nullable(quantileTime(p, rows.lower, rows.time, 0)) : null,
        upper: hasLimits ? nullable(quantileTime(p, rows.upper, rows.time, 0)) : null,
      }));
    }
    if (options.times) {
      stratum.survivalAt = survivalAt(rows, options.times, startTime, options.extend ?? false).map(
        (row: SurvivalAtRow) => ({
          ...row,
          stdErr: nullable(row.stdErr),
          lower: hasLimits ? nullable(row.lower) : null,
          upper: hasLimits ? nullable(row.upper) : null,
        }),
      );
    }
    if (rmean !== undefined) {
      const horizon =
        rmean === 'common' ? lastTimeAll : rmean === 'individual' ? rows.time[m - 1] : rmean;
      stratum.rmean = restrictedMean(rows, horizon, startTime);
    }
    return stratum;
  });

  const warnings: MusterWarning[] = [];
  if (data.nDropped > 0) {
    warnings.push(
      warning(
        'missing-values-dropped',
        `kaplanMeier dropped ${data.nDropped} row(s) with a missing time, event, start or group`,
      ),
    );
  }
  for (const stratum of strata) {
    if (stratum.events === 0) {
      warnings.push(
        warning(
          'no-events',
          `kaplanMeier: group ${stratum.group} has no events; its curve stays at 1 and its median is not reached`,
          [stratum.group],
        ),
      );
    }
  }
  return {
    method: 'kaplan-meier',
    variance: 'greenwood',
    type: data.start ? 'counting' : 'right',
    confType,
    confLevel,
    nobs: n,
    nDropped: data.nDropped,
    strata,
    warnings,
  };
}
