import { checkOptionKeys, InvalidArgumentError, qnorm, type ResultBase } from '@muster/core';
import type { CauseInfo, ColumnSpec, CompetingData, GrayTestRow } from '../types.ts';
import {
  causeWithoutEventsWarning,
  differsFromSurvfitWarning,
  emptyIntervalsDroppedWarning,
  rowsBeforeStartTimeWarning,
  type SurvivalWarning,
  type SurvivalWarningCode,
} from '../warnings.ts';
import { aalenJohansenClustered } from './internal/aalen-johansen-clustered.ts';
import { aalenJohansenKernel } from './internal/aalen-johansen-kernel.ts';
import {
  type CompetingInput,
  prepareCompeting,
  subsetCompeting,
} from './internal/competing-input.ts';
import { grayStatistics } from './internal/gray-statistics.ts';
import { incidenceRows } from './internal/incidence-rows.ts';
import { checkSubjects, lateEntryStrata } from './internal/late-entry-curves.ts';
import { distinctTimes, fixTies } from './internal/time-index.ts';

/** Confidence interval transform for the cumulative incidence (R survfit's `conf.type`). */
export type CumulativeIncidenceConfType = 'log' | 'log-log' | 'plain' | 'none';

/** Options of {@link cumulativeIncidence}. */
export interface CumulativeIncidenceOptions {
  /** Follow-up time: a column name in `data` or the values. */
  time: ColumnSpec;
  /** Event code: `censorCode` (default 0) for censored, otherwise the cause. */
  event: ColumnSpec;
  /** Optional grouping column: one curve per group, and Gray's test across groups. */
  group?: ColumnSpec | null;
  /** Optional strata for Gray's test only (cmprsk's `strata`); the curves are not stratified. */
  strata?: ColumnSpec | null;
  /**
   * Cluster (e.g. the soldier's unit): standard errors and limits from the infinitesimal-jackknife
   * influences summed within clusters, as survfit(..., cluster = unit); Gray's test is unchanged.
   */
  cluster?: ColumnSpec | null;
  /**
   * Causes, as `{ code: name }` (e.g. `{ 1: 'desertion', 2: 'killed' }`) or a list of codes.
   * Default: every event code other than `censorCode`, sorted, named by its code. An event code
   * that is neither listed nor the censoring code is an error.
   */
  causes?: Record<string, string> | readonly (string | number)[] | null;
  /** Event code of censored observations. Default 0. */
  censorCode?: string | number;
  /** Interval transform. Default 'log' (as survfit). */
  confType?: CumulativeIncidenceConfType;
  /** Confidence level. Default 0.95. */
  confLevel?: number;
  /** Power rho of Gray's weight (1 - F(t-))^rho. Default 0 (cmprsk's default). */
  rho?: number;
  /**
   * Entry time: with it each row is a counting-process interval (start, time] (late entry, or a
   * soldier's follow-up split at a change of posting), as `Surv(start, stop, factor(event))`.
   * Needs `id`. Gray's test is not computed for such rows (cmprsk's test has no late entry).
   */
  start?: ColumnSpec | null;
  /**
   * Subject id of (start, time] rows: a subject's rows must be contiguous and only the last may
   * end in an event; the jackknife influences are summed by id (survfit's `id =`), or by
   * `cluster` when it is given. Only with `start`.
   */
  id?: ColumnSpec | null;
  /** survfit's `start.time`: rows ending before it are left out (with a warning). */
  startTime?: number;
}

/** One row of a cumulative incidence table: a distinct time of the group. */
export interface CumulativeIncidenceRow {
  time: number;
  /** Number at risk (event-free and uncensored) just before `time`. */
  nRisk: number;
  /** Events at `time`, by cause name. */
  nEvent: Record<string, number>;
  /** Censored at `time`. */
  nCensor: number;
  /** Aalen-Johansen cumulative incidence at `time`, by cause name. */
  cif: Record<string, number>;
  /** Infinitesimal-jackknife standard error of `cif`, by cause name. */
  stdErr: Record<string, number>;
  /** Lower confidence limit by cause name (null where the transform is undefined, e.g. cif = 0). */
  lower: Record<string, number | null>;
  /** Upper confidence limit by cause name. */
  upper: Record<string, number | null>;
  /** Probability of being event-free (the Kaplan-Meier of any event); survival + sum(cif) = 1. */
  survival: number;
  /** Standard error of `survival`. */
  survivalStdErr: number;
}

