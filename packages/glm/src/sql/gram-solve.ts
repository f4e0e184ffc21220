/**
 * The weighted least-squares step from its sufficient statistics: solve (X'WX) delta = score and
 * invert X'WX, given only the p x p cross-products that the SQL engine summed.
 *
 * Contract: `gram` is p x p column-major and symmetric, `score` length p. The Gram matrix is
 * equilibrated (D A D with D = diag(A)^(-1/2), unit diagonal) and factored by a Cholesky
 * decomposition in column order; a column whose squared pivot falls below 1e-11 (a residual norm
 * relative to its own norm under about 3e-6, i.e. numerically a linear combination of the
 * columns before it) is aliased: its coefficient is 0 in the step and NaN in the result, as R
 * reports such columns NA. R's QR aliases at a relative norm of 1e-11; the Gram matrix cannot
 * resolve residual norms that small, so columns between the two limits (near-exact collinearity)
 * are aliased here and kept by the in-memory fit (README, "Known differences").
 */

const ALIAS_PIVOT = 1e-11;

export interface GramFactor {
  p: number;
  aliased: boolean[];
  rank: number;
  /** Lower Cholesky factor of the equilibrated Gram matrix over the kept columns (p x p, zero rows/columns where aliased). */
  l: Float64Array;
  scale: Float64Array;
}

/** Factor X'WX (not modified). */
export function factorGram(gram: Float64Array, p: number): GramFactor {
  const scale = new Float64Array(p);
  const aliased: boolean[] = new Array(p).fill(false);
  for (let j = 0; j < p; j++) {
    const d = gram[j * p + j];
    if (d > 0 && Number.isFinite(d)) scale[j] = 1 / Math.sqrt(d);
    else aliased[j] = true;
  }
  const l = new Float64Array(p * p);
  for (let j = 0; j < p; j++) {
    if (aliased[j]) continue;
    let d = gram[j * p + j] * scale[j] * scale[j];
    for (let k = 0; k < j; k++) if (!aliased[k]) d -= l[k * p + j] * l[k * p + j];
    if (!(d > ALIAS_PIVOT)) {
      aliased[j] = true;
      continue;
    }
    const pivot = Math.sqrt(d);
    l[j * p + j] = pivot;
    for (let i = j + 1; i < p; i++) {
      if (aliased[i]) continue;
      let s = gram[j * p + i] * scale[i] * scale[j];
      for (let k = 0; k < j; k++) if (!aliased[k]) s -= l[k * p + i] * l[k * p + j];
      l[j * p + i] = s / pivot;
    }
  }
  return { p, aliased, rank: aliased.filter((a) => !a).length, l, scale };
}

/** Solve (X'WX) delta = rhs over the kept columns; aliased entries 0. */
export function solveGram(factor: GramFactor, rhs: Float64Array): Float64Array {
  const { p, aliased, l, scale } = factor;
  const z = new Float64Array(p);
  for (let j = 0; j < p; j++) {
    if (aliased[j]) continue;
    let s = rhs[j] * scale[j];
    for (let k = 0; k < j; k++) if (!aliased[k]) s -= l[k * p + j] * z[k];
    z[j] = s / l[j * p + j];
  }
  const out = new Float64Array(p);
  for (let j = p - 1; j >= 0; j--) {
    if (aliased[j]) continue;
    let s = z[j];
    for (let k = j + 1; k < p; k++) if (!aliased[k]) s -= l[j * p + k] * out[k];
    out[j] = s / l[j * p + j];
  }
  for (let j = 0; j < p; j++) out[j] *= scale[j];
  return out;
}

/** (X'WX)^-1 over the kept columns, NaN rows and columns where aliased (R's cov.unscaled). */
export function invertGram(factor: GramFactor): Float64Array {
  const { p, aliased } = factor;
  const out = new Float64Array(p * p).fill(Number.NaN);
  const e = new Float64Array(p);
  for (let j = 0; j < p; j++) {
    if (aliased[j]) continue;
    e.fill(0);
    e[j] = 1;
    const column = solveGram(factor, e);
    for (let i = 0; i < p; i++) if (!aliased[i]) out[j * p + i] = column[i];
  }
  for (let j = 0; j < p; j++)
    for (let i = 0; i < j; i++) {
      if (aliased[i] || aliased[j]) continue;
      const m = (out[j * p + i] + out[i * p + j]) / 2;
      out[j * p + i] = m;
      out[i * p + j] = m;
    }
  return out;
}
