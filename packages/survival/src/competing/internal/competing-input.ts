/**
 * Shared input handling for the competing-risks functions: resolve the time, event, group and
 * strata columns, drop rows with a missing value (R's na.omit), map event codes to causes.
 */
import { DataError, InvalidArgumentError } from '@muster/core';
import type { CauseInfo, ColumnSpec, CompetingData } from '../../types.ts';
import {
  cellKey,
  eventKey,
  eventValue,
  isMissing,
  numericCell,
  resolveColumn,
  sortedLevels,
} from './columns.ts';

export interface CompetingInputOptions {
  time: ColumnSpec;
  event: ColumnSpec;
  group?: ColumnSpec | null;
  strata?: ColumnSpec | null;
  /** Cluster column (unit) for clustered standard errors. */
  cluster?: ColumnSpec | null;
  /** Entry time of counting-process (start, time] rows (late entry). */
  start?: ColumnSpec | null;
  /** Subject id of counting-process rows (a soldier's rows share it). */
  id?: ColumnSpec | null;
  causes?: Record<string, string> | readonly (string | number)[] | null;
  censorCode?: string | number;
}

export interface CompetingInput {
  timeLabel: string;
  eventLabel: string;
  groupLabel: string | null;
  strataLabel: string | null;
  startLabel: string | null;
  idLabel: string | null;
  time: Float64Array;
  /** Entry times of (start, time] rows, or null for right-censored rows. */
  start: Float64Array | null;
  /** Subject id levels and codes (empty levels without an id column). */
  idLevels: string[];
  id: Int32Array;
  /** 1-based data rows with time <= start, left out as R's Surv() makes them NA. */
  emptyIntervals: number[];
  /** 0 = censored, k = 1..K: the k-th cause of `causes`. */
  status: Int32Array;
  causes: CauseInfo[];
  censorCode: string;
  groupLevels: string[];
  group: Int32Array;
  strataLevels: string[];
  strata: Int32Array;
  /** Cluster levels and codes (empty levels without a cluster column). */
  clusterLevels: string[];
  cluster: Int32Array;
  /** 0-based data rows kept. */
  rows: Int32Array;
  nDropped: number;
}

function normaliseCauses(
  fn: string,
  causes: CompetingInputOptions['causes'],
  censorCode: string,
): CauseInfo[] | null {
  if (causes === undefined || causes === null) return null;
  const list: CauseInfo[] = Array.isArray(causes)
    ? (causes as readonly (string | number)[]).map((c) => ({ code: cellKey(c), name: cellKey(c) }))
    : Object.entries(causes as Record<string, string>).map(([code, name]) => ({
        code,
        name: String(name),
      }));
  if (list.length === 0) {
    throw new InvalidArgumentError('causes', `${fn} requires at least one cause; received none`);
  }
  const codes = new Set<string>();
  const names = new Set<string>();
  for (const c of list) {
    if (c.code === censorCode) {
      throw new InvalidArgumentError(
        'causes',
        `${fn} requires causes different from the censoring code ${censorCode}; received cause code ${c.code}`,
      );
    }
    if (codes.has(c.code) || names.has(c.name)) {
      throw new InvalidArgumentError(
        'causes',
        `${fn} requires distinct cause codes and names; received ${c.code}=${c.name} twice`,
      );
    }
    codes.add(c.code);
    names.add(c.name);
  }
  return list;
}

/**
 * Causes (the listed ones, else the distinct event codes other than the censoring code) and each
 * kept row's status: 0 censored, k the k-th cause.
 */
