/**
 * Robust (sandwich) variance of a Cox fit from dfbeta residuals summed within clusters
 * (Lin & Wei 1989; coxph's `robust` / `cluster`), and the robust score test at the initial beta
 * (coxph's `rscore`).
 *
 * Contract: `data` and `eta` by position (CoxData, centred covariates); `naive` the p x p
 * inverse information; `cluster` maps original rows (data.row[k]) to 0..count-1. Weighted rows
 * contribute w_i times their score residual, as residuals(fit, 'dfbeta', weighted = TRUE).
 */
import { pchisq } from '@muster/core';
import { cholesky2, chsolve2 } from './cholesky2.ts';
import type { CoxData } from './cox-data.ts';
import { scoreResiduals } from './residuals.ts';
import { hazardIncrements, type RiskSetTable, riskSetTable } from './risk-set-table.ts';

/** b' V^- b with survival's generalised Cholesky (coxph.wtest). */
export function waldStatistic(
  variance: Float64Array,
  p: number,
  b: Float64Array,
  toler: number,
): number {
  const factor = Float64Array.from(variance);
  cholesky2(factor, p, toler);
  const solved = Float64Array.from(b);
  chsolve2(factor, p, solved);
  let value = 0;
  for (let j = 0; j < p; j++) value += b[j] * solved[j];
  return value;
}

/** Score residuals summed by cluster (weighted) and their product with `naive` (dfbeta). */
export function clusterDfbeta(
  data: CoxData,
  eta: Float64Array,
  efron: boolean,
  naive: Float64Array,
  cluster: Int32Array,
  nClusters: number,
  table: RiskSetTable,
): { variance: Float64Array; scoreByCluster: Float64Array } {
  const { n, p } = data;
  const increments = hazardIncrements(table, efron);
  const resid = scoreResiduals(data, eta, table, increments);
  const byCluster = new Float64Array(nClusters * p);
  for (let k = 0; k < n; k++) {
    const c = cluster[data.row[k]];
    const w = data.weight[k];
    for (let j = 0; j < p; j++) byCluster[c * p + j] += w * resid[k * p + j];
  }
  const dfbeta = new Float64Array(nClusters * p);
  for (let c = 0; c < nClusters; c++) {
    for (let j = 0; j < p; j++) {
      let s = 0;
      for (let k = 0; k < p; k++) s += byCluster[c * p + k] * naive[k + j * p];
      dfbeta[c * p + j] = s;
    }
  }
  const variance = new Float64Array(p * p);
  for (let c = 0; c < nClusters; c++) {
    for (let i = 0; i < p; i++) {
      for (let j = 0; j < p; j++) variance[i + j * p] += dfbeta[c * p + i] * dfbeta[c * p + j];
    }
  }
  return { variance, scoreByCluster: byCluster };
}

/** The robust score test at beta = init (0 without init), offsets left out as coxph does. */
export function robustScoreTest(
  data: CoxData,
  efron: boolean,
  cluster: Int32Array,
  nClusters: number,
  init: Float64Array | undefined,
  means: Float64Array,
  df: number,
  toler: number,
): { statistic: number; df: number; pValue: number } {
  const { n, p } = data;
  const eta0 = new Float64Array(n);
  if (init) {
    for (let k = 0; k < n; k++) {
      let z = 0;
      for (let j = 0; j < p; j++) z += init[j] * (data.x[k * p + j] + means[j]);
      eta0[k] = z;
    }
  }
  const table0 = riskSetTable(data, eta0);
  const identity = new Float64Array(p * p);
  for (let j = 0; j < p; j++) identity[j + j * p] = 1;
  const { scoreByCluster } = clusterDfbeta(data, eta0, efron, identity, cluster, nClusters, table0);
  const u = new Float64Array(p);
  const outer = new Float64Array(p * p);
  for (let c = 0; c < nClusters; c++) {
    for (let i = 0; i < p; i++) {
      u[i] += scoreByCluster[c * p + i];
      for (let j = 0; j < p; j++) {
        outer[i + j * p] += scoreByCluster[c * p + i] * scoreByCluster[c * p + j];
      }
    }
  }
  const statistic = waldStatistic(outer, p, u, toler);
  return { statistic, df, pValue: pchisq(statistic, df, false) };
}
