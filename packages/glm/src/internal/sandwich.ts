/**
 * Covariance matrices of GLM estimates, as R's `summary.glm` (classical) and the sandwich
 * package (`vcovHC` types HC0, HC1, HC3; `vcovCL(type = "HC1", cadjust = TRUE)` for CR1).
 *
 * With C = (X'WX)^-1 of the last IRLS step (`summary.glm`'s cov.unscaled) over the k estimable
 * columns, and the working score contributions psi_i = x_i r_i w_i (r working residual, w working
 * weight; sandwich's `estfun.glm` before its dispersion scaling, which cancels between bread and
 * meat):
 *   classical: phi C
 *   HC0:       C (sum_i psi_i psi_i') C
 *   HC1:       n / (n - k) HC0
 *   HC3:       C (sum_i psi_i psi_i' / (1 - h_i)^2) C, h_i = w_i x_i' C x_i (glm hat values)
 *   CR1:       G / (G - 1) (n - 1) / (n - k) C (sum_g s_g s_g') C, s_g = sum_{i in g} psi_i
 * where n counts the rows with a positive prior weight and G the clusters among them. (The
 * sandwich package counts zero-weight rows in n for the meat but not for the bread, which
 * scales its glm covariances by (n_positive / n)^2 when some prior weights are 0; Muster's
 * values equal sandwich's on the fit without those rows.)
 *
 * Contract: x is nrow x ncol column-major; covUnscaled is ncol x ncol with NaN for aliased
 * columns; cluster codes (0-based, one per row) only for 'cluster'. Returns ncol x ncol with NaN
 * rows and columns for aliased coefficients.
 */
import { sandwichProduct } from './matrix.ts';

/**
 * Covariance of the estimates: classical (dispersion x (X'WX)^-1), heteroskedasticity-consistent
 * HC0, HC1, HC3 (sandwich::vcovHC), or cluster-robust CR1 (sandwich::vcovCL(type = "HC1")).
 */
export type VcovType = 'classical' | 'HC0' | 'HC1' | 'HC3' | 'cluster';

export interface SandwichInput {
  x: Float64Array;
  nrow: number;
  ncol: number;
  aliased: boolean[];
  covUnscaled: Float64Array;
  dispersion: number;
  workingWeights: Float64Array;
  workingResiduals: Float64Array;
  priorWeights: Float64Array;
  type: VcovType;
  cluster?: Int32Array | null;
}

export interface SandwichOutput {
  vcov: Float64Array;
  /** Number of clusters (cluster type only). */
  nClusters: number | null;
  /** Rows with a hat value numerically 1 (HC3 undefined there). */
  unstableRows: number[];
  /**
   * Columns whose HC3 variance is undefined because a row with hat value 1 loads on them (their
   * rows and columns of `vcov` are NaN).
   */
  undefinedColumns: number[];
}

