import { checkOptionKeys, DataError, InvalidArgumentError, type ResultBase } from '@muster/core';
import { type DataInput, dataColumns } from '@muster/formula';
import type { SurvivalWarningCode } from '../warnings.ts';
import { cellKey, eventKey, isMissing, numericCell, sortedLevels } from './internal/columns.ts';
import { fineGrayExpandKernel } from './internal/fine-gray-expand-kernel.ts';
import { fixTies } from './internal/time-index.ts';

/** Options of {@link expandFineGray}. */
export interface ExpandFineGrayOptions {
  /** Column of the follow-up time (the stop time of (start, stop] rows). */
  time: string;
  /** Column of the event code: `censorCode`, `cause` or another cause. */
  event: string;
  /** Code of the cause of interest (finegray's `etype`). */
  cause: string | number;
  /** Event code of censored rows. Default 0. */
  censorCode?: string | number;
  /** Column of entry times: rows are (start, time] intervals (time-varying covariates, late entry). */
  start?: string;
  /** Column of the subject id of (start, time] rows (required with `start`). */
  id?: string;
  /** Column whose levels get their own censoring (and entry) distribution (finegray's `strata()`). */
  strata?: string;
  /** Column of case weights, multiplied into `fgwt` (finegray's `weights`). */
  weights?: string;
}

/** Result of {@link expandFineGray}: the expanded data, as finegray() returns it. */
export interface FineGrayRows extends ResultBase<'fine-gray-rows', SurvivalWarningCode> {
  /** Every column of the data, repeated for the pieces of a row, plus fgstart, fgstop, fgstatus, fgwt. */
  columns: Record<string, unknown[]>;
  /** The 1-based data row of each expanded row. */
  sourceRow: number[];
  /** Rows of the data used (complete time, event, start, id, strata). */
  nSourceRows: number;
  /** Rows with a missing time, event, start, id or strata value, left out. */
  nDropped: number;
  /** A subject enters after the smallest stop time: the weights include finegray's entry correction. */
  delayedEntry: boolean;
  cause: string;
  censorCode: string;
}

/** The rows, codes and times of an expandFineGray call, checked. */
interface ExpandInput {
  rows: number[];
  start: Float64Array;
  stop: Float64Array;
  status: Int8Array;
  first: Uint8Array;
  last: Uint8Array;
  strata: Int32Array;
  nStrata: number;
  delay: boolean;
}

const FN = 'expandFineGray';

/**
 * The Fine-Gray data expansion of R survival's `finegray()`: a weighted Cox model on the returned
 * rows, `Surv(fgstart, fgstop, fgstatus)` with weights `fgwt`, is the Fine-Gray subdistribution
 * hazards model (Geskus 2011), as `coxph(Surv(fgstart, fgstop, fgstatus) ~ x, weights = fgwt)`.
 * {@link fitFineGrayCox} does both steps.
 *
 * Method (finegray, survival 3.5-3): a row ending in another cause stays at risk after its event,
 * in pieces between censoring times that hold an event of the cause, with weight G(t-)/G(T-), G
 * the Kaplan-Meier of censoring; with late entry also the reverse-time Kaplan-Meier of entry.
 * Near-tied times are merged first (aeqSurv). (start, time] rows need an id: a subject's rows must
 * be contiguous, and only the last may end in an event.
 *
 * @param data - The data (columns by name, rows, or an arquero table).
 * @param options - `time`, `event`, `cause` (required), `censorCode` (0), `start` with `id`,
 *   `strata`, `weights`.
 * @returns `columns` (the data's columns for every expanded row, plus fgstart, fgstop, fgstatus,
 *   fgwt), `sourceRow`, `delayedEntry`, `warnings`.
 * @throws DataError for a missing column, non-numeric times, no event of `cause`, or a subject
 *   whose rows leave a gap or go on after an event. InvalidArgumentError for `start` without `id`.
 * @example
 * ```ts
 * const data = { time: [2, 3, 4, 5, 6, 7], status: [1, 2, 0, 1, 0, 1], x: [1, 0, 1, 0, 1, 0] };
 * const fg = expandFineGray(data, { time: 'time', event: 'status', cause: 1 });
 * fg.columns.fgstop; // the killed soldier (time 3) stays at risk until 7, in three pieces
 * // => [2, 4, 6, 7, 4, 5, 6, 7]
 * fg.columns.fgwt; // R: finegray(Surv(time, factor(status)) ~ ., data, etype = '1')
 * // => [1, 1, 0.75, 0.375, 1, 1, 1, 1]
 * ```
 */
export function expandFineGray(data: DataInput, options: ExpandFineGrayOptions): FineGrayRows {
  checkOptionKeys(FN, options, [
    'time',
    'event',
    'cause',
    'censorCode',
    'start',
    'id',
    'strata',
    'weights',
  ]);
  if (options?.cause === undefined || options.cause === null) {
    throw new InvalidArgumentError('cause', `${FN} requires the code of the cause of interest`);
  }
  const cause = cellKey(options.cause);
  const censorCode = cellKey(options.censorCode ?? 0);
  const columns = dataColumns(data, FN);
  const input = readExpandInput(columns, options, cause, censorCode);
  const expanded = fineGrayExpandKernel(
    input.start,
    input.stop,
    input.status,
    input.first,
    input.last,
    input.strata,
    input.nStrata,
    input.delay,
  );
  const source = Array.from(expanded.row, (r) => input.rows[r]);
  const out: Record<string, unknown[]> = {};
  for (const [name, values] of Object.entries(columns)) {
    out[name] = source.map((r) => values[r]);
  }
  const weights = options.weights ? columns[options.weights] : null;
  out.fgstart = Array.from(expanded.start);
  out.fgstop = Array.from(expanded.stop);
  out.fgstatus = Array.from(expanded.status);
  out.fgwt = Array.from(expanded.weight, (w, k) =>
    weights ? w * numericCell(FN, options.weights as string, weights[source[k]], source[k]) : w,
  );
  return {
    kind: 'fine-gray-rows',
    columns: out,
    sourceRow: source.map((r) => r + 1),
    nSourceRows: input.rows.length,
    nDropped: (Object.values(columns)[0]?.length ?? 0) - input.rows.length,
    delayedEntry: input.delay,
    cause,
    censorCode,
    warnings: [],
  };
}

