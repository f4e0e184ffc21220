/**
 * Residuals of a fitted Cox model from the risk-set table, in O(n p) through cumulative sums over
 * time (survival's coxmart.c, coxscore2.c / agscore2.c and coxscho.c compute the same quantities
 * with nested loops).
 *
 * Contract: `table` and `increments` from riskSetTable / hazardIncrements at the final beta; `eta`
 * by position. Outputs are indexed by position (the caller maps positions to data rows).
 *
 * Martingale:  M_i = delta_i - exp(eta_i) (H(stop_i) - H(start_i)), where H sums the increments h
 *   over the subject's at-risk times; a subject with an event uses hEvent at its own time.
 * Score:       L_i = delta_i (x_i - xbarEvent(t_i)) - exp(eta_i) sum_{t at risk} (x_i h(t) - meanH(t)),
 *   with the Efron event share (x_i hEvent - meanHEvent) at the subject's own event time.
 * Schoenfeld:  x_i - xbarEvent(t_i) for each event (xbarEvent: Efron's average of the means).
 */
import type { CoxData } from './cox-data.ts';
import type { HazardIncrements, RiskSetTable } from './risk-set-table.ts';

function cumulative(values: Float64Array, table: RiskSetTable, width: number): Float64Array {
  const out = new Float64Array(values.length);
  for (let b = 0; b + 1 < table.strataStart.length; b++) {
    const from = table.strataStart[b];
    const to = table.strataStart[b + 1];
    for (let i = from; i < to; i++) {
      for (let j = 0; j < width; j++) {
        out[i * width + j] = values[i * width + j] + (i > from ? out[(i - 1) * width + j] : 0);
      }
    }
  }
  return out;
}

/** Martingale residuals by position (unweighted, as residuals.coxph). */
export function martingaleResiduals(
  data: CoxData,
  eta: Float64Array,
  table: RiskSetTable,
  increments: HazardIncrements,
): Float64Array {
  const H = cumulative(increments.h, table, 1);
  const out = new Float64Array(data.n);
  for (let k = 0; k < data.n; k++) {
    const i = table.stopIndex[k];
    const s = table.startIndex[k];
    let exposure = H[i] - (s >= 0 ? H[s] : 0);
    if (data.event[k] === 1) exposure += increments.hEvent[i] - increments.h[i];
    out[k] = data.event[k] - Math.exp(eta[k]) * exposure;
  }
  return out;
}

/** Score residuals by position, row-major n x p (unweighted). */
export function scoreResiduals(
  data: CoxData,
  eta: Float64Array,
  table: RiskSetTable,
  increments: HazardIncrements,
): Float64Array {
  const { n, p, x } = data;
  const H = cumulative(increments.h, table, 1);
  const MH = cumulative(increments.meanH, table, p);
  const out = new Float64Array(n * p);
  for (let k = 0; k < n; k++) {
    const i = table.stopIndex[k];
    const s = table.startIndex[k];
    const r = Math.exp(eta[k]);
    const hSum = H[i] - (s >= 0 ? H[s] : 0);
    for (let j = 0; j < p; j++) {
      const xj = x[k * p + j];
      const mhSum = MH[i * p + j] - (s >= 0 ? MH[s * p + j] : 0);
      let value = -r * (xj * hSum - mhSum);
      if (data.event[k] === 1) {
        // replace the term at the subject's own event time by the event share
        value += r * (xj * increments.h[i] - increments.meanH[i * p + j]);
        value +=
          xj -
          increments.meanEvent[i * p + j] -
          r * (xj * increments.hEvent[i] - increments.meanHEvent[i * p + j]);
      }
      out[k * p + j] = value;
    }
  }
  return out;
}

/** Schoenfeld residuals of the events, by position (rows of non-events are NaN), row-major. */
export function schoenfeldResiduals(
  data: CoxData,
  table: RiskSetTable,
  increments: HazardIncrements,
): Float64Array {
  const { n, p, x } = data;
  const out = new Float64Array(n * p).fill(Number.NaN);
  for (let k = 0; k < n; k++) {
    if (data.event[k] !== 1) continue;
    const i = table.stopIndex[k];
    for (let j = 0; j < p; j++) out[k * p + j] = x[k * p + j] - increments.meanEvent[i * p + j];
  }
  return out;
}
