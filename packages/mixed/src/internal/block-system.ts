import type { MixedModelData } from './frame.ts';
import { rowLambda, type Structure } from './structure.ts';

/**
 * The penalised weighted least-squares system of PIRLS and its Cholesky factor.
 *
 * Contract: unknowns are (u_1, u_rest[, beta]) where u_1 are the effects of the first term (the
 * one with most levels) and u_rest those of the other terms; beta is included when `joint`
 * (lme4's nAGQ = 0 step, where the fixed effects are updated with u). The matrix is
 *   A = [Lambda'Z'WZ Lambda + I, Lambda'Z'WX; X'WZ Lambda, X'WX]
 * with the identity only on the u part. Its u_1 block is block diagonal (one p_1 x p_1 block per
 * level), so the factor is
 *   L = [L11, 0; L21, L22],  L11 = blockdiag chol(D_l),  L21 = C L11^-T,  L22 L22' = E - L21 L21'
 * which costs O(levels p_1^3 + m^2 levels + m^3) with m = |u_rest| (+ p), instead of O(q^3).
 * log|L_u|^2 (lme4's ldL2) sums over the u part only; with beta last, the trailing p x p block of
 * L22 is lme4's RX' and the u part of L is the factor of the u block alone.
 */
export class BlockSystem {
  readonly q1: number;
  readonly p1: number;
  readonly levels1: number;
  /** Size of the dense trailing block: u_rest (+ p when joint). */
  readonly m: number;
  readonly mU: number;
  readonly joint: boolean;
  readonly d: Float64Array;
  readonly c: Float64Array;
  readonly e: Float64Array;
  readonly rhs: Float64Array;
  /** Work arrays for the IRLS weights and working residuals (length n), reused across iterations. */
  readonly weights: Float64Array;
  readonly residuals: Float64Array;
  private readonly a: Float64Array;
  private readonly bIndex: Int32Array;
  private readonly bValue: Float64Array;
  private nnzRows: Int32Array[] = [];

  constructor(
    private readonly data: MixedModelData,
    private readonly structure: Structure,
    joint: boolean,
  ) {
    const first = data.terms[0]!;
    this.p1 = first.p;
    this.levels1 = first.levels.length;
    this.q1 = this.p1 * this.levels1;
    this.mU = structure.q - this.q1;
    this.joint = joint;
    this.m = this.mU + (joint ? data.p : 0);
    this.d = new Float64Array(this.levels1 * this.p1 * this.p1);
    this.c = new Float64Array(this.m * this.q1);
    this.e = new Float64Array(this.m * this.m);
    this.rhs = new Float64Array(this.q1 + this.m);
    this.weights = new Float64Array(data.n);
    this.residuals = new Float64Array(data.n);
    this.a = new Float64Array(this.p1);
    let maxNnz = joint ? data.p : 0;
    for (let k = 1; k < data.terms.length; k++) maxNnz += data.terms[k]!.p;
    this.bIndex = new Int32Array(maxNnz);
    this.bValue = new Float64Array(maxNnz);
  }

  /**
   * Assemble A and the right-hand side [Lambda'Z'; X'] W r for weights `w` and working residual
   * `r` (the part of the working response the unknowns must explain), then factor in place.
   * @returns false when A is not numerically positive definite
   */
  assembleAndFactor(factors: Float64Array[], w: Float64Array, r: Float64Array): boolean {
    this.assemble(factors, w, r);
    return this.factor();
  }

  private assemble(factors: Float64Array[], w: Float64Array, r: Float64Array): void {
    const { data, structure, p1, m, q1, a, bIndex, bValue } = this;
    this.d.fill(0);
    this.c.fill(0);
    this.e.fill(0);
    this.rhs.fill(0);
    const first = data.terms[0]!;
    const tmp = new Float64Array(8);
    for (let i = 0; i < data.n; i++) {
      const wi = w[i]!;
      if (wi === 0) continue;
      rowLambda(first.z, i, p1, factors[0]!, a);
      const level = first.codes[i]!;
      let nnz = 0;
      for (let k = 1; k < data.terms.length; k++) {
        const term = data.terms[k]!;
        const out = term.p <= 8 ? tmp : new Float64Array(term.p);
        rowLambda(term.z, i, term.p, factors[k]!, out);
        const base = structure.uStart[k]! - q1 + term.codes[i]! * term.p;
        for (let j = 0; j < term.p; j++) {
          bIndex[nnz] = base + j;
          bValue[nnz++] = out[j]!;
        }
      }
      if (this.joint) {
        for (let j = 0; j < data.p; j++) {
          bIndex[nnz] = this.mU + j;
          bValue[nnz++] = data.x[j * data.n + i]!;
        }
      }
      const ri = r[i]!;
      const dBase = level * p1 * p1;
      for (let s = 0; s < p1; s++) {
        const was = wi * a[s]!;
        this.rhs[level * p1 + s] += was * ri;
        for (let t = s; t < p1; t++) this.d[dBase + s * p1 + t] += was * a[t]!;
        const col = (level * p1 + s) * m;
        for (let h = 0; h < nnz; h++) this.c[col + bIndex[h]!] += was * bValue[h]!;
      }
      for (let h = 0; h < nnz; h++) {
        const wb = wi * bValue[h]!;
        const row = bIndex[h]!;
        this.rhs[q1 + row] += wb * ri;
        for (let g = 0; g < nnz; g++) {
          const col = bIndex[g]!;
          if (col <= row) this.e[col * m + row] += wb * bValue[g]!;
        }
      }
    }
    for (let l = 0; l < this.levels1; l++)
      for (let s = 0; s < p1; s++) this.d[l * p1 * p1 + s * p1 + s] += 1;
    for (let j = 0; j < this.mU; j++) this.e[j * m + j] += 1;
  }

