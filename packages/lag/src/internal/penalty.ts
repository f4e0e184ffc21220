import { cholesky, choleskyInverse } from '@muster/core';

/** Prior sd, on the log scale, of each quantity a break frees (a jump in level, a change of trend): a factor of e = 2.7 for one sd. */
export const JUMP_SD = 1;
/** Prior precision of the differences at a break: a jump in log level with sd 1. */
export const JUMP_PRECISION = 1 / (JUMP_SD * JUMP_SD);

/**
 * The parts of a roughness penalty: the smoothing part K (scaled by tau), the jump part J
 * (fixed), and for order 1 the drift of each segment between breaks, integrated out.
 */
export interface PenaltyParts {
  smooth: Float64Array;
  jump: Float64Array;
  /** Order 1: per segment, v_s = D_s' 1 over its smoothed steps and their number n_s. */
  drift?: { v: Float64Array[]; n: number[]; changePrecision: number };
}

/**
 * The roughness penalty of `order` over m months.
 *
 * Order 2: K = D2'D2, the second differences (a trend that may bend). Order 1: a random walk with
 * drift: the monthly steps of log x vary around a drift delta_s, one per segment between
 * breaks, with precision tau; the first segment's drift is free and at each break the drift may
 * change with prior sd 2 (like the jump). The drifts are integrated out, so the prior precision
 * of log x at tau is the Schur complement
 *   P(tau) = tau D'D + J - tau^2 V (tau N + L / sd^2)^-1 V',
 * V = [v_1 .. v_S], v_s = D_s' 1, N = diag(n_s), L the path Laplacian of the drifts. A trend
 * costs nothing, and a break frees a level and a trend in both orders, so the two orders leave
 * the same directions (a level and a slope) to the weak ridge and their marginal likelihoods
 * compare on one scale. (A random walk without drift pays for a trend with a small tau, which
 * made its intervals too wide and its comparison with order 2 a matter of the ridge.)
 * With `breaks` (pairs (a, a + 1) of adjacent months between which the series may jump), the
 * difference rows that contain such a pair are not smoothed: they get the fixed precision
 * `jumpPrecision` (a jump prior, not a roughness penalty).
 */
export function penaltyMatrix(
  m: number,
  order: number,
  breaks: readonly number[] = [],
  jumpPrecision = JUMP_PRECISION,
): PenaltyParts {
  const smooth = new Float64Array(m * m);
  const jump = new Float64Array(m * m);
  const coefficients = order === 1 ? [-1, 1] : [1, -2, 1];
  const v: Float64Array[] = [];
  const n: number[] = [];
  let open = false;
  for (let r = 0; r + order < m; r++) {
    const across = breaks.some((a) => r <= a && a + 1 <= r + order);
    const target = across ? jump : smooth;
    const scale = across ? jumpPrecision : 1;
    for (let a = 0; a <= order; a++) {
      for (let b = 0; b <= order; b++)
        target[(r + a) * m + (r + b)] += scale * coefficients[a] * coefficients[b];
    }
    if (order !== 1) continue;
    if (across) {
      open = false;
      continue;
    }
    if (!open) {
      v.push(new Float64Array(m));
      n.push(0);
      open = true;
    }
    const segment = v[v.length - 1];
    segment[r] -= 1;
    segment[r + 1] += 1;
    n[n.length - 1]++;
  }
  if (order !== 1 || v.length === 0) return { smooth, jump };
  return { smooth, jump, drift: { v, n, changePrecision: jumpPrecision } };
}

/**
 * The prior precision (without the ridge) at tau: tau K + J, less the drift's Schur term. A break
 * never holds the series tighter than the smoothing does: below tau = JUMP_PRECISION the jump
 * part is scaled down with tau (the structure is then that without breaks).
 */
export function scaledPenalty(parts: PenaltyParts, tau: number): Float64Array {
  const out = new Float64Array(parts.smooth.length);
  const jumpScale = Math.min(1, tau / JUMP_PRECISION);
  for (let i = 0; i < out.length; i++) out[i] = tau * parts.smooth[i] + jumpScale * parts.jump[i];
  const drift = parts.drift;
  if (!drift) return out;
  const s = drift.v.length;
  const m = Math.round(Math.sqrt(out.length));
  // A = tau N + L / sd^2 (S x S), then out -= tau^2 V A^-1 V'
  const a = new Float64Array(s * s);
  for (let i = 0; i < s; i++) a[i * s + i] = tau * drift.n[i];
  const change = jumpScale * drift.changePrecision;
  for (let i = 0; i + 1 < s; i++) {
    a[i * s + i] += change;
    a[(i + 1) * s + i + 1] += change;
    a[i * s + i + 1] -= change;
    a[(i + 1) * s + i] -= change;
  }
  const factor = cholesky(a, s);
  if (factor === null) return out;
  const inverse = choleskyInverse(factor, s);
  const support: number[][] = drift.v.map((vec) => {
    const idx: number[] = [];
    for (let j = 0; j < m; j++) if (vec[j] !== 0) idx.push(j);
    return idx;
  });
  for (let i = 0; i < s; i++) {
    for (let k = 0; k < s; k++) {
      const c = tau * tau * inverse[i * s + k];
      if (c === 0) continue;
      for (const p of support[i]) {
        const vp = drift.v[i][p] * c;
        for (const q of support[k]) out[p * m + q] -= vp * drift.v[k][q];
      }
    }
  }
  return out;
}

/**
 * For each row a of a (symmetric) penalty matrix, the first and last column with a non-zero
 * entry, cached per matrix: the loops over the penalty visit only those columns (a band for
 * order 2, a band plus the segment ends' rows for order 1).
 */
const spans = new WeakMap<Float64Array, Int32Array>();
export function rowSpans(penalty: Float64Array, m: number): Int32Array {
  let span = spans.get(penalty);
  if (!span) {
    span = new Int32Array(2 * m);
    for (let a = 0; a < m; a++) {
      let lo = a;
      let hi = a;
      for (let b = 0; b < m; b++) {
        if (penalty[a * m + b] !== 0) {
          lo = Math.min(lo, b);
          hi = Math.max(hi, b);
        }
      }
      span[2 * a] = lo;
      span[2 * a + 1] = hi;
    }
    spans.set(penalty, span);
  }
  return span;
}