/** The curves of one group. */
export interface CumulativeIncidenceStratum {
  /** Group level, or null when there is no grouping. */
  group: string | null;
  /** Observations in the group. */
  n: number;
  table: CumulativeIncidenceRow[];
}

/** Result of {@link cumulativeIncidence}. */
export interface CumulativeIncidenceResult
  extends ResultBase<'cumulative-incidence', SurvivalWarningCode> {
  method: 'aalen-johansen';
  /** How standard errors were computed: R survfit's infinitesimal jackknife. */
  variance: 'infinitesimal-jackknife';
  /** Clusters the influences were summed within (`cluster` option), else null. */
  nClusters: number | null;
  /** Tied times: all events at a time enter one transition (no jitter). */
  ties: 'exact';
  confType: CumulativeIncidenceConfType;
  confLevel: number;
  time: string;
  event: string;
  /** Entry-time column of (start, time] rows, or null. */
  start: string | null;
  /** Subject id column of (start, time] rows, or null. */
  id: string | null;
  /** survfit's start.time, or null. */
  startTime: number | null;
  group: string | null;
  censorCode: string;
  causes: CauseInfo[];
  nobs: number;
  nDropped: number;
  strata: CumulativeIncidenceStratum[];
  /** Gray's K-sample test per cause (cmprsk::cuminc), or null with a single group. */
  grayTest: GrayTestRow[] | null;
  /** Power rho used by Gray's test. */
  rho: number;
}

/**
 * Cumulative incidence of each cause of a competing-risks outcome by the Aalen-Johansen
 * estimator, per group, with standard errors, pointwise intervals and Gray's K-sample test.
 *
 * Method: the Aalen-Johansen estimator of the competing-risks multi-state model, as R's
 * `survfit(Surv(time, factor(event)) ~ group)` (survival 3.5): F_k(t) = sum over event times
 * s <= t of S(s-) d_k(s)/n(s), with S the Kaplan-Meier estimate of any event. Standard errors are
 * survfit's infinitesimal jackknife, computed exactly in O(K) per time (see
 * docs/competing-risks.md). Ties are exact; near-equal times are merged as survfit's `aeqSurv`.
 * Intervals use survfit's transforms (default log, upper limit capped at 1). With two or more
 * groups, Gray's (1988) test compares each cause's incidence across groups, as
 * `cmprsk::cuminc` (crstm, weight (1 - F(t-))^rho, optional strata).
 * With `start` and `id`, rows are counting-process intervals (start, time] (late entry, or a
 * soldier's follow-up split in contiguous rows), as `survfit(Surv(start, stop, factor(event)) ~
 * group, id = id)`: the risk set at t holds the rows with start < t <= stop and the influences
 * are summed by id (or by `cluster`); `startTime` is survfit's `start.time`.
 * References: Aalen & Johansen (1978) Scand J Stat 5:141-150; Gray (1988) Ann Stat 16:1141-1154;
 * Therneau, Crowson & Atkinson, "Multi-state models and competing risks" (survival vignette).
 *
 * @param data - Columns by name (as `readCsv` returns, or an arquero table); may be omitted when
 *   every column option is given as an array.
 * @param options - `time`, `event` (required), `group`, `causes`, `censorCode`, `confType`,
 *   `confLevel`, `strata`, `rho`, `cluster`, `start` with `id`, `startTime`; see
 *   {@link CumulativeIncidenceOptions}.
 * @returns One table per group with a row per distinct time (censoring-only times included):
 *   `time`, `nRisk`, `cif`, `stdErr`, `lower`, `upper` keyed by cause name, plus `survival`;
 *   `grayTest` when there are groups; `nobs`, `nDropped` (rows with a missing value), `warnings`.
 * @throws DataError for a missing column, a non-numeric or infinite time, an event code that
 *   is neither the censoring code nor a listed cause, or a subject's (start, time] rows that
 *   overlap, leave a gap or go on after an event. InvalidArgumentError for bad options (`start`
 *   without `id`).
 * @example
 * ```ts
 * const data = { t: [1, 2, 2, 3, 4], e: [1, 2, 0, 1, 0] };
 * const fit = cumulativeIncidence(data, { time: 't', event: 'e', causes: { 1: 'desertion', 2: 'killed' } });
 * fit.strata[0].table[1].cif;
 * // => { desertion: 0.2, killed: 0.2 }
 *
 * // late entry: soldier 1's follow-up in two rows, soldiers 2 and 4 join after time 0
 * const late = { id: [1, 1, 2, 3, 4], start: [0, 2, 1, 0, 3], stop: [2, 5, 4, 3, 6], e: [0, 1, 2, 1, 0] };
 * const causes = { 1: 'desertion', 2: 'killed' };
 * const aj = cumulativeIncidence(late, { start: 'start', time: 'stop', event: 'e', id: 'id', causes });
 * aj.strata[0].table[3].nRisk;
 * // => 2
 * aj.strata[0].table[3].cif; // survfit(Surv(start, stop, factor(e)) ~ 1, id = id)
 * // => { desertion: 0.5556, killed: 0.2222 }
 * ```
 */
