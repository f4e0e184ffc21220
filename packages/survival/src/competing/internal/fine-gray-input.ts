/**
 * The input of fitFineGray: options checked with crr's defaults, the time, event and covariate
 * columns (named columns, or a one-sided formula's design matrix), rows with a missing value
 * dropped (na.omit) and the rest sorted by time as crr sorts them.
 */
import { checkOptionKeys, DataError, FormulaError, InvalidArgumentError } from '@muster/core';
import { type DataInput, designMatrix } from '@muster/formula';
import type { CompetingData } from '../../types.ts';
import type { FineGrayOptions } from '../fit-fine-gray.ts';
import {
  cellKey,
  eventKey,
  isMissing,
  numericCell,
  resolveColumn,
  sortedLevels,
} from './columns.ts';

const FN = 'fitFineGray';

/** The checked options of one fitFineGray call. */
export interface FineGraySettings {
  maxIter: number;
  tolerance: number;
  confLevel: number;
  /** Event codes as text (cellKey). */
  causeCode: string;
  censorCode: string;
}

/** Check every option and fill in crr's defaults (maxiter 10, gtol 1e-6). */
export function readFineGrayOptions(options: FineGrayOptions): FineGraySettings {
  if (options && (options as { cluster?: unknown }).cluster !== undefined) {
    throw new InvalidArgumentError(
      'cluster',
      "fitFineGray (cmprsk::crr) has no cluster-robust standard errors; use fitFineGrayCox('Surv(time, event) ~ x + cluster(unit)', data, { cause }), R's route of finegray() weights with coxph(..., cluster = unit)",
    );
  }
  checkOptionKeys(FN, options, [
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
    'cengroup',
  ]);
  if (options === undefined || options === null) {
    throw new InvalidArgumentError(
      'options',
      `${FN} requires options with time, event, cause and covariates`,
    );
  }
  const maxIter = options.maxIter ?? 10;
  const tolerance = options.tolerance ?? 1e-6;
  const confLevel = options.confLevel ?? 0.95;
  if (!Number.isInteger(maxIter) || maxIter < 0) {
    throw new InvalidArgumentError(
      'maxIter',
      `${FN} requires maxIter to be a non-negative integer; received ${String(maxIter)}`,
    );
  }
  if (!(tolerance > 0)) {
    throw new InvalidArgumentError(
      'tolerance',
      `${FN} requires tolerance > 0; received ${String(tolerance)}`,
    );
  }
  if (!(confLevel > 0 && confLevel < 1)) {
    throw new InvalidArgumentError(
      'confLevel',
      `${FN} requires confLevel in (0, 1); received ${String(confLevel)}`,
    );
  }
  if (options.cause === undefined || options.cause === null) {
    throw new InvalidArgumentError(
      'cause',
      `${FN} requires the code of the cause of interest; received ${String(options.cause)}`,
    );
  }
  const causeCode = cellKey(options.cause);
  const censorCode = cellKey(options.censorCode ?? 0);
  if (causeCode === censorCode) {
    throw new InvalidArgumentError(
      'cause',
      `${FN} requires the cause to differ from the censoring code ${censorCode}; received ${causeCode}`,
    );
  }
  return { maxIter, tolerance, confLevel, causeCode, censorCode };
}

/** The raw columns: time, event and the covariates, with the data row of each entry. */
interface FineGrayColumns {
  timeLabel: string;
  eventLabel: string;
  timeValues: ArrayLike<unknown>;
  eventValues: ArrayLike<unknown>;
  covariates: { name: string; values: ArrayLike<unknown> }[];
  /** crr's cengroup: the censoring distribution is estimated per level (null: one). */
  cengroup: { label: string; values: ArrayLike<unknown> } | null;
  /** 0-based data row of entry i. */
  dataRowOf: (i: number) => number;
  /** Rows the formula's model frame already dropped. */
  preDropped: number;
}

function formulaColumns(
  formula: string,
  data: CompetingData | undefined,
  options: FineGrayOptions,
): FineGrayColumns {
  if (typeof options.time !== 'string' || typeof options.event !== 'string') {
    throw new InvalidArgumentError(
      'formula',
      `${FN} with a formula requires time and event to be column names`,
    );
  }
  const cengroupName = typeof options.cengroup === 'string' ? options.cengroup : null;
  const design = designMatrix(formula, data as DataInput, {
    extra: {
      time: options.time,
      event: options.event,
      ...(cengroupName === null ? {} : { cengroup: cengroupName }),
    },
  });
  let cengroup: FineGrayColumns['cengroup'] = null;
  if (cengroupName !== null) cengroup = { label: cengroupName, values: design.extra.cengroup };
  else if (options.cengroup !== undefined && options.cengroup !== null) {
    const given = resolveColumn(FN, 'cengroup', undefined, options.cengroup).values;
    cengroup = { label: 'cengroup', values: Array.from(design.rows, (row) => given[row]) };
  }
  if (design.response !== null) {
    throw new FormulaError(
      formula,
      0,
      `${FN} requires a one-sided formula '~ terms'; received ${formula}`,
    );
  }
  const covariates: FineGrayColumns['covariates'] = [];
  design.columns.forEach((name, j) => {
    if (name === '(Intercept)') return;
    const values = design.matrix.subarray(j * design.nrow, (j + 1) * design.nrow);
    covariates.push({ name, values });
  });
  return {
    timeLabel: options.time,
    eventLabel: options.event,
    timeValues: design.extra.time,
    eventValues: design.extra.event,
    covariates,
    cengroup,
    dataRowOf: (i: number) => design.rows[i],
    preDropped: design.nDropped,
  };
}

