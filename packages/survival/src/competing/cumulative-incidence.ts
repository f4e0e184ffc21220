import { checkOptionKeys, InvalidArgumentError, qnorm, type ResultBase } from '@muster/core';
import type { CauseInfo, ColumnSpec, CompetingData, GrayTestRow } from '../types.ts';
import {
  causeWithoutEventsWarning,
  type SurvivalWarning,
  type SurvivalWarningCode,
} from '../warnings.ts';
import { aalenJohansenClustered } from './internal/aalen-johansen-clustered.ts';
import { aalenJohansenKernel } from './internal/aalen-johansen-kernel.ts';
import { prepareCompeting } from './internal/competing-input.ts';
import { grayStatistics } from './internal/gray-statistics.ts';
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

function interval(
  confType: CumulativeIncidenceConfType,
  p: number,
  se: number,
  z: number,
): [number | null, number | null] {
  // R survival's survfit_confint with logse = FALSE.
  if (confType === 'none') return [null, null];
  const relative = se === 0 ? 0 : se / p;
  if (confType === 'plain') {
    const width = relative * p * z;
    return [Math.max(p - width, 0), Math.min(p + width, 1)];
  }
  if (confType === 'log') {
    if (p === 0) return [null, null];
    return [
      Math.exp(Math.log(p) - z * relative),
      Math.min(Math.exp(Math.log(p) + z * relative), 1),
    ];
  }
  if (p === 0 || p === 1) return [null, null];
  const width = (z * relative) / Math.log(p);
  const center = Math.log(-Math.log(p));
  return [Math.exp(-Math.exp(center - width)), Math.exp(-Math.exp(center + width))];
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
 * References: Aalen & Johansen (1978) Scand J Stat 5:141-150; Gray (1988) Ann Stat 16:1141-1154;
 * Therneau, Crowson & Atkinson, "Multi-state models and competing risks" (survival vignette).
 *
 * @param data - Columns by name (as `readCsv` returns, or an arquero table); may be omitted when
 *   every column option is given as an array.
 * @param options - `time`, `event` (required), `group`, `causes`, `censorCode`, `confType`,
 *   `confLevel`, `strata`, `rho`; see {@link CumulativeIncidenceOptions}.
 * @returns One table per group with a row per distinct time (censoring-only times included):
 *   `time`, `nRisk`, `cif`, `stdErr`, `lower`, `upper` keyed by cause name, plus `survival`;
 *   `grayTest` when there are groups; `nobs`, `nDropped` (rows with a missing value), `warnings`.
 * @throws DataError for a missing column, a non-numeric or infinite time, or an event code that
 *   is neither the censoring code nor a listed cause. InvalidArgumentError for bad options.
 * @example
 * ```ts
 * const data = { t: [1, 2, 2, 3, 4], e: [1, 2, 0, 1, 0] };
 * const fit = cumulativeIncidence(data, { time: 't', event: 'e', causes: { 1: 'desertion', 2: 'killed' } });
 * fit.strata[0].table[1].cif;
 * // => { desertion: 0.2, killed: 0.2 }
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
  const input = prepareCompeting(fn, data, options);
  const warnings: SurvivalWarning[] = [];
  const K = input.causes.length;
  const n = input.time.length;
  if (n === 0) {
    throw new InvalidArgumentError(
      'data',
      `${fn} requires at least one complete observation; received 0 (${input.nDropped} dropped for missing values)`,
    );
  }
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

  const names = input.causes.map((c) => c.name);
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

  const grayTest = input.groupLevels.length > 1 ? grayStatistics(fn, input, rho, warnings) : null;

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

/** Clustered standard errors of group g's curve (times compacted to the group's own). */
function clusteredErrors(
  input: ReturnType<typeof prepareCompeting>,
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

/** The rows of one group's table: counts, incidence with its standard error and limits, by cause. */
function incidenceRows(
  curve: ReturnType<typeof aalenJohansenKernel>,
  local: Int32Array,
  times: Float64Array,
  names: string[],
  confType: CumulativeIncidenceConfType,
  z: number,
): CumulativeIncidenceRow[] {
  const m = times.length;
  const K = names.length;
  const width = K + 1;
  const table: CumulativeIncidenceRow[] = new Array(m);
  for (let j = 0; j < m; j++) {
    const nEvent: Record<string, number> = {};
    const cif: Record<string, number> = {};
    const stdErr: Record<string, number> = {};
    const lower: Record<string, number | null> = {};
    const upper: Record<string, number | null> = {};
    for (let k = 0; k < K; k++) {
      const name = names[k];
      const p = curve.cif[j * K + k];
      const se = curve.cifStdErr[j * K + k];
      nEvent[name] = local[j * width + k + 1];
      cif[name] = p;
      stdErr[name] = se;
      const [lo, hi] = interval(confType, p, se, z);
      lower[name] = lo;
      upper[name] = hi;
    }
    table[j] = {
      time: times[j],
      nRisk: curve.nRisk[j],
      nEvent,
      nCensor: local[j * width],
      cif,
      stdErr,
      lower,
      upper,
      survival: curve.survival[j],
      survivalStdErr: curve.survivalStdErr[j],
    };
  }
  return table;
}