export function cumulativeIncidence(
  data: CompetingData | undefined,
  options: CumulativeIncidenceOptions,
): CumulativeIncidenceResult {
  checkOptionKeys('cumulativeIncidence', options, [
    'time',
    'event',
    'group',
    'strata',
    'cluster',
    'causes',
    'censorCode',
    'confType',
    'confLevel',
    'rho',
    'start',
    'id',
    'startTime',
  ]);
  const fn = 'cumulativeIncidence';
  const confType = options?.confType ?? 'log';
  if (!['log', 'log-log', 'plain', 'none'].includes(confType)) {
    throw new InvalidArgumentError(
      'confType',
      `${fn} requires confType to be log, log-log, plain or none; received ${String(confType)}`,
    );
  }
  const confLevel = options?.confLevel ?? 0.95;
  if (!(confLevel > 0 && confLevel < 1)) {
    throw new InvalidArgumentError(
      'confLevel',
      `${fn} requires confLevel in (0, 1); received ${String(confLevel)}`,
    );
  }
  const rho = options?.rho ?? 0;
  if (!Number.isFinite(rho)) {
    throw new InvalidArgumentError('rho', `${fn} requires a finite rho; received ${String(rho)}`);
  }
  const hasStart = options.start !== undefined && options.start !== null;
  const hasId = options.id !== undefined && options.id !== null;
  if (hasStart !== hasId) {
    throw new InvalidArgumentError(
      hasStart ? 'id' : 'start',
      hasStart
        ? `${fn} requires an id with start (the subject each (start, time] row belongs to), as survfit ("an id statement is required for start,stop data"); received none`
        : `${fn} uses id only with start (counting-process rows); received id without start`,
    );
  }
  const startTime = options.startTime ?? null;
  if (startTime !== null && !Number.isFinite(startTime)) {
    throw new InvalidArgumentError(
      'startTime',
      `${fn} requires a finite startTime; received ${String(startTime)}`,
    );
  }
  const warnings: SurvivalWarning[] = [];
  let input = prepareCompeting(fn, data, options);
  if (input.emptyIntervals.length > 0) {
    warnings.push(emptyIntervalsDroppedWarning(fn, input.emptyIntervals));
  }
  if (startTime !== null) {
    const keep: number[] = [];
    for (let i = 0; i < input.time.length; i++) if (input.time[i] >= startTime) keep.push(i);
    if (keep.length < input.time.length) {
      warnings.push(rowsBeforeStartTimeWarning(fn, input.time.length - keep.length, startTime));
      input = subsetCompeting(input, keep);
    }
  }
  const K = input.causes.length;
  const n = input.time.length;
  if (n === 0) {
    throw new InvalidArgumentError(
      'data',
      `${fn} requires at least one complete observation${startTime === null ? '' : ' ending at or after startTime'}; received 0 (${input.nDropped} dropped for missing values)`,
    );
  }
  if (input.start) checkSubjects(fn, input, input.start);
  warnings.push(...survfitDifferences(fn, input));
  const z = qnorm(1 - (1 - confLevel) / 2);

  const totals = new Int32Array(K + 1);
  for (let i = 0; i < n; i++) totals[input.status[i]]++;
  for (let k = 1; k <= K; k++) {
    if (totals[k] === 0) {
      warnings.push(
        causeWithoutEventsWarning(
          fn,
          input.causes[k - 1].name,
          'its cumulative incidence is 0 at every time',
        ),
      );
    }
  }

  const names = input.causes.map((c) => c.name);
  const strata = input.start
    ? lateEntryStrata(input, input.start, names, confType, z)
    : rightCensoredStrata(input, names, confType, z);
  const grayTest =
    input.groupLevels.length > 1 && !input.start ? grayStatistics(fn, input, rho, warnings) : null;

  return {
    kind: 'cumulative-incidence',
    method: 'aalen-johansen',
    variance: 'infinitesimal-jackknife',
    nClusters: input.clusterLevels.length > 0 ? input.clusterLevels.length : null,
    ties: 'exact',
    confType,
    confLevel,
    time: input.timeLabel,
    event: input.eventLabel,
    start: input.startLabel,
    id: input.idLabel,
    startTime,
    group: input.groupLabel,
    censorCode: input.censorCode,
    causes: input.causes,
    nobs: n,
    nDropped: input.nDropped,
    strata,
    grayTest,
    rho,
    warnings,
  };
}