function codeStatus(
  fn: string,
  listed: CauseInfo[] | null,
  eventColumn: { label: string; values: ArrayLike<unknown> },
  rows: Int32Array,
  censorCode: string,
): { causes: CauseInfo[]; status: Int32Array } {
  const m = rows.length;
  let causes = listed;
  const eventValues = eventColumn.values;
  if (causes === null) {
    const observed: unknown[] = [];
    const seen = new Set<string>();
    const seenRaw = new Set<unknown>();
    for (let r = 0; r < m; r++) {
      const v = eventValues[rows[r]];
      if (seenRaw.has(v)) continue;
      seenRaw.add(v);
      const key = eventKey(v);
      if (key === censorCode || seen.has(key)) continue;
      seen.add(key);
      observed.push(eventValue(v));
    }
    if (observed.length === 0) {
      throw new DataError(
        `${fn} requires at least one event (a code other than the censoring code ${censorCode}) in column '${eventColumn.label}' when causes are not listed; received 0 events`,
        { column: eventColumn.label },
      );
    }
    causes = sortedLevels(observed).map((code) => ({ code, name: code }));
  }
  const codeIndex = new Map<string, number>();
  causes.forEach((c, k) => {
    codeIndex.set(c.code, k + 1);
  });
  const status = new Int32Array(m);
  // Cache by raw value so that each distinct code is converted to its key once.
  const statusOf = new Map<unknown, number>();
  for (let r = 0; r < m; r++) {
    const raw = eventValues[rows[r]];
    const cached = statusOf.get(raw);
    if (cached !== undefined) {
      status[r] = cached;
      continue;
    }
    const key = eventKey(raw);
    const k = key === censorCode ? 0 : codeIndex.get(key);
    if (k !== undefined) statusOf.set(raw, k);
    if (k === undefined) {
      throw new DataError(
        `${fn} requires every event code to be the censoring code ${censorCode} or a listed cause (${causes.map((c) => c.code).join(', ')}); row ${rows[r] + 1} of column '${eventColumn.label}' has ${key}`,
        { column: eventColumn.label, row: rows[r] + 1 },
      );
    }
    status[r] = k;
  }

  return { causes, status };
}

