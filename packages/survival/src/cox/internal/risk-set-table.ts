/**
 * Risk-set sums at every distinct stop time of a fitted Cox model, and the hazard increments
 * built from them (Breslow or Efron), for residuals and the baseline hazard.
 *
 * Contract: `data` from the fitted kernel (positions by stratum, descending stop; x centred,
 * unscaled), `eta` the linear predictor by position. For entry m (strata in code order, times
 * ascending within a stratum):
 *   nRisk = sum of case weights at risk, denom = sum w exp(eta) at risk, a = sum w exp(eta) x,
 *   deaths (count), deadWeight = sum of w over events, eDenom and a2 the same sums over the
 *   events, nCensor = sum of w over censored rows.
 * At risk at t means start < t <= stop. `stopIndex[k]` is the entry of position k's stop time;
 * `startIndex[k]` the last entry of its stratum with time <= start (-1 when none).
 *
 * Efron hazard increments at a time with d events (R = denom, D = eDenom, W = deadWeight):
 *   h = sum_{j<d} (W/d) / (R - j D/d)                (Breslow or d = 1: W / R)
 *   hEvent = sum_{j<d} (1 - j/d) (W/d) / (R - j D/d)  the share of a subject who has the event
 * and the matching sums of the covariate means, as survival's coxmart.c / coxscore2.c / agsurv5.c.
 */
import type { CoxData } from './cox-data.ts';

export interface RiskSetTable {
  m: number;
  p: number;
  time: Float64Array;
  stratum: Int32Array;
  /** First entry of each stratum, length nStrata + 1. */
  strataStart: Int32Array;
  nRisk: Float64Array;
  denom: Float64Array;
  deaths: Int32Array;
  deadWeight: Float64Array;
  eDenom: Float64Array;
  nCensor: Float64Array;
  a: Float64Array;
  a2: Float64Array;
  stopIndex: Int32Array;
  startIndex: Int32Array;
}

export function riskSetTable(data: CoxData, eta: Float64Array): RiskSetTable {
  const { n, p, x, stop, start, event, weight, stratum, startOrder } = data;
  const times: number[] = [];
  const strata: number[] = [];
  const nRiskList: number[] = [];
  const denomList: number[] = [];
  const deathsList: number[] = [];
  const deadWeightList: number[] = [];
  const eDenomList: number[] = [];
  const nCensorList: number[] = [];
  const aList: number[] = [];
  const a2List: number[] = [];
  const stopIndexDesc = new Int32Array(n);
  const a = new Float64Array(p);
  const a2 = new Float64Array(p);
  const strataStartDesc: number[] = [];
  const strataEnd: number[] = [];
  let k = 0;
  let leave = 0;
  while (k < n) {
    const s = stratum[k];
    let end = k;
    while (end < n && stratum[end] === s) end++;
    strataStartDesc.push(times.length);
    let denom = 0;
    let weightAtRisk = 0;
    let count = 0;
    a.fill(0);
    while (k < end) {
      const t = stop[k];
      if (start && startOrder) {
        for (; leave < end; leave++) {
          const q = startOrder[leave];
          if (start[q] < t) break;
          count--;
          if (count === 0) {
            denom = 0;
            weightAtRisk = 0;
            a.fill(0);
          } else {
            const r = weight[q] * Math.exp(eta[q]);
            denom -= r;
            weightAtRisk -= weight[q];
            for (let j = 0; j < p; j++) a[j] -= r * x[q * p + j];
          }
        }
      }
      let deaths = 0;
      let deadWeight = 0;
      let eDenom = 0;
      let censor = 0;
      a2.fill(0);
      const index = times.length;
      for (; k < end && stop[k] === t; k++) {
        const r = weight[k] * Math.exp(eta[k]);
        count++;
        denom += r;
        weightAtRisk += weight[k];
        stopIndexDesc[k] = index;
        for (let j = 0; j < p; j++) a[j] += r * x[k * p + j];
        if (event[k] === 1) {
          deaths++;
          deadWeight += weight[k];
          eDenom += r;
          for (let j = 0; j < p; j++) a2[j] += r * x[k * p + j];
        } else censor += weight[k];
      }
      times.push(t);
      strata.push(s);
      nRiskList.push(weightAtRisk);
      denomList.push(denom);
      deathsList.push(deaths);
      deadWeightList.push(deadWeight);
      eDenomList.push(eDenom);
      nCensorList.push(censor);
      for (let j = 0; j < p; j++) aList.push(a[j]);
      for (let j = 0; j < p; j++) a2List.push(a2[j]);
    }
    strataEnd.push(times.length);
    if (start) leave = end;
  }
  // reverse each stratum's block so that times ascend
  const m = times.length;
  const map = new Int32Array(m); // descending entry -> ascending entry
  for (let b = 0; b < strataStartDesc.length; b++) {
    const from = strataStartDesc[b];
    const to = strataEnd[b];
    for (let i = from; i < to; i++) map[i] = from + (to - 1 - i);
  }
  const reorder = (list: number[]) => {
    const out = new Float64Array(m);
    for (let i = 0; i < m; i++) out[map[i]] = list[i];
    return out;
  };
  const reorderVector = (list: number[]) => {
    const out = new Float64Array(m * p);
    for (let i = 0; i < m; i++) for (let j = 0; j < p; j++) out[map[i] * p + j] = list[i * p + j];
    return out;
  };
  const stopIndex = new Int32Array(n);
  for (let q = 0; q < n; q++) stopIndex[q] = map[stopIndexDesc[q]];
  const table: RiskSetTable = {
    m,
    p,
    time: reorder(times),
    stratum: Int32Array.from(reorder(strata)),
    strataStart: Int32Array.from([...strataStartDesc, m]),
    nRisk: reorder(nRiskList),
    denom: reorder(denomList),
    deaths: Int32Array.from(reorder(deathsList)),
    deadWeight: reorder(deadWeightList),
    eDenom: reorder(eDenomList),
    nCensor: reorder(nCensorList),
    a: reorderVector(aList),
    a2: reorderVector(a2List),
    stopIndex,
    startIndex: new Int32Array(n).fill(-1),
  };
  if (start) {
    // last entry of the stratum with time <= start (binary search within the stratum block)
    for (let q = 0; q < n; q++) {
      const b = strataBlock(table, stopIndex[q]);
      let lo = table.strataStart[b];
      let hi = table.strataStart[b + 1] - 1;
      let found = -1;
      while (lo <= hi) {
        const mid = (lo + hi) >> 1;
        if (table.time[mid] <= start[q]) {
          found = mid;
          lo = mid + 1;
        } else hi = mid - 1;
      }
      table.startIndex[q] = found;
    }
  }
  return table;
}