function namedColumns(data: CompetingData | undefined, options: FineGrayOptions): FineGrayColumns {
  const time = resolveColumn(FN, 'time', data, options.time);
  const event = resolveColumn(FN, 'event', data, options.event);
  const covariates = Array.isArray(options.covariates)
    ? (options.covariates as readonly string[]).map((name) => ({
        name,
        values: resolveColumn(FN, 'covariates', data, name).values,
      }))
    : Object.entries((options.covariates ?? {}) as Record<string, ArrayLike<unknown>>).map(
        ([name, values]) => ({
          name,
          values: resolveColumn(FN, 'covariates', undefined, values).values,
        }),
      );
  return {
    timeLabel: time.label,
    eventLabel: event.label,
    timeValues: time.values,
    eventValues: event.values,
    covariates,
    cengroup:
      options.cengroup === undefined || options.cengroup === null
        ? null
        : resolveColumn(FN, 'cengroup', data, options.cengroup),
    dataRowOf: (i: number) => i,
    preDropped: 0,
  };
}

/** The complete rows sorted by time: status 0 censored, 1 the cause, 2 another cause. */
export interface FineGrayRows {
  timeLabel: string;
  eventLabel: string;
  names: string[];
  n: number;
  p: number;
  time: Float64Array;
  status: Int8Array;
  /** Covariates, column-major n x p. */
  x: Float64Array;
  /** Censoring group of each sorted row (0..levels-1; all 0 without cengroup). */
  group: Int32Array;
  /** Levels of cengroup, sorted as crr's sort(unique(cengroup)) (['all'] without it). */
  groupLevels: string[];
  /** The cengroup column's label, or null. */
  cengroupLabel: string | null;
  eventCounts: { cause: number; competing: number; censored: number };
  nDropped: number;
}

/** Read, check and sort the rows (na.omit over time, event and covariates; crr's time order). */
export function fineGrayRows(
  data: CompetingData | undefined,
  options: FineGrayOptions,
  settings: FineGraySettings,
): FineGrayRows {
  const columns =
    options.formula !== undefined
      ? formulaColumns(options.formula, data, options)
      : namedColumns(data, options);
  const { timeLabel, eventLabel, timeValues, eventValues, covariates, cengroup, dataRowOf } =
    columns;
  const p = covariates.length;
  if (p === 0) {
    throw new InvalidArgumentError(
      'covariates',
      `${FN} requires at least one covariate (covariates or a formula); received none`,
    );
  }
  const nAll = timeValues.length;
  const checked = [{ name: eventLabel, values: eventValues }, ...covariates];
  if (cengroup) checked.push({ name: cengroup.label, values: cengroup.values });
  for (const column of checked) {
    if (column.values.length !== nAll) {
      throw new InvalidArgumentError(
        'data',
        `${FN} requires columns of equal length; '${timeLabel}' has ${nAll} values and '${column.name}' has ${column.values.length}`,
      );
    }
  }
  const rows: number[] = [];
  for (let i = 0; i < nAll; i++) {
    if (isMissing(timeValues[i]) || isMissing(eventValues[i])) continue;
    if (covariates.some((c) => isMissing(c.values[i]))) continue;
    if (cengroup && isMissing(cengroup.values[i])) continue;
    rows.push(i);
  }
  const n = rows.length;
  const rawTime = rows.map((i) => {
    const t = numericCell(FN, timeLabel, timeValues[i], dataRowOf(i));
    if (!Number.isFinite(t)) {
      const row = dataRowOf(i) + 1;
      throw new DataError(
        `${FN} requires finite times in column '${timeLabel}'; row ${row} has ${t}`,
        { column: timeLabel, row },
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
    if (key === settings.censorCode) {
      eventCounts.censored++;
    } else if (key === settings.causeCode) {
      status[r] = 1;
      eventCounts.cause++;
    } else {
      status[r] = 2;
      eventCounts.competing++;
    }
    for (let j = 0; j < p; j++) {
      const { name, values } = covariates[j];
      const v = numericCell(FN, name, values[i], dataRowOf(i));
      if (!Number.isFinite(v)) {
        const row = dataRowOf(i) + 1;
        throw new DataError(
          `${FN} requires finite covariates; row ${row} of column '${name}' has ${v}`,
          { column: name, row },
        );
      }
      x[j * n + r] = v;
    }
  }
  if (eventCounts.cause === 0) {
    throw new DataError(
      `${FN} requires at least one event of cause ${settings.causeCode} in column '${eventLabel}'; received 0 among ${n} complete rows`,
      { column: eventLabel },
    );
  }
  const groupLevels = cengroup
    ? sortedLevels(Array.from(order, (r) => cengroup.values[rows[r]]))
    : ['all'];
  const group = Int32Array.from(order, (r) =>
    cengroup ? groupLevels.indexOf(cellKey(cengroup.values[rows[r]])) : 0,
  );
  return {
    timeLabel,
    eventLabel,
    names: covariates.map((c) => c.name),
    n,
    p,
    time,
    status,
    x,
    group,
    groupLevels,
    cengroupLabel: cengroup ? cengroup.label : null,
    eventCounts,
    nDropped: columns.preDropped + nAll - n,
  };
}
