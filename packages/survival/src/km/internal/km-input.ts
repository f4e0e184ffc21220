import { DataError, InvalidArgumentError } from '@muster/core';
import { aeqSurv } from '../../internal/aeq-surv.ts';
import { type GroupValue, toLevels } from '../../internal/levels.ts';
import { sortIndex } from '../../internal/sort-index.ts';
import { type EventValue, type NumericValue, readSurvival } from '../../internal/survival-input.ts';
import type { KaplanMeierOptions } from '../kaplan-meier.ts';
import type { KaplanMeierSettings } from './km-options.ts';

/** The rows a kaplanMeier call uses, validated, with groups, weights and clusters coded. */
export interface KaplanMeierInput {
  n: number;
  nDropped: number;
  /** 1-based rows with stop <= start, dropped as R's Surv() makes them NA. */
  emptyIntervals: number[];
  /** Rows left out because they end before `startTime`. */
  nBeforeStart: number;
  stop: Float64Array;
  /** Ascending order of `stop` (still valid after aeqSurv, which maps times monotonically). */
  stopOrder: Int32Array;
  start: Float64Array | null;
  event: Uint8Array;
  weight: Float64Array;
  /** Group labels and the code of each row. */
  labels: string[];
  codes: Int32Array;
  /** Cluster code of each row for the robust variance (rows themselves when none given). */
  cluster: Int32Array | null;
  nClusters: number;
  /** A cluster given while robust = false (ignored, with a warning, as survfit). */
  clusterIgnored: boolean;
  startTime: number;
}

function subset<T>(values: ArrayLike<T>, rows: ArrayLike<number>): T[] {
  const out: T[] = new Array(rows.length);
  for (let i = 0; i < rows.length; i++) out[i] = values[rows[i]];
  return out;
}

/** Case weights as survfit checks them: numeric, finite, >= 0. */
function readWeights(values: ArrayLike<NumericValue>, rows: Int32Array): Float64Array {
  const weight = new Float64Array(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const w = values[rows[i]] as unknown;
    if (typeof w !== 'number' || !Number.isFinite(w) || w < 0) {
      throw new DataError(
        `kaplanMeier requires finite non-negative numeric weights; row ${rows[i] + 1} of weights is ${String(w)}`,
        { column: 'weights', row: rows[i] + 1 },
      );
    }
    weight[i] = w;
  }
  return weight;
}

/**
 * Read the arrays of a kaplanMeier call: drop incomplete rows, code groups and clusters, check
 * weights, leave out rows ending before startTime and decide the variance as survfit does
 * (robust with a cluster or non-integer weights).
 */
export function readKaplanMeierInput(
  time: ArrayLike<NumericValue>,
  event: ArrayLike<EventValue>,
  options: KaplanMeierOptions,
  settings: KaplanMeierSettings,
): KaplanMeierInput {
  const extra: ArrayLike<unknown>[] = [];
  for (const column of [options.group, options.weights, options.cluster]) {
    if (column) extra.push(column);
  }
  const data = readSurvival('kaplanMeier', {
    time,
    event,
    start: options.start ?? null,
    extra,
    names: options.names,
  });
  let keep: ArrayLike<number> = data.rows;
  let stop = data.stop;
  let start = data.start;
  let eventCodes = data.event;
  let smallest = Number.POSITIVE_INFINITY;
  for (const t of stop) smallest = Math.min(smallest, t);
  const startTime = options.startTime ?? Math.min(0, smallest);
  let nBeforeStart = 0;
  if (options.startTime !== undefined) {
    const inside: number[] = [];
    for (let i = 0; i < stop.length; i++) if (stop[i] >= startTime) inside.push(i);
    nBeforeStart = stop.length - inside.length;
    if (nBeforeStart > 0) {
      const before = keep;
      keep = inside.map((i) => before[i]);
      stop = Float64Array.from(inside, (i) => stop[i]);
      start = start ? Float64Array.from(inside, (i) => (start as Float64Array)[i]) : null;
      eventCodes = Uint8Array.from(inside, (i) => eventCodes[i]);
    }
  }
  const n = stop.length;
  if (n === 0) {
    throw new InvalidArgumentError(
      'time',
      `kaplanMeier requires at least one row without missing values${options.startTime !== undefined ? ' ending at or after startTime' : ''}; received 0`,
    );
  }
  const rows = keep instanceof Int32Array ? keep : Int32Array.from(keep);
  const identity = rows.length === time.length;
  let labels = ['all'];
  let codes: Int32Array = new Int32Array(n);
  if (options.group) {
    const levels = toLevels(identity ? options.group : subset(options.group, rows));
    labels = levels.labels;
    codes = levels.codes;
  }
  const weight = options.weights ? readWeights(options.weights, rows) : new Float64Array(n).fill(1);
  let nonInteger = false;
  if (options.weights) for (const w of weight) if (w !== Math.floor(w)) nonInteger = true;
  const robust = options.robust ?? (Boolean(options.cluster) || nonInteger);
  let cluster: Int32Array | null = null;
  let nClusters = 0;
  if (robust && options.cluster) {
    const levels = toLevels(subset(options.cluster as ArrayLike<GroupValue>, rows));
    cluster = levels.codes;
    nClusters = levels.labels.length;
  } else if (robust) {
    if (start && options.robust === true) {
      throw new InvalidArgumentError(
        'robust',
        'kaplanMeier requires a cluster (subject id) for a robust variance on counting-process data, as survfit ("id or cluster option required"); rows of one subject are not independent',
      );
    }
    cluster = Int32Array.from({ length: n }, (_, i) => i);
    nClusters = n;
  }
  if (cluster && (settings.stype !== 1 || settings.ctype !== 1)) {
    throw new InvalidArgumentError(
      settings.stype !== 1 ? 'stype' : 'ctype',
      `kaplanMeier computes the robust (clustered or non-integer-weight) variance for stype 1 and ctype 1 only (survfit 3.5-3 reports the hazard's standard error as that of S for the others); received stype ${settings.stype}, ctype ${settings.ctype}`,
    );
  }
  const stopOrder = sortIndex(stop);
  const fixed = aeqSurv('kaplanMeier', stop, start, stopOrder, rows);
  return {
    n,
    nDropped: data.nDropped,
    emptyIntervals: data.emptyIntervals,
    nBeforeStart,
    stop: fixed.stop,
    stopOrder,
    start: fixed.start,
    event: eventCodes,
    weight,
    labels,
    codes,
    cluster,
    nClusters,
    clusterIgnored: Boolean(options.cluster) && !robust,
    startTime,
  };
}