function strataBlock(table: RiskSetTable, entry: number): number {
  let lo = 0;
  let hi = table.strataStart.length - 2;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (table.strataStart[mid] <= entry) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** Hazard increments and covariate-mean sums per entry. */
export interface HazardIncrements {
  /** Hazard increment for subjects at risk without an event at the time. */
  h: Float64Array;
  /** Hazard increment for a subject with an event at the time (Efron share). */
  hEvent: Float64Array;
  /** Variance increment of the cumulative hazard (agsurv's varhaz). */
  varH: Float64Array;
  /** sum_j mean_j h_j (p per entry). */
  meanH: Float64Array;
  /** sum_j (1 - j/d) mean_j h_j (p per entry). */
  meanHEvent: Float64Array;
  /** Average of the means over the Efron steps: the Schoenfeld centre (p per entry). */
  meanEvent: Float64Array;
  /** agsurv's xbar increment: sum_j (a - j/d a2) W/d / (R - j D/d)^2 (p per entry). */
  xbarH: Float64Array;
}

export function hazardIncrements(table: RiskSetTable, efron: boolean): HazardIncrements {
  const { m, p } = table;
  const h = new Float64Array(m);
  const hEvent = new Float64Array(m);
  const varH = new Float64Array(m);
  const meanH = new Float64Array(m * p);
  const meanHEvent = new Float64Array(m * p);
  const meanEvent = new Float64Array(m * p);
  const xbarH = new Float64Array(m * p);
  for (let i = 0; i < m; i++) {
    const d = table.deaths[i];
    if (d === 0) continue;
    const R = table.denom[i];
    const D = table.eDenom[i];
    const W = table.deadWeight[i];
    if (!efron || d === 1) {
      const hazard = W / R;
      h[i] = hazard;
      hEvent[i] = hazard;
      varH[i] = W / (R * R);
      for (let j = 0; j < p; j++) {
        const mean = table.a[i * p + j] / R;
        meanH[i * p + j] = mean * hazard;
        meanHEvent[i * p + j] = mean * hazard;
        meanEvent[i * p + j] = mean;
        xbarH[i * p + j] = (table.a[i * p + j] * W) / (R * R);
      }
    } else {
      const w = W / d;
      for (let k = 0; k < d; k++) {
        const down = k / d;
        const denom = R - down * D;
        const hazard = w / denom;
        h[i] += hazard;
        hEvent[i] += (1 - down) * hazard;
        varH[i] += w / (denom * denom);
        for (let j = 0; j < p; j++) {
          const numerator = table.a[i * p + j] - down * table.a2[i * p + j];
          const mean = numerator / denom;
          meanH[i * p + j] += mean * hazard;
          meanHEvent[i * p + j] += (1 - down) * mean * hazard;
          meanEvent[i * p + j] += mean / d;
          xbarH[i * p + j] += (numerator * w) / (denom * denom);
        }
      }
    }
  }
  return { h, hEvent, varH, meanH, meanHEvent, meanEvent, xbarH };
}
