import { DataError, FormulaError, InvalidArgumentError } from '@muster/core';
import { type DataInput, type DesignMatrix, designMatrix } from '@muster/formula';
import { aeqSurv } from '../../internal/aeq-surv.ts';
import { maskEmptyIntervals } from '../../internal/empty-intervals.ts';
import { preflightFormula } from '../../internal/formula-preflight.ts';
import { toLevels } from '../../internal/levels.ts';
import { sortIndex } from '../../internal/sort-index.ts';
import { readSurvival } from '../../internal/survival-input.ts';
import type { FitCoxOptions } from '../fit-cox.ts';
import type { CoxInput } from './cox-data.ts';

/**
 * The rows of a Cox model after the model frame: response, covariates without the intercept,
 * strata, offset, case weights and clusters, all aligned (rows with missing values and empty
 * (start, stop] intervals removed).
 */
export interface CoxFrame {
  design: DesignMatrix;
  n: number;
  p: number;
  /** Covariates, column-major n x p. */
  x: Float64Array;
  /** Design columns used (the intercept dropped) and their names. */
  columnIndex: number[];
  terms: string[];
  stop: Float64Array;
  start: Float64Array | null;
  stopOrder: Int32Array;
  event: Uint8Array;
  strata: Int32Array | null;
  strataLevels: string[] | null;
  offset: Float64Array | null;
  weights: Float64Array | null;
  cluster: Int32Array | null;
  nClusters: number;
  /** 0-based data rows used. */
  rows: Int32Array;
  nDropped: number;
  /** 1-based data rows of empty (start, stop] intervals, dropped as R's Surv() makes them NA. */
  emptyIntervals: number[];
  /** Rows with event 1 (unweighted), as coxph's nevent. */
  nEvents: number;
}

function pick<T extends { [index: number]: number }>(
  values: T,
  keep: Int32Array | null,
  make: (n: number) => T,
): T {
  if (!keep) return values;
  const out = make(keep.length);
  for (let i = 0; i < keep.length; i++) out[i] = values[keep[i]];
  return out;
}

/** coxph's weights: finite and > 0 ("Invalid weights, must be >0"). */
function readWeights(design: DesignMatrix, column: string): Float64Array {
  const values = design.extra.weights ?? [];
  const out = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const w = values[i];
    if (typeof w !== 'number' || !Number.isFinite(w) || !(w > 0)) {
      const row = design.rows[i] + 1;
      throw new DataError(
        `fitCox requires finite positive numeric weights; column '${column}' data row ${row} is ${String(w)}`,
        { column, row },
      );
    }
    out[i] = w;
  }
  return out;
}

/**
 * The covariate columns of the design (column-major, n x p), refusing non-finite values: a view
 * of the design matrix when no row was dropped and the columns are adjacent (the intercept
 * dropped), else a copy of the rows kept.
 */
function covariates(
  design: DesignMatrix,
  columnIndex: number[],
  keep: Int32Array | null,
  n: number,
  terms: string[],
  rows: Int32Array,
): Float64Array {
  const nAll = design.nrow;
  const p = columnIndex.length;
  const adjacent = columnIndex.every((c, j) => c === columnIndex[0] + j);
  const x =
    keep === null && adjacent && p > 0
      ? design.matrix.subarray(columnIndex[0] * nAll, (columnIndex[0] + p) * nAll)
      : new Float64Array(n * p);
  const view = x.buffer === design.matrix.buffer;
  for (let j = 0; j < p; j++) {
    const column = design.matrix.subarray(columnIndex[j] * nAll, (columnIndex[j] + 1) * nAll);
    for (let i = 0; i < n; i++) {
      const v = column[keep ? keep[i] : i];
      if (!Number.isFinite(v)) {
        throw new DataError(
          `fitCox requires finite covariates; ${terms[j]} is ${v} in data row ${rows[i] + 1}`,
          { column: terms[j], row: rows[i] + 1 },
        );
      }
      if (!view) x[i + j * n] = v;
    }
  }
  return x;
}