export function prepareCompeting(
  fn: string,
  data: CompetingData | undefined,
  options: CompetingInputOptions,
): CompetingInput {
  if (options === undefined || options === null) {
    throw new InvalidArgumentError('options', `${fn} requires options with time and event`);
  }
  const censorCode = cellKey(options.censorCode ?? 0);
  const timeColumn = resolveColumn(fn, 'time', data, options.time);
  const eventColumn = resolveColumn(fn, 'event', data, options.event);
  const groupColumn =
    options.group === undefined || options.group === null
      ? null
      : resolveColumn(fn, 'group', data, options.group);
  const strataColumn =
    options.strata === undefined || options.strata === null
      ? null
      : resolveColumn(fn, 'strata', data, options.strata);
  const clusterColumn =
    options.cluster === undefined || options.cluster === null
      ? null
      : resolveColumn(fn, 'cluster', data, options.cluster);
  const startColumn =
    options.start === undefined || options.start === null
      ? null
      : resolveColumn(fn, 'start', data, options.start);
  const idColumn =
    options.id === undefined || options.id === null
      ? null
      : resolveColumn(fn, 'id', data, options.id);
  const n = timeColumn.values.length;
  for (const column of [
    eventColumn,
    groupColumn,
    strataColumn,
    clusterColumn,
    startColumn,
    idColumn,
  ]) {
    if (column && column.values.length !== n) {
      throw new InvalidArgumentError(
        column.label,
        `${fn} requires columns of equal length; '${timeColumn.label}' has ${n} values and '${column.label}' has ${column.values.length}`,
      );
    }
  }

  const keep = new Uint8Array(n);
  let m = 0;
  for (let i = 0; i < n; i++) {
    if (
      isMissing(timeColumn.values[i]) ||
      isMissing(eventColumn.values[i]) ||
      (groupColumn && isMissing(groupColumn.values[i])) ||
      (strataColumn && isMissing(strataColumn.values[i])) ||
      (clusterColumn && isMissing(clusterColumn.values[i])) ||
      (startColumn && isMissing(startColumn.values[i])) ||
      (idColumn && isMissing(idColumn.values[i]))
    ) {
      continue;
    }
    keep[i] = 1;
    m++;
  }
  const finiteTime = (column: { label: string; values: ArrayLike<unknown> }, i: number) => {
    const raw = column.values[i];
    const t = typeof raw === 'number' ? raw : numericCell(fn, column.label, raw, i);
    if (!Number.isFinite(t)) {
      throw new DataError(
        `${fn} requires finite times in column '${column.label}'; row ${i + 1} has ${t}`,
        { column: column.label, row: i + 1 },
      );
    }
    return t;
  };
  // (start, time] rows with time <= start are left out, as R's Surv() makes them NA.
  const emptyIntervals: number[] = [];
  if (startColumn) {
    for (let i = 0; i < n; i++) {
      if (keep[i] && finiteTime(timeColumn, i) <= finiteTime(startColumn, i)) {
        keep[i] = 0;
        m--;
        emptyIntervals.push(i + 1);
      }
    }
  }
  const rows = new Int32Array(m);
  const time = new Float64Array(m);
  const start = startColumn ? new Float64Array(m) : null;
  for (let i = 0, r = 0; i < n; i++) {
    if (!keep[i]) continue;
    rows[r] = i;
    if (start && startColumn) start[r] = finiteTime(startColumn, i);
    time[r++] = finiteTime(timeColumn, i);
  }

  const { causes, status } = codeStatus(
    fn,
    normaliseCauses(fn, options.causes, censorCode),
    eventColumn,
    rows,
    censorCode,
  );

  const factor = (column: { values: ArrayLike<unknown> } | null) => {
    const codes = new Int32Array(m);
    if (column === null) return { levels: [] as string[], codes };
    const kept: unknown[] = new Array(m);
    for (let r = 0; r < m; r++) kept[r] = column.values[rows[r]];
    const distinct = [...new Set(kept)];
    const levels = sortedLevels(distinct);
    const index = new Map(levels.map((l, i) => [l, i]));
    const byRaw = new Map(distinct.map((v) => [v, index.get(cellKey(v))!]));
    for (let r = 0; r < m; r++) codes[r] = byRaw.get(kept[r])!;
    return { levels, codes };
  };
  const groupFactor = factor(groupColumn);
  const strataFactor = factor(strataColumn);
  const clusterFactor = factor(clusterColumn);
  const idFactor = factor(idColumn);

  return {
    timeLabel: timeColumn.label,
    eventLabel: eventColumn.label,
    groupLabel: groupColumn ? groupColumn.label : null,
    strataLabel: strataColumn ? strataColumn.label : null,
    startLabel: startColumn ? startColumn.label : null,
    idLabel: idColumn ? idColumn.label : null,
    time,
    start,
    idLevels: idFactor.levels,
    id: idFactor.codes,
    emptyIntervals,
    status,
    causes,
    censorCode,
    groupLevels: groupFactor.levels,
    group: groupFactor.codes,
    strataLevels: strataFactor.levels,
    strata: strataFactor.codes,
    clusterLevels: clusterFactor.levels,
    cluster: clusterFactor.codes,
    rows,
    nDropped: n - m - emptyIntervals.length,
  };
}

/** The input restricted to the rows `keep` (positions in the input, ascending). */
export function subsetCompeting(input: CompetingInput, keep: readonly number[]): CompetingInput {
  const pick = <T extends Float64Array | Int32Array>(values: T): T =>
    (values instanceof Float64Array
      ? Float64Array.from(keep, (i) => values[i])
      : Int32Array.from(keep, (i) => values[i])) as T;
  return {
    ...input,
    time: pick(input.time),
    start: input.start ? pick(input.start) : null,
    status: pick(input.status),
    group: pick(input.group),
    strata: pick(input.strata),
    cluster: pick(input.cluster),
    id: pick(input.id),
    rows: pick(input.rows),
  };
}
