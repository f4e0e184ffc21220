/**
 * Data of a Cox model laid out for the risk-set sweeps: rows sorted by stratum and then by
 * descending stop time ("positions"), covariates row-major by position.
 *
 * Contract: `prepareCoxData` takes the design matrix x (column-major, n x p), stop, start (null
 * for right-censored data), event (0/1), strata codes (null = one stratum), offset and case
 * weights (null = 0 and 1). Positions run stratum by stratum (ascending code), within a stratum
 * by descending stop time. `startOrder` lists the positions of each stratum by descending start
 * time, stratum blocks in the same order.
 */
import { groupStable, sortIndex } from '../../internal/sort-index.ts';

export interface CoxData {
  n: number;
  p: number;
  /** Position -> original row. */
  row: Int32Array;
  /** Covariates by position, row-major (x[k * p + j]); centred (and scaled where noted). */
  x: Float64Array;
  stop: Float64Array;
  start: Float64Array | null;
  event: Uint8Array;
  weight: Float64Array;
  offset: Float64Array;
  /** Stratum code by position. */
  stratum: Int32Array;
  nStrata: number;
  /** Positions by stratum, then descending start (counting data only). */
  startOrder: Int32Array | null;
}

export interface CoxInput {
  x: Float64Array;
  n: number;
  p: number;
  stop: Float64Array;
  start: Float64Array | null;
  event: Uint8Array;
  strata: Int32Array | null;
  nStrata: number;
  offset: Float64Array | null;
  weights: Float64Array | null;
  /** Ascending order of `stop`, when the caller already has it. */
  stopOrder?: Int32Array;
}

function descending(order: Int32Array): Int32Array {
  const n = order.length;
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) out[i] = order[n - 1 - i];
  return out;
}

/**
 * Sort and copy the data; covariates are centred at `center` and multiplied by `scale`
 * (per column).
 */
export function prepareCoxData(
  input: CoxInput,
  center: Float64Array,
  scale: Float64Array,
): CoxData {
  const { n, p } = input;
  const strataCodes = input.strata ?? new Int32Array(n);
  const nStrata = input.strata ? input.nStrata : 1;
  const row = groupStable(
    descending(input.stopOrder ?? sortIndex(input.stop)),
    strataCodes,
    nStrata,
  );
  const position = new Int32Array(n);
  for (let k = 0; k < n; k++) position[row[k]] = k;
  const x = new Float64Array(n * p);
  const stop = new Float64Array(n);
  const start = input.start ? new Float64Array(n) : null;
  const event = new Uint8Array(n);
  const weight = new Float64Array(n);
  const offset = new Float64Array(n);
  const stratum = new Int32Array(n);
  for (let j = 0; j < p; j++) {
    const c = center[j];
    const s = scale[j];
    const offsetColumn = j * n;
    for (let k = 0; k < n; k++) x[k * p + j] = (input.x[row[k] + offsetColumn] - c) * s;
  }
  for (let k = 0; k < n; k++) {
    const r = row[k];
    stop[k] = input.stop[r];
    if (start && input.start) start[k] = input.start[r];
    event[k] = input.event[r];
    weight[k] = input.weights ? input.weights[r] : 1;
    offset[k] = input.offset ? input.offset[r] : 0;
    stratum[k] = strataCodes[r];
  }
  let startOrder: Int32Array | null = null;
  if (start && input.start) {
    const byStart = groupStable(descending(sortIndex(input.start)), strataCodes, nStrata);
    startOrder = new Int32Array(n);
    for (let k = 0; k < n; k++) startOrder[k] = position[byStart[k]];
  }
  return { n, p, row, x, stop, start, event, weight, offset, stratum, nStrata, startOrder };
}