/** The deliberate differences from survfit this call meets (the README lists them). */
function survfitDifferences(fn: string, input: CompetingInput): SurvivalWarning[] {
  const out: SurvivalWarning[] = [];
  if (input.clusterLevels.length > 0) {
    out.push(
      differsFromSurvfitWarning(
        fn,
        `the standard errors sum the influences within the ${input.clusterLevels.length} clusters, where survival 3.5-3's survfit(..., cluster =) sums them by id`,
      ),
    );
  }
  if (input.start) {
    out.push(
      differsFromSurvfitWarning(
        fn,
        "on (start, stop] rows nCensor counts every censored row of a subject (survfit merges the middle rows of a run of three or more; the estimates are equal), and there is no Gray's test (cmprsk's has no late entry)",
      ),
    );
  }
  return out;
}

/** One table per group for right-censored rows (everyone at risk from the start). */
function rightCensoredStrata(
  input: CompetingInput,
  names: string[],
  confType: CumulativeIncidenceConfType,
  z: number,
): CumulativeIncidenceStratum[] {
  const n = input.time.length;
  const K = input.causes.length;
  const raw = distinctTimes(input.time);
  const fixed = fixTies(input.time, raw.unique);
  const { unique, index } = fixed.changed ? distinctTimes(fixed.time) : raw;
  const ntime = unique.length;
  const ng = Math.max(1, input.groupLevels.length);
  const width = K + 1;
  const counts = new Int32Array(ng * ntime * width);
  const groupSize = new Int32Array(ng);
  for (let i = 0; i < n; i++) {
    const g = input.group[i];
    groupSize[g]++;
    counts[(g * ntime + index[i]) * width + input.status[i]]++;
  }

  const strata: CumulativeIncidenceStratum[] = [];
  for (let g = 0; g < ng; g++) {
    // Compact this group's times (those with at least one observation).
    let m = 0;
    for (let j = 0; j < ntime; j++) {
      let any = 0;
      for (let s = 0; s < width; s++) any += counts[(g * ntime + j) * width + s];
      if (any > 0) m++;
    }
    const times = new Float64Array(m);
    const local = new Int32Array(m * width);
    m = 0;
    for (let j = 0; j < ntime; j++) {
      const o = (g * ntime + j) * width;
      let any = 0;
      for (let s = 0; s < width; s++) any += counts[o + s];
      if (any === 0) continue;
      times[m] = unique[j];
      for (let s = 0; s < width; s++) local[m * width + s] = counts[o + s];
      m++;
    }
    const curve = aalenJohansenKernel(local, m, groupSize[g], K);
    if (input.clusterLevels.length > 0) {
      const clustered = clusteredErrors(input, index, g, ng, ntime, K);
      curve.survivalStdErr = clustered.survivalStdErr;
      curve.cifStdErr = clustered.cifStdErr;
    }
    const table = incidenceRows(curve, local, times, names, confType, z);
    strata.push({
      group: input.groupLevels.length > 0 ? input.groupLevels[g] : null,
      n: groupSize[g],
      table,
    });
  }

  return strata;
}

/** Clustered standard errors of group g's curve (times compacted to the group's own). */
function clusteredErrors(
  input: CompetingInput,
  index: Int32Array,
  g: number,
  ng: number,
  ntime: number,
  K: number,
): { survivalStdErr: Float64Array; cifStdErr: Float64Array } {
  const members: number[] = [];
  for (let i = 0; i < input.time.length; i++) if (ng === 1 || input.group[i] === g) members.push(i);
  members.sort((u, v) => index[u] - index[v] || u - v);
  const local = new Int32Array(ntime).fill(-1);
  let m = 0;
  for (const i of members) if (local[index[i]] < 0) local[index[i]] = m++;
  return aalenJohansenClustered(
    Int32Array.from(members, (i) => local[index[i]]),
    Int32Array.from(members, (i) => input.status[i]),
    Int32Array.from(members, (i) => input.cluster[i]),
    m,
    input.clusterLevels.length,
    K,
  );
}
