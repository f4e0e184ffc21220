/**
 * The data of an AFT model after the model frame: log times, events, case weights, offsets,
 * strata and the design matrix, checked as survreg checks them (positive finite times, 0/1
 * events, positive weights, finite covariates).
 */
import { DataError, FormulaError, InvalidArgumentError } from '@muster/core';
import { type DataInput, type DesignMatrix, designMatrix } from '@muster/formula';
import { preflightFormula } from '../../internal/formula-preflight.ts';
import type { AftOptions } from '../fit-aft.ts';
import type { AftSettings } from './aft-options.ts';

/** Rows used by an AFT fit; x is column-major n x nvar (the intercept included). */
export interface AftFrame {
  design: DesignMatrix;
  n: number;
  nvar: number;
  /** log time. */
  y: Float64Array;
  status: Uint8Array;
  w: Float64Array;
  offset: Float64Array;
  strata: Int32Array;
  strataLevels: string[] | null;
  nstrata: number;
  /** Number of estimated log-scales (0 with a fixed scale). */
  nstrat2: number;
  x: Float64Array;
  nEvents: number;
  /** -sum w log t over the events: the Jacobian that puts the log-likelihood on the time scale. */
  logCorrect: number;
}

const FN = 'fitAft';

/** The model frame of fitAft: the Surv response and the design matrix, checked. */
export function aftFrame(
  formula: string,
  data: DataInput,
  options: AftOptions,
  settings: AftSettings,
): AftFrame {
  preflightFormula(FN, formula);
  const design = designMatrix(
    formula,
    data,
    options.weights === undefined ? undefined : { extra: { weights: options.weights } },
  );
  const response = design.response;
  if (response === null || response.kind !== 'surv') {
    throw new FormulaError(
      formula,
      0,
      `${FN} requires a Surv(time, event) response; received ${formula}`,
    );
  }
  if (response.start !== null) {
    throw new FormulaError(
      formula,
      0,
      `${FN} requires right-censored Surv(time, event) data; start-stop data are not supported`,
    );
  }
  const n = design.nrow;
  if (n === 0) {
    throw new DataError(
      `${FN} requires at least one complete row; received 0 (${design.nDropped} dropped for missing values)`,
    );
  }
  const w = readWeights(design, options.weights);
  const { y, status, nEvents, logCorrect } = readResponse(design, response, w, settings.dist);
  const strataLevels = design.strata ? design.strata.levels : null;
  const nstrata = strataLevels ? strataLevels.length : 1;
  if (settings.fixedScale > 0 && nstrata > 1) {
    throw new InvalidArgumentError('scale', `${FN} cannot combine a fixed scale with strata()`);
  }
  return {
    design,
    n,
    nvar: design.ncol,
    y,
    status,
    w,
    offset: design.offset ? Float64Array.from(design.offset) : new Float64Array(n),
    strata: design.strata ? Int32Array.from(design.strata.codes) : new Int32Array(n),
    strataLevels,
    nstrata,
    nstrat2: settings.fixedScale > 0 ? 0 : nstrata,
    x: readCovariates(design),
    nEvents,
    logCorrect,
  };
}

/** survreg's case weights: positive and finite (1 without a weights column). */
function readWeights(design: DesignMatrix, column: string | undefined): Float64Array {
  const n = design.nrow;
  const w = new Float64Array(n).fill(1);
  if (column === undefined) return w;
  const values = design.extra.weights;
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (typeof v !== 'number' || !(v > 0) || !Number.isFinite(v)) {
      const row = design.rows[i] + 1;
      throw new DataError(
        `${FN} requires positive finite weights; row ${row} of column '${column}' has ${String(v)}`,
        { column, row },
      );
    }
    w[i] = v;
  }
  return w;
}

/** Log times and 0/1 events; times must be positive and finite for the log-scale distributions. */
function readResponse(
  design: DesignMatrix,
  response: { stop: ArrayLike<number>; event: ArrayLike<number> },
  w: Float64Array,
  dist: string,
): { y: Float64Array; status: Uint8Array; nEvents: number; logCorrect: number } {
  const n = design.nrow;
  const y = new Float64Array(n);
  const status = new Uint8Array(n);
  let nEvents = 0;
  let logCorrect = 0;
  for (let i = 0; i < n; i++) {
    const t = response.stop[i];
    const e = response.event[i];
    const row = design.rows[i] + 1;
    if (!(t > 0) || !Number.isFinite(t)) {
      throw new DataError(
        `${FN} requires positive finite survival times for the ${dist} distribution; row ${row} has time ${t}`,
        { row },
      );
    }
    if (e !== 0 && e !== 1) {
      throw new DataError(
        `${FN} requires event values 0 (censored) or 1 (event); row ${row} has ${e}`,
        { row },
      );
    }
    y[i] = Math.log(t);
    status[i] = e;
    if (e === 1) {
      nEvents++;
      logCorrect -= w[i] * Math.log(t);
    }
  }
  return { y, status, nEvents, logCorrect };
}

/** A copy of the design matrix (it is rescaled in place), every value finite. */
function readCovariates(design: DesignMatrix): Float64Array {
  const n = design.nrow;
  const x = Float64Array.from(design.matrix);
  for (let i = 0; i < x.length; i++) {
    if (!Number.isFinite(x[i])) {
      const column = design.columns[Math.floor(i / n)];
      const row = design.rows[i % n] + 1;
      throw new DataError(
        `${FN} requires finite covariates; column '${column}' row ${row} has ${x[i]}`,
        { column, row },
      );
    }
  }
  return x;
}
