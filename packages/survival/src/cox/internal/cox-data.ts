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
  const byStop = descending(input.stopOrder ?? sortIndex(input.stop));
  const row = nStrata > 1 ? groupStable(byStop, strataCodes, nStrata) : byStop;
  const position = new Int32Array(n);
  for (let k = 0; k < n; k++) position[row[k]] = k;
  const x = new Float64Array(n * p);
  const stop = new Float64Array(n);
  const start = input.start ? new Float64Array(n) : null;
  const event = new Uint8Array(n);
  const weight = input.weights ? new Float64Array(n) : new Float64Array(n).fill(1);
  const offset = new Float64Array(n);
  const stratum = new Int32Array(n);
  // in data order, so that the reads are sequential and each row's covariates are written to one
  // place (the row-major block of its position)
  for (let i = 0; i < n; i++) {
    const base = position[i] * p;
    for (let j = 0; j < p; j++) x[base + j] = (input.x[i + j * n] - center[j]) * scale[j];
  }
  for (let i = 0; i < n; i++) {
    const k = position[i];
    stop[k] = input.stop[i];
    event[k] = input.event[i];
  }
  if (start && input.start) for (let i = 0; i < n; i++) start[position[i]] = input.start[i];
  if (input.weights) for (let i = 0; i < n; i++) weight[position[i]] = input.weights[i];
  if (input.offset) for (let i = 0; i < n; i++) offset[position[i]] = input.offset[i];
  if (input.strata) for (let i = 0; i < n; i++) stratum[position[i]] = strataCodes[i];
  let startOrder: Int32Array | null = null;
  if (start && input.start) {
    const byStart = groupStable(descending(sortIndex(input.start)), strataCodes, nStrata);
    startOrder = new Int32Array(n);
    for (let k = 0; k < n; k++) startOrder[k] = position[byStart[k]];
  }
  return { n, p, row, x, stop, start, event, weight, offset, stratum, nStrata, startOrder };
}