/** Look up a column, or throw naming it. */
function column(columns: Record<string, ArrayLike<unknown>>, name: string, option: string) {
  const values = columns[name];
  if (values === undefined) {
    throw new DataError(`${FN} requires a column '${name}' for ${option}; it is not in the data`, {
      column: name,
    });
  }
  return values;
}

/** Complete rows, event codes, aeqSurv'd times, first/last rows of each subject, strata. */
function readExpandInput(
  columns: Record<string, ArrayLike<unknown>>,
  options: ExpandFineGrayOptions,
  cause: string,
  censorCode: string,
): ExpandInput {
  if (options.start !== undefined && options.id === undefined) {
    throw new InvalidArgumentError(
      'id',
      `${FN} requires an id with start, as finegray ("(start, stop] data requires a subject id"); received none`,
    );
  }
  const time = column(columns, options.time, 'time');
  const event = column(columns, options.event, 'event');
  const start = options.start === undefined ? null : column(columns, options.start, 'start');
  const id = options.id === undefined ? null : column(columns, options.id, 'id');
  const strata = options.strata === undefined ? null : column(columns, options.strata, 'strata');
  const rows: number[] = [];
  for (let i = 0; i < time.length; i++) {
    if ([time, event, start, id, strata].some((c) => c !== null && isMissing(c[i]))) continue;
    rows.push(i);
  }
  const status = Int8Array.from(rows, (i) => {
    const key = eventKey(event[i]);
    return key === censorCode ? 0 : key === cause ? 1 : 2;
  });
  if (!status.includes(1)) {
    throw new DataError(
      `${FN} requires at least one event of cause ${cause} in column '${options.event}'; received 0`,
      { column: options.event },
    );
  }
  const stopRaw = Float64Array.from(rows, (i) => numericCell(FN, options.time, time[i], i));
  const n = rows.length;
  let stopTimes: Float64Array;
  let startTimes: Float64Array;
  if (start) {
    const joint = new Float64Array(2 * n);
    rows.forEach((i, k) => {
      joint[k] = numericCell(FN, options.start as string, start[i], i);
    });
    joint.set(stopRaw, n);
    const fixed = fixTies(joint).time;
    startTimes = fixed.slice(0, n);
    stopTimes = fixed.slice(n);
  } else {
    stopTimes = fixTies(stopRaw).time;
    let smallest = Number.POSITIVE_INFINITY;
    for (const t of stopTimes) smallest = Math.min(smallest, t);
    startTimes = new Float64Array(n).fill(smallest > 0 ? 0 : 2 * smallest - 1);
  }
  const first = new Uint8Array(n).fill(1);
  const last = new Uint8Array(n).fill(1);
  let delay = false;
  if (id) {
    delay = subjectRuns(rows, id, startTimes, stopTimes, status, first, last);
  }
  const levels = strata ? sortedLevels(rows.map((i) => strata[i])) : ['all'];
  const strataCodes = Int32Array.from(rows, (i) =>
    strata ? levels.indexOf(cellKey(strata[i])) : 0,
  );
  return {
    rows,
    start: startTimes,
    stop: stopTimes,
    status,
    first,
    last,
    strata: strataCodes,
    nStrata: levels.length,
    delay,
  };
}

/**
 * Mark each subject's first and last rows and check the runs as finegray does: no event before
 * the last row, no gap or overlap between rows. Returns whether some subject enters late.
 */
function subjectRuns(
  rows: number[],
  id: ArrayLike<unknown>,
  start: Float64Array,
  stop: Float64Array,
  status: Int8Array,
  first: Uint8Array,
  last: Uint8Array,
): boolean {
  const key = rows.map((i) => cellKey(id[i]));
  const order = rows.map((_, k) => k).sort((a, b) => compare(key[a], key[b]) || stop[a] - stop[b]);
  let smallestStop = Number.POSITIVE_INFINITY;
  for (const t of stop) smallestStop = Math.min(smallestStop, t);
  let delay = false;
  for (let q = 0; q < order.length; q++) {
    const k = order[q];
    const prev = q > 0 && key[order[q - 1]] === key[k] ? order[q - 1] : -1;
    const next = q + 1 < order.length && key[order[q + 1]] === key[k] ? order[q + 1] : -1;
    first[k] = prev < 0 ? 1 : 0;
    last[k] = next < 0 ? 1 : 0;
    if (prev < 0 && start[k] > smallestStop) delay = true;
    if (next < 0) continue;
    const rowsNamed = `rows ${rows[k] + 1} and ${rows[next] + 1} of id ${key[k]}`;
    if (status[k] !== 0) {
      throw new DataError(
        `${FN} requires an event to be a subject's last row, as finegray ("a subject has a transition before their last time point"); ${rowsNamed}`,
        { row: rows[k] + 1 },
      );
    }
    if (start[next] !== stop[k]) {
      throw new DataError(
        `${FN} requires a subject's rows to be contiguous, as finegray ("a subject has gaps in time"); ${rowsNamed} run (${start[k]}, ${stop[k]}] then (${start[next]}, ${stop[next]}]`,
        { row: rows[next] + 1 },
      );
    }
  }
  return delay;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
