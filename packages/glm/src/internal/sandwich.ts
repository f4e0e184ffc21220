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
 *   HC2:       C (sum_i psi_i psi_i' / (1 - h_i)) C
 *   HC3:       C (sum_i psi_i psi_i' / (1 - h_i)^2) C, h_i = w_i x_i' C x_i (glm hat values)
 *   CR1:       G / (G - 1) (n - 1) / (n - k) C (sum_g s_g s_g') C, s_g = sum_{i in g} psi_i
 *   CR0 (clusterType 'HC0', Stata's ML estimators): G / (G - 1) C (sum_g s_g s_g') C
 *   multiway:  sum over the non-empty subsets S of the cluster dimensions of
 *              (-1)^(|S|+1) G_S / (G_S - 1) C (sum_g s_g s_g') C over the clusters of the
 *              intersection of S (sandwich's vcovCL(cluster = ~ a + b), Cameron, Gelbach and
 *              Miller 2011), times (n - 1) / (n - k) for 'HC1'
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
 * HC0, HC1, HC2, HC3 (sandwich::vcovHC), or cluster-robust (sandwich::vcovCL, type "HC1" or
 * "HC0", one or more cluster dimensions).
 */
export type VcovType = 'classical' | 'HC0' | 'HC1' | 'HC2' | 'HC3' | 'cluster';

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
  /** Cluster codes (0-based, one per row) of each cluster dimension. */
  cluster?: Int32Array[] | null;
  /** sandwich's vcovCL type: 'HC1' (default) or 'HC0' (G / (G - 1) only, as Stata's logit). */
  clusterType?: 'HC1' | 'HC0';
}

export interface SandwichOutput {
  vcov: Float64Array;
  /** Number of clusters (cluster type only; of the first dimension). */
  nClusters: number | null;
  /** Number of clusters of each dimension (cluster type only). */
  nClustersByDimension: number[] | null;
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
    return {
      vcov: out,
      nClusters: null,
      nClustersByDimension: null,
      unstableRows: [],
      undefinedColumns: [],
    };
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

  let nClustersByDimension: number[] | null = null;
  if (type === 'cluster') {
    const dimensions = input.cluster as Int32Array[];
    nClustersByDimension = [];
    for (const { codes, sign } of clusterSubsets(dimensions)) {
      const used = clusterMeat(codes, sign, { x, nrow, active, w, r, priorWeights, meat });
      if (sign === 1 && nClustersByDimension.length < dimensions.length) {
        nClustersByDimension.push(used);
      }
    }
    nClusters = nClustersByDimension[0];
    if (input.clusterType !== 'HC0') for (let a = 0; a < k * k; a++) meat[a] *= (n - 1) / (n - k);
  } else {
    for (let i = 0; i < nrow; i++) {
      if (!(priorWeights[i] > 0)) continue;
      let e = w[i] * r[i];
      if (type !== 'HC3' && type !== 'HC2' && (e === 0 || !Number.isFinite(e))) continue;
      for (let a = 0; a < k; a++) xi[a] = x[active[a] * nrow + i];
      if (type === 'HC3' || type === 'HC2') {
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
        e /= type === 'HC3' ? 1 - h : Math.sqrt(1 - h);
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
  return { vcov: out, nClusters, nClustersByDimension, unstableRows, undefinedColumns };
}

/**
 * The non-empty subsets of the cluster dimensions as cluster codes of their intersection, with
 * the inclusion-exclusion sign (-1)^(|S|+1); single dimensions first, in order.
 */
function clusterSubsets(dimensions: Int32Array[]): { codes: Int32Array; sign: number }[] {
  const d = dimensions.length;
  const out: { codes: Int32Array; sign: number }[] = [];
  const subsets: number[][] = [];
  for (let size = 1; size <= d; size++) {
    const build = (startAt: number, chosen: number[]): void => {
      if (chosen.length === size) {
        subsets.push(chosen);
        return;
      }
      for (let m = startAt; m < d; m++) build(m + 1, [...chosen, m]);
    };
    build(0, []);
  }
  for (const subset of subsets) {
    if (subset.length === 1) {
      out.push({ codes: dimensions[subset[0]], sign: 1 });
      continue;
    }
    const n = dimensions[0].length;
    const keys = new Map<string, number>();
    const codes = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      const key = subset.map((m) => dimensions[m][i]).join(',');
      let code = keys.get(key);
      if (code === undefined) {
        code = keys.size;
        keys.set(key, code);
      }
      codes[i] = code;
    }
    out.push({ codes, sign: subset.length % 2 === 1 ? 1 : -1 });
  }
  return out;
}

/** Adds sign G / (G - 1) sum_g s_g s_g' to meat; returns G (clusters with a positive weight). */
function clusterMeat(
  codes: Int32Array,
  sign: number,
  work: {
    x: Float64Array;
    nrow: number;
    active: number[];
    w: Float64Array;
    r: Float64Array;
    priorWeights: Float64Array;
    meat: Float64Array;
  },
): number {
  const { x, nrow, active, w, r, priorWeights, meat } = work;
  const k = active.length;
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
  for (let s = 0; s < g; s++) nUsed += used[s];
  const adjust = (sign * nUsed) / (nUsed - 1);
  for (let s = 0; s < g; s++) {
    if (!used[s]) continue;
    for (let a = 0; a < k; a++) {
      const sa = adjust * sums[s * k + a];
      for (let b = 0; b < k; b++) meat[b * k + a] += sa * sums[s * k + b];
    }
  }
  return nUsed;
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
