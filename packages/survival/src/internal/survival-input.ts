/**
 * Validation of survival responses given as arrays: times, optional entry times and 0/1 events.
 * Rows with a missing value (null, undefined, NaN, '') in any of them, or in an extra column such as
 * the group, are dropped as R's `na.omit` does; so are (start, stop] intervals of length zero or
 * less, which R's Surv() makes NA with a warning (the caller reports `emptyIntervals`). Negative
 * times are accepted, as R accepts them. Every other bad value is a DataError naming the column
 * and the 1-based row.
 */
import { DataError, InvalidArgumentError } from '@muster/core';
import { isDecimalText } from '@muster/formula';

/** A time (or entry time): a number; null, undefined and NaN are missing. */
export type NumericValue = number | null | undefined;
/** An event indicator: 1 or true for an event, 0 or false for censored; null is missing. */
export type EventValue = number | boolean | null | undefined;

export interface SurvivalArrays {
  /** Entry times for counting-process `(start, stop]` data, else null. */
  start: Float64Array | null;
  /** Event or censoring times. */
  stop: Float64Array;
  /** 1 = event, 0 = censored. */
  event: Uint8Array;
  /** 0-based input rows kept. */
  rows: Int32Array;
  /** Rows dropped for missing values. */
  nDropped: number;
  /**
   * 1-based data rows of (start, stop] intervals with stop <= start, dropped as R's Surv() turns
   * them into NA (with a warning) before na.omit; not counted in nDropped.
   */
  emptyIntervals: number[];
}

export interface SurvivalColumns {
  time: ArrayLike<NumericValue>;
  event: ArrayLike<EventValue>;
  start?: ArrayLike<NumericValue> | null;
  /** Other per-row values whose missingness drops the row (group, strata...). */
  extra?: ArrayLike<unknown>[];
  /** Names used in messages. */
  names?: { time?: string; event?: string; start?: string };
  /** 0-based data row of each input entry, for messages (default: the entry's index). */
  dataRows?: Int32Array;
}

function missing(value: unknown): boolean {
  return (
    value === null ||
    value === undefined ||
    value === '' ||
    (typeof value === 'number' && Number.isNaN(value))
  );
}

function show(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value) : String(value);
}

function checkTime(fn: string, column: string, value: unknown, row: number): number {
  if (typeof value !== 'number') {
    throw new DataError(`${fn} requires numeric times; row ${row} of ${column} is ${show(value)}`, {
      column,
      row,
    });
  }
  if (!Number.isFinite(value)) {
    throw new DataError(`${fn} requires finite times; row ${row} of ${column} is ${value}`, {
      column,
      row,
    });
  }
  return value;
}

/**
 * A column read from text is all strings when one value is not a number: name that value (the
 * first entry that does not parse as a number), not the first entry.
 */
function checkNumericColumn(
  fn: string,
  column: string,
  values: ArrayLike<unknown>,
  dataRows: Int32Array | undefined,
): void {
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (typeof v !== 'string' || missing(v)) continue;
    if (isDecimalText(v) && Number.isFinite(Number(v))) continue;
    const row = (dataRows ? dataRows[i] : i) + 1;
    throw new DataError(`${fn} requires numeric times; row ${row} of ${column} is ${show(v)}`, {
      column,
      row,
    });
  }
}

/** Validate and compact a survival response; see the module comment for the rules. */
export function readSurvival(fn: string, columns: SurvivalColumns): SurvivalArrays {
  const { time, event, start = null, extra = [] } = columns;
  const timeName = columns.names?.time ?? 'time';
  const eventName = columns.names?.event ?? 'event';
  const startName = columns.names?.start ?? 'start';
  const n = time.length;
  if (event.length !== n) {
    throw new InvalidArgumentError(
      'event',
      `${fn} requires event and time of the same length; received ${event.length} and ${n}`,
    );
  }
  if (start && start.length !== n) {
    throw new InvalidArgumentError(
      'start',
      `${fn} requires start and time of the same length; received ${start.length} and ${n}`,
    );
  }
  for (const column of extra) {
    if (column.length !== n) {
      throw new InvalidArgumentError(
        'group',
        `${fn} requires grouping columns of the same length as time; received ${column.length} and ${n}`,
      );
    }
  }
  checkNumericColumn(fn, timeName, time, columns.dataRows);
  if (start) checkNumericColumn(fn, startName, start, columns.dataRows);
  const keep = new Uint8Array(n);
  let kept = 0;
  for (let i = 0; i < n; i++) {
    let ok = !missing(time[i]) && !missing(event[i]) && !(start && missing(start[i]));
    for (let k = 0; ok && k < extra.length; k++) if (missing(extra[k][i])) ok = false;
    if (ok) {
      keep[i] = 1;
      kept++;
    }
  }
  const stopOut = new Float64Array(kept);
  const startOut = start ? new Float64Array(kept) : null;
  const eventOut = new Uint8Array(kept);
  const rows = new Int32Array(kept);
  const emptyIntervals: number[] = [];
  let j = 0;
  for (let i = 0; i < n; i++) {
    if (!keep[i]) continue;
    const row = (columns.dataRows ? columns.dataRows[i] : i) + 1;
    const stop = checkTime(fn, timeName, time[i], row);
    const code = eventCode(fn, eventName, event[i], row);
    if (startOut && start) {
      const entry = checkTime(fn, startName, start[i], row);
      if (!(stop > entry)) {
        emptyIntervals.push(row);
        continue;
      }
      startOut[j] = entry;
    }
    stopOut[j] = stop;
    eventOut[j] = code;
    rows[j] = i;
    j++;
  }
  const used = j;
  return {
    start: startOut ? startOut.slice(0, used) : null,
    stop: used === kept ? stopOut : stopOut.slice(0, used),
    event: used === kept ? eventOut : eventOut.slice(0, used),
    rows: used === kept ? rows : rows.slice(0, used),
    nDropped: n - kept,
    emptyIntervals,
  };
}

/** 1 for an event, 0 for censoring; 0/1 and true/false as Surv() reads them. */
function eventCode(fn: string, eventName: string, e: unknown, row: number): number {
  if (e === true || e === 1) return 1;
  if (e === false || e === 0) return 0;
  throw new DataError(
    `${fn} requires event codes 0/1 or true/false; row ${row} of ${eventName} is ${show(e)}` +
      (e === 2 ? ' (for R-style 1/2 coding use status - 1)' : ''),
    { column: eventName, row },
  );
}
