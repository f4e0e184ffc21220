import type { AalenJohansenCurve } from './aalen-johansen-kernel.ts';

/**
 * Aalen-Johansen curve of a competing-risks process observed on counting-process (start, stop]
 * rows (late entry), with infinitesimal-jackknife standard errors summed within clusters (the
 * subject id, or a unit), as R survival 3.5-3's survfitci.c with `id =`.
 *
 * Contract
 *   entryIndex[i]  first time index at which row i is at risk (the first curve time > start)
 *   stopIndex[i]   index of its stop time among the curve's ascending distinct stop times
 *   status[i]      0 censored, k = 1..K the cause ending the row
 *   cluster[i]     0..nClusters-1: rows of a cluster have their influences summed
 *   Output         per time j: nRisk[j] (start < t_j <= stop), survival, cif (j*K + k-1) and
 *                  their standard errors (see AalenJohansenCurve).
 *
 * Method. As aalen-johansen-clustered.ts: every row at risk shares the influence vector `a` of
 * survfitci.c (U_i <- U_i H at each event time, then the dH term); a row entering at time e
 * starts with U_i = 0, which is a - a(e) carried forward by the same maps H. So a cluster's
 * summed influence is n_c a + L_c, where n_c counts its rows at risk and L_c (carried forward by
 * U <- U H: L0 <- r L0, Lk <- Lk + c_k L0) holds -a(e) for each entrant and the vectors of its
 * rows that have left. O(clusters K) per event time.
 */
export function aalenJohansenLateEntry(
  entryIndex: Int32Array,
  stopIndex: Int32Array,
  status: Int32Array,
  cluster: Int32Array,
  ntime: number,
  nClusters: number,
  K: number,
): AalenJohansenCurve {
  const width = K + 1;
  const n = stopIndex.length;
  const entering = bucket(entryIndex, ntime);
  const leaving = bucket(stopIndex, ntime);
  const atRiskByCluster = new Float64Array(nClusters);
  const left = new Float64Array(nClusters * width);
  const a = new Float64Array(width);
  const ck = new Float64Array(width);
  const nRisk = new Int32Array(ntime);
  const survival = new Float64Array(ntime);
  const survivalStdErr = new Float64Array(ntime);
  const cif = new Float64Array(ntime * K);
  const cifStdErr = new Float64Array(ntime * K);
  const F = new Float64Array(width);
  let S = 1;
  let atRisk = 0;
  for (let j = 0; j < ntime; j++) {
    for (let q = entering.start[j]; q < entering.start[j + 1]; q++) {
      const c = cluster[entering.rows[q]];
      atRiskByCluster[c]++;
      for (let s = 0; s < width; s++) left[c * width + s] -= a[s];
      atRisk++;
    }
    nRisk[j] = atRisk;
    let d = 0;
    ck.fill(0);
    for (let q = leaving.start[j]; q < leaving.start[j + 1]; q++) {
      const s = status[leaving.rows[q]];
      if (s > 0) {
        d++;
        ck[s] += 1 / atRisk;
      }
    }
    let h = 0;
    if (d > 0) {
      const r = 1 - d / atRisk;
      for (let c = 0; c < nClusters; c++) {
        const o = c * width;
        const l0 = left[o];
        for (let k = 1; k <= K; k++) left[o + k] += ck[k] * l0;
        left[o] = r * l0;
      }
      h = S / atRisk;
      const a0 = a[0];
      for (let k = 1; k <= K; k++) a[k] += a0 * ck[k] - ck[k] * h;
      a[0] = a0 * r + (1 - r) * h;
      for (let k = 1; k <= K; k++) F[k] += S * ck[k];
      S *= r;
    }
    for (let q = leaving.start[j]; q < leaving.start[j + 1]; q++) {
      const i = leaving.rows[q];
      const o = cluster[i] * width;
      const s = status[i];
      left[o] += s > 0 ? a[0] - h : a[0];
      for (let k = 1; k <= K; k++) left[o + k] += a[k] + (k === s ? h : 0);
      atRiskByCluster[cluster[i]]--;
    }
    atRisk -= leaving.start[j + 1] - leaving.start[j];
    survival[j] = S;
    for (let k = 1; k <= K; k++) cif[j * K + k - 1] = F[k];
    for (let state = 0; state <= K; state++) {
      let variance = 0;
      for (let c = 0; c < nClusters; c++) {
        const v = atRiskByCluster[c] * a[state] + left[c * width + state];
        variance += v * v;
      }
      if (state === 0) survivalStdErr[j] = Math.sqrt(variance);
      else cifStdErr[j * K + state - 1] = Math.sqrt(variance);
    }
  }
  if (n === 0) survival.fill(1);
  return { nRisk, survival, survivalStdErr, cif, cifStdErr };
}

/** Rows grouped by a time index (counting sort): rows[start[j] .. start[j+1]) have index j. */
function bucket(index: Int32Array, ntime: number): { start: Int32Array; rows: Int32Array } {
  const start = new Int32Array(ntime + 1);
  for (let i = 0; i < index.length; i++) if (index[i] < ntime) start[index[i] + 1]++;
  for (let j = 0; j < ntime; j++) start[j + 1] += start[j];
  const fill = start.slice(0, ntime);
  const rows = new Int32Array(start[ntime]);
  for (let i = 0; i < index.length; i++) if (index[i] < ntime) rows[fill[index[i]]++] = i;
  return { start, rows };
}
