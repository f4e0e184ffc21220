import type { MixedModelData } from './frame.ts';

/**
 * Layout of the random effects and of the covariance parameters, as lme4 lays them out.
 *
 * u (spherical random effects) is ordered term by term, then level by level, then by the term's
 * columns. Term k has a relative covariance factor T_k (p_k x p_k, lower triangular) whose lower
 * triangle, column by column, is its slice of theta; Lambda is block diagonal with T_k repeated
 * for every level, and b = Lambda u. Diagonal entries of T_k are bounded below by 0.
 */
export interface Structure {
  n: number;
  p: number;
  /** Total number of random effects. */
  q: number;
  /** Start of each term's effects in u. */
  uStart: number[];
  /** Start of each term's parameters in theta. */
  thetaStart: number[];
  nTheta: number;
  /** Lower bound of each theta (0 on diagonals, -Infinity off them). */
  thetaLower: number[];
  /** lme4's starting theta: 1 on diagonals, 0 off them. */
  thetaStart0: number[];
}

export function buildStructure(data: MixedModelData): Structure {
  const uStart: number[] = [];
  const thetaStart: number[] = [];
  const thetaLower: number[] = [];
  const thetaStart0: number[] = [];
  let q = 0;
  let t = 0;
  for (const term of data.terms) {
    uStart.push(q);
    thetaStart.push(t);
    q += term.levels.length * term.p;
    for (let j = 0; j < term.p; j++) {
      for (let i = j; i < term.p; i++) {
        thetaLower.push(i === j ? 0 : Number.NEGATIVE_INFINITY);
        thetaStart0.push(i === j ? 1 : 0);
        t++;
      }
    }
  }
  return { n: data.n, p: data.p, q, uStart, thetaStart, nTheta: t, thetaLower, thetaStart0 };
}

/** The factors T_k (column-major p_k x p_k, lower triangular) from theta. */
export function relativeFactors(
  data: MixedModelData,
  structure: Structure,
  theta: ArrayLike<number>,
): Float64Array[] {
  return data.terms.map((term, k) => {
    const p = term.p;
    const f = new Float64Array(p * p);
    let t = structure.thetaStart[k]!;
    for (let j = 0; j < p; j++) for (let i = j; i < p; i++) f[j * p + i] = theta[t++]!;
    return f;
  });
}

/**
 * Row i's entries of Z Lambda for term k: a_j = sum_{r >= j} z_{ir} T_k[r, j], written to `out`.
 */
export function rowLambda(
  z: Float64Array,
  i: number,
  p: number,
  factor: Float64Array,
  out: Float64Array,
): void {
  for (let j = 0; j < p; j++) {
    let s = 0;
    for (let r = j; r < p; r++) s += z[i * p + r]! * factor[j * p + r]!;
    out[j] = s;
  }
}
