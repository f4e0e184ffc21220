/**
 * Clustered (robust) standard errors of the Aalen-Johansen curve: the infinitesimal-jackknife
 * influence vectors of survfitci.c (see aalen-johansen-kernel.ts) summed within clusters before
 * squaring, as R's survfit(Surv(time, factor(event)) ~ 1, cluster = unit).
 *
 * Contract
 *   rows    the curve's observations by ascending distinct time: `timeIndex[i]` (0..ntime-1),
 *           `status[i]` (0 censored, k cause), `cluster[i]` (0..nClusters-1).
 *   Output  per time j: stdErr of P(state 0) and of each cause's incidence (j*K + k-1).
 *
 * Method. Subjects at risk share one influence vector a (the kernel's); a cluster's sum is
 * n_c a + L_c, with n_c its members at risk and L_c the summed vectors of its members who have
 * left, carried forward by U <- U H (L0 <- r L0, Lk <- Lk + c_k L0). O(clusters K) per event
 * time, so meant for unit-level clustering (tens to thousands of clusters).
 */
export function aalenJohansenClustered(
  timeIndex: Int32Array,
  status: Int32Array,
  cluster: Int32Array,
  ntime: number,
  nClusters: number,
  K: number,
): { survivalStdErr: Float64Array; cifStdErr: Float64Array } {
  const width = K + 1;
  const n = timeIndex.length;
  const atRiskByCluster = new Float64Array(nClusters);
  for (let i = 0; i < n; i++) atRiskByCluster[cluster[i]]++;
  const left = new Float64Array(nClusters * width);
  const a = new Float64Array(width);
  const ck = new Float64Array(width);
  const survivalStdErr = new Float64Array(ntime);
  const cifStdErr = new Float64Array(ntime * K);
  let S = 1;
  let atRisk = n;
  let i = 0;
  for (let j = 0; j < ntime; j++) {
    const first = i;
    while (i < n && timeIndex[i] === j) i++;
    let d = 0;
    for (let q = first; q < i; q++) if (status[q] > 0) d++;
    let h = 0;
    if (d > 0) {
      const r = 1 - d / atRisk;
      ck.fill(0);
      for (let q = first; q < i; q++) if (status[q] > 0) ck[status[q]] += 1 / atRisk;
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
      S *= r;
    }
    for (let q = first; q < i; q++) {
      const o = cluster[q] * width;
      const s = status[q];
      left[o] += s > 0 ? a[0] - h : a[0];
      for (let k = 1; k <= K; k++) left[o + k] += a[k] + (k === s ? h : 0);
      atRiskByCluster[cluster[q]]--;
    }
    atRisk -= i - first;
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
  return { survivalStdErr, cifStdErr };
}