/** Build the model frame of fitCox: the steps coxph runs before coxph.fit / agreg.fit. */
export function coxFrame(formula: string, data: DataInput, options: FitCoxOptions): CoxFrame {
  const extra: Record<string, string> = {};
  if (options.cluster) extra.cluster = options.cluster;
  if (options.weights) extra.weights = options.weights;
  preflightFormula('fitCox', formula);
  const masked = maskEmptyIntervals(formula, data);
  const design = designMatrix(formula, masked.data, { extra });
  const response = design.response;
  if (response?.kind !== 'surv') {
    throw new FormulaError(
      formula,
      0,
      'fitCox requires a Surv(time, event) or Surv(start, stop, event) response',
    );
  }
  if (design.cluster && options.cluster) {
    throw new InvalidArgumentError(
      'cluster',
      `fitCox takes a cluster either as a cluster() term or as options.cluster; received both (${design.cluster.label} and ${options.cluster})`,
    );
  }
  const survival = readSurvival('fitCox', {
    time: response.stop,
    event: response.event,
    start: response.start,
    dataRows: design.rows,
    names: { time: 'time', event: 'event', start: 'start' },
  });
  if (survival.nDropped > 0) {
    // the design matrix has already dropped incomplete rows; anything left is a bug upstream
    throw new InvalidArgumentError(
      'data',
      'fitCox received a response with missing values after the model frame',
    );
  }
  const nAll = design.nrow;
  const n = survival.stop.length;
  const keep = n < nAll ? survival.rows : null;
  const rows = pick(design.rows, keep, (m) => new Int32Array(m));
  const stopOrder = sortIndex(survival.stop);
  const fixed = aeqSurv('fitCox', survival.stop, survival.start, stopOrder, rows);
  let nEvents = 0;
  for (let i = 0; i < n; i++) nEvents += survival.event[i];
  if (nEvents === 0) {
    throw new InvalidArgumentError(
      'data',
      `fitCox requires at least one event; received 0 events in ${n} rows`,
    );
  }
  const columnIndex: number[] = [];
  design.assign.forEach((a, j) => {
    if (a > 0) columnIndex.push(j);
  });
  const p = columnIndex.length;
  const terms = columnIndex.map((c) => design.columns[c]);
  const x = covariates(design, columnIndex, keep, n, terms, rows);
  let cluster: Int32Array | null = null;
  let nClusters = 0;
  if (design.cluster) {
    cluster = pick(design.cluster.codes, keep, (m) => new Int32Array(m));
    nClusters = design.cluster.levels.length;
  } else if (options.cluster) {
    const values = design.extra.cluster ?? [];
    const levels = toLevels(keep ? Array.from(keep, (i) => values[i]) : values);
    cluster = levels.codes;
    nClusters = levels.labels.length;
  }
  const weights = options.weights
    ? pick(readWeights(design, options.weights), keep, (m) => new Float64Array(m))
    : null;
  return {
    design,
    n,
    p,
    x,
    columnIndex,
    terms,
    stop: fixed.stop,
    start: fixed.start,
    stopOrder,
    event: survival.event,
    strata: design.strata ? pick(design.strata.codes, keep, (m) => new Int32Array(m)) : null,
    strataLevels: design.strata ? design.strata.levels : null,
    offset: design.offset ? pick(design.offset, keep, (m) => new Float64Array(m)) : null,
    weights,
    cluster,
    nClusters,
    rows,
    nDropped: design.nDropped - masked.rows.length,
    emptyIntervals: [...masked.rows, ...survival.emptyIntervals],
    nEvents,
  };
}

/** The kernel's input: the frame's covariates, times, events, strata, offsets and weights. */
export function coxInput(frame: CoxFrame): CoxInput {
  return {
    x: frame.x,
    n: frame.n,
    p: frame.p,
    stop: frame.stop,
    start: frame.start,
    event: frame.event,
    strata: frame.strata,
    nStrata: frame.strataLevels ? frame.strataLevels.length : 1,
    offset: frame.offset,
    weights: frame.weights,
    stopOrder: frame.stopOrder,
  };
}
