/**
 * One survival curve's rows by a single sweep over the distinct stop times: weighted counts, the
 * Kaplan-Meier or exp(-hazard) survival, the Nelson-Aalen or Fleming-Harrington cumulative hazard,
 * and their variances, model-based (Greenwood) or clustered (infinitesimal jackknife), as
 * survival's survfitkm.c.
 *
 * Clustered variances are computed for stype 1 and ctype 1 (the caller refuses the others).
 *
 * Contract: `order[from..to)` lists the rows of one curve by ascending stop time; for counting data
 * `startOrder[from..to)` lists the same rows by ascending start. `weight` holds case weights
 * (>= 0). With `cluster` (codes 0..nClusters-1), the variances are the sums over clusters of the
 * squared summed weighted influences (survfit's robust variance); without, Greenwood's
 * sum D / (Y (Y - D)) for the Kaplan-Meier curve and sum D / Y^2 (Nelson-Aalen) or the
 * Fleming-Harrington sum for the hazard. A row is at risk at t when start < t <= stop.
 * Returns rows at every distinct stop time: Y, D, censored weight, S(t), H(t), the standard error
 * of log S (Inf once a model-based S reaches 0) and of H, and the standard error of S itself.
 */
import type { CurveRows } from '../../internal/curve-summary.ts';
import { ClusterInfluence } from './cluster-influence.ts';

export interface CurveInput {
  stop: Float64Array;
  start: Float64Array | null;
  event: Uint8Array;
  weight: Float64Array;
  /** Cluster code per row (clustered variance), or null for Greenwood's. */
  cluster: Int32Array | null;
  nClusters: number;
  /** 1: Kaplan-Meier product; 2: exp(-cumulative hazard). */
  stype: 1 | 2;
  /** 1: Nelson-Aalen hazard increments D/Y; 2: Fleming-Harrington (ties as sequential). */
  ctype: 1 | 2;
}

/** A curve's rows with the cumulative hazard beside the survival. */
export interface CurveRowsWithHazard extends CurveRows {
  cumHazard: Float64Array;
  cumHazardStdErr: Float64Array;
  /** Standard error of S(t) itself (Greenwood's S se(log S), or the clustered one). */
  stdErr: Float64Array;
}

/** Fleming-Harrington increment and variance for D events (m of them) among Y at risk. */
function flemingHarrington(y: number, d: number, m: number): [number, number] {
  const share = d / m;
  let hazard = 0;
  let variance = 0;
  for (let k = 0; k < m; k++) {
    const inv = 1 / (y - k * share);
    hazard += share * inv;
    variance += share * inv * inv;
  }
  return [hazard, variance];
}

export function curveRows(
  input: CurveInput,
  order: Int32Array,
  startOrder: Int32Array | null,
  from: number,
  to: number,
): CurveRowsWithHazard {
  const { stop, start, event, weight, cluster, stype, ctype } = input;
  const times: number[] = [];
  const nRisk: number[] = [];
  const nEvent: number[] = [];
  const nCensor: number[] = [];
  const surv: number[] = [];
  const seLog: number[] = [];
  const hazard: number[] = [];
  const seHazard: number[] = [];
  const seSurv: number[] = [];
  // clustered influence on log S (Kaplan-Meier: increments over Y - D) and on H (over Y)
  const influenceKm = cluster ? new ClusterInfluence(input.nClusters) : null;
  const influenceHazard = cluster ? new ClusterInfluence(input.nClusters) : null;
  let s = 1;
  let h = 0;
  let greenwood = 0;
  let hazardVariance = 0;
  let survivalZero = false;
  let atRisk = 0;
  let startPointer = from;
  const enter = (r: number) => {
    atRisk += weight[r];
    if (cluster) {
      influenceKm?.enter(cluster[r], weight[r]);
      influenceHazard?.enter(cluster[r], weight[r]);
    }
  };
  if (!start) {
    if (cluster) for (let i = from; i < to; i++) enter(order[i]);
    else for (let i = from; i < to; i++) atRisk += weight[order[i]];
  }
  let i = from;
  while (i < to) {
    const t = stop[order[i]];
    if (start && startOrder) {
      while (startPointer < to && start[startOrder[startPointer]] < t) {
        enter(startOrder[startPointer]);
        startPointer++;
      }
    }
    let d = 0;
    let c = 0;
    let m = 0;
    const first = i;
    while (i < to && stop[order[i]] === t) {
      const r = order[i];
      if (event[r] === 1) {
        d += weight[r];
        m++;
      } else c += weight[r];
      i++;
    }
    const y = atRisk;
    if (m > 0 && d > 0) {
      const fraction = d / y;
      let dHazard = fraction;
      let dHazardVariance = d / (y * y);
      if (ctype === 2) [dHazard, dHazardVariance] = flemingHarrington(y, d, m);
      h += dHazard;
      hazardVariance += dHazardVariance;
      s = stype === 1 ? s * (1 - fraction) : Math.exp(-h);
      greenwood += y === d ? Number.POSITIVE_INFINITY : d / (y * (y - d));
      if (cluster && influenceKm && influenceHazard) {
        const events: { code: number; weight: number }[] = [];
        for (let k = first; k < i; k++) {
          const r = order[k];
          if (event[r] === 1) events.push({ code: cluster[r], weight: weight[r] });
        }
        if (y === d) survivalZero = true;
        else influenceKm.step(events, fraction, 1 / (y - d));
        influenceHazard.step(events, fraction, 1 / y);
      }
    }
    times.push(t);
    nRisk.push(y);
    nEvent.push(d);
    nCensor.push(c);
    surv.push(s);
    hazard.push(h);
    if (influenceKm && influenceHazard) {
      const varHazard = influenceHazard.sumOfSquares();
      const varLog = survivalZero ? 0 : influenceKm.sumOfSquares();
      const se = s * Math.sqrt(varLog);
      seSurv.push(se);
      seLog.push(s > 0 ? Math.sqrt(varLog) : se === 0 ? 0 : Number.NaN);
      seHazard.push(Math.sqrt(varHazard));
    } else {
      const logVariance = stype === 1 ? greenwood : hazardVariance;
      seLog.push(Math.sqrt(logVariance));
      seSurv.push(Math.sqrt(logVariance) * s);
      seHazard.push(Math.sqrt(hazardVariance));
    }
    // rows whose interval ends at t leave the risk set
    if (cluster) {
      for (let k = first; k < i; k++) {
        const r = order[k];
        atRisk -= weight[r];
        influenceKm?.leave(cluster[r], weight[r]);
        influenceHazard?.leave(cluster[r], weight[r]);
      }
    } else {
      for (let k = first; k < i; k++) atRisk -= weight[order[k]];
    }
  }
  const n = times.length;
  return {
    time: Float64Array.from(times),
    nRisk: Float64Array.from(nRisk),
    nEvent: Float64Array.from(nEvent),
    nCensor: Float64Array.from(nCensor),
    surv: Float64Array.from(surv),
    seLog: Float64Array.from(seLog),
    lower: new Float64Array(n),
    upper: new Float64Array(n),
    cumHazard: Float64Array.from(hazard),
    cumHazardStdErr: Float64Array.from(seHazard),
    stdErr: Float64Array.from(seSurv),
  };
}