export function vcovMatrix(input: SandwichInput): SandwichOutput {
  const { x, nrow, ncol: p, aliased, covUnscaled, type, priorWeights } = input;
  let n = 0;
  for (let i = 0; i < nrow; i++) if (priorWeights[i] > 0) n++;
  const out = new Float64Array(p * p).fill(Number.NaN);
  const active: number[] = [];
  for (let j = 0; j < p; j++) if (!aliased[j]) active.push(j);
  const k = active.length;
  if (type === 'classical') {
    for (const a of active)
      for (const b of active) out[b * p + a] = input.dispersion * covUnscaled[b * p + a];
    return { vcov: out, nClusters: null, unstableRows: [], undefinedColumns: [] };
  }
  const c = new Float64Array(k * k);
  for (let a = 0; a < k; a++)
    for (let b = 0; b < k; b++) c[b * k + a] = covUnscaled[active[b] * p + active[a]];
  const w = input.workingWeights;
  const r = input.workingResiduals;
  const meat = new Float64Array(k * k);
  const xi = new Float64Array(k);
  const unstableRows: number[] = [];
  const undefinedActive = new Uint8Array(k);
  let nClusters: number | null = null;

  if (type === 'cluster') {
    const codes = input.cluster as Int32Array;
    let g = 0;
    for (let i = 0; i < nrow; i++) if (codes[i] + 1 > g) g = codes[i] + 1;
    const sums = new Float64Array(g * k);
    const used = new Uint8Array(g);
    for (let i = 0; i < nrow; i++) {
      if (!(priorWeights[i] > 0)) continue;
      const e = w[i] * r[i];
      const cg = codes[i];
      used[cg] = 1;
      if (e === 0 || !Number.isFinite(e)) continue;
      for (let a = 0; a < k; a++) sums[cg * k + a] += e * x[active[a] * nrow + i];
    }
    let nUsed = 0;
    for (let s = 0; s < g; s++) {
      if (!used[s]) continue;
      nUsed++;
      for (let a = 0; a < k; a++) {
        const sa = sums[s * k + a];
        for (let b = 0; b < k; b++) meat[b * k + a] += sa * sums[s * k + b];
      }
    }
    nClusters = nUsed;
    const adjust = (nUsed / (nUsed - 1)) * ((n - 1) / (n - k));
    for (let a = 0; a < k * k; a++) meat[a] *= adjust;
  } else {
    for (let i = 0; i < nrow; i++) {
      if (!(priorWeights[i] > 0)) continue;
      let e = w[i] * r[i];
      if (type !== 'HC3' && (e === 0 || !Number.isFinite(e))) continue;
      for (let a = 0; a < k; a++) xi[a] = x[active[a] * nrow + i];
      if (type === 'HC3') {
        let q = 0;
        for (let a = 0; a < k; a++) {
          let s = 0;
          for (let b = 0; b < k; b++) s += c[b * k + a] * xi[b];
          q += s * xi[a];
        }
        const h = w[i] * q;
        if (h > 1 - Math.sqrt(2.220446049250313e-16)) {
          // r_i / (1 - h_i) is 0 / 0: the row's term (C x_i)(C x_i)' e^2 / (1 - h)^2 is
          // undefined wherever C x_i is not 0, and exactly 0 elsewhere.
          unstableRows.push(i);
          markUndefined(c, xi, w[i], k, undefinedActive);
          continue;
        }
        if (e === 0 || !Number.isFinite(e)) continue;
        e /= 1 - h;
      }
      const e2 = e * e;
      for (let a = 0; a < k; a++) {
        const va = e2 * xi[a];
        for (let b = 0; b <= a; b++) meat[b * k + a] += va * xi[b];
      }
    }
    for (let a = 0; a < k; a++) for (let b = 0; b < a; b++) meat[a * k + b] = meat[b * k + a];
    if (type === 'HC1') for (let a = 0; a < k * k; a++) meat[a] *= n / (n - k);
  }
  const v = sandwichProduct(c, meat, k);
  for (let a = 0; a < k; a++)
    for (let b = 0; b < k; b++) {
      const undefinedEntry = undefinedActive[a] === 1 || undefinedActive[b] === 1;
      out[active[b] * p + active[a]] = undefinedEntry ? Number.NaN : v[b * k + a];
    }
  const undefinedColumns: number[] = [];
  for (let a = 0; a < k; a++) if (undefinedActive[a] === 1) undefinedColumns.push(active[a]);
  return { vcov: out, nClusters, unstableRows, undefinedColumns };
}

/**
 * Mark the columns a on which a row with hat value 1 loads: |(C x_i)_a| sqrt(w_i) / sqrt(C_aa)
 * (between 0 and 1 by Cauchy-Schwarz when h_i = 1) above 1e-6.
 */
function markUndefined(
  c: Float64Array,
  xi: Float64Array,
  w: number,
  k: number,
  marks: Uint8Array,
): void {
  for (let a = 0; a < k; a++) {
    let s = 0;
    for (let b = 0; b < k; b++) s += c[b * k + a] * xi[b];
    if (Math.abs(s) * Math.sqrt(w) > 1e-6 * Math.sqrt(c[a * k + a])) marks[a] = 1;
  }
}