  /** Factor in place: d holds L11 blocks (lower), c holds L21, e holds L22 (lower). */
  private factor(): boolean {
    const { p1, m } = this;
    this.nnzRows = [];
    for (let l = 0; l < this.levels1; l++) {
      if (!choleskyInPlace(this.d, l * p1 * p1, p1)) return false;
      const rows: number[] = [];
      for (let s = 0; s < p1; s++) {
        const col = (l * p1 + s) * m;
        for (let h = 0; h < m; h++)
          if (this.c[col + h] !== 0 && (s === 0 || !rows.includes(h))) rows.push(h);
      }
      const nz = Int32Array.from(rows);
      this.nnzRows.push(nz);
      // L21 block: solve L11_l y = C[h, block]' for each nonzero row h
      for (const h of nz) {
        for (let s = 0; s < p1; s++) {
          let v = this.c[(l * p1 + s) * m + h]!;
          for (let t = 0; t < s; t++)
            v -= this.d[l * p1 * p1 + t * p1 + s]! * this.c[(l * p1 + t) * m + h]!;
          this.c[(l * p1 + s) * m + h] = v / this.d[l * p1 * p1 + s * p1 + s]!;
        }
      }
      for (let s = 0; s < p1; s++) {
        const col = (l * p1 + s) * m;
        for (const g of nz) {
          const cg = this.c[col + g]!;
          if (cg === 0) continue;
          for (const h of nz) if (h >= g) this.e[g * m + h] -= this.c[col + h]! * cg;
        }
      }
    }
    return m === 0 || choleskyInPlace(this.e, 0, m);
  }

  /** log |L_u|^2 over the random effects only (lme4's ldL2). */
  logDetU(): number {
    const { p1, m } = this;
    let s = 0;
    for (let l = 0; l < this.levels1; l++)
      for (let j = 0; j < p1; j++) s += Math.log(this.d[l * p1 * p1 + j * p1 + j]!);
    for (let j = 0; j < this.mU; j++) s += Math.log(this.e[j * m + j]!);
    return 2 * s;
  }

  /** Solve A x = rhs with the current factor (rhs as assembled unless given). */
  solve(rhs: Float64Array = this.rhs): Float64Array {
    const x = Float64Array.from(rhs);
    this.forward(x);
    this.backward(x);
    return x;
  }

  /** x <- L^-1 x. */
  forward(x: Float64Array): void {
    const { p1, m, q1 } = this;
    for (let l = 0; l < this.levels1; l++) {
      const base = l * p1 * p1;
      for (let s = 0; s < p1; s++) {
        let v = x[l * p1 + s]!;
        for (let t = 0; t < s; t++) v -= this.d[base + t * p1 + s]! * x[l * p1 + t]!;
        x[l * p1 + s] = v / this.d[base + s * p1 + s]!;
      }
      for (let s = 0; s < p1; s++) {
        const xs = x[l * p1 + s]!;
        if (xs === 0) continue;
        const col = (l * p1 + s) * m;
        for (const h of this.nnzRows[l]!) x[q1 + h] -= this.c[col + h]! * xs;
      }
    }
    for (let j = 0; j < m; j++) {
      let v = x[q1 + j]!;
      for (let t = 0; t < j; t++) v -= this.e[t * m + j]! * x[q1 + t]!;
      x[q1 + j] = v / this.e[j * m + j]!;
    }
  }

  /** x <- L'^-1 x. */
  backward(x: Float64Array): void {
    const { p1, m, q1 } = this;
    for (let j = m - 1; j >= 0; j--) {
      let v = x[q1 + j]!;
      for (let t = j + 1; t < m; t++) v -= this.e[j * m + t]! * x[q1 + t]!;
      x[q1 + j] = v / this.e[j * m + j]!;
    }
    for (let l = 0; l < this.levels1; l++) {
      const base = l * p1 * p1;
      for (let s = 0; s < p1; s++) {
        const col = (l * p1 + s) * m;
        let v = x[l * p1 + s]!;
        for (const h of this.nnzRows[l]!) v -= this.c[col + h]! * x[q1 + h]!;
        x[l * p1 + s] = v;
      }
      for (let s = p1 - 1; s >= 0; s--) {
        let v = x[l * p1 + s]!;
        for (let t = s + 1; t < p1; t++) v -= this.d[base + s * p1 + t]! * x[l * p1 + t]!;
        x[l * p1 + s] = v / this.d[base + s * p1 + s]!;
      }
    }
  }
}

/** In-place Cholesky of the n x n lower triangle at `offset` (column-major). */
function choleskyInPlace(a: Float64Array, offset: number, n: number): boolean {
  for (let j = 0; j < n; j++) {
    let djj = a[offset + j * n + j]!;
    for (let k = 0; k < j; k++) djj -= a[offset + k * n + j]! ** 2;
    if (!(djj > 0)) return false;
    const ljj = Math.sqrt(djj);
    a[offset + j * n + j] = ljj;
    for (let i = j + 1; i < n; i++) {
      let v = a[offset + j * n + i]!;
      for (let k = 0; k < j; k++) v -= a[offset + k * n + i]! * a[offset + k * n + j]!;
      a[offset + j * n + i] = v / ljj;
    }
    for (let i = 0; i < j; i++) a[offset + j * n + i] = 0;
  }
  return true;
}
