import type { BalanceRow } from '../types.ts';
import { indicesWhere, pooledSd, weightedMean, weightedVariance } from './statistics.ts';

const ROOT_EPS = Math.sqrt(2.220446049250313e-16);

/** What pair distances are taken over: matched sets (rows of the match matrix) or subclasses. */
export type Pairing =
  | { kind: 'matches'; focalRows: readonly number[]; matches: readonly Int32Array[] }
  | { kind: 'subclasses'; subclass: readonly (number | null)[]; treat: Uint8Array }
  | null;

/**
 * One row of MatchIt's balance summary (`bal1var` with `standardize = TRUE`).
 *
 * Contract: `x` a covariate per unit, `treat` 0/1, `weights` the matching weights or null for the
 * unweighted (all data) row. Means are weighted means; the mean difference is divided by the
 * standard deviation of the full, unweighted sample: the treated's (ATT), the controls' (ATC) or
 * sqrt of the mean of the two variances (ATE), falling back to the pooled within-group sd when that
 * is 0; a difference below sqrt(eps) is left unstandardised. For binary (0/1) variables the
 * variance is p(1 - p), the variance ratio is not reported and both eCDF statistics are |mean
 * difference|. The eCDF statistics are the mean and largest absolute difference between the two
 * weighted eCDFs at the distinct values of x (all units, weight 0 or not). The pair distance is the
 * mean |x_t - x_c| over matched pairs (or all treated-control pairs within subclasses), divided by
 * the same sd.
 */
export function balanceRow(
  term: string,
  x: ArrayLike<number>,
  treat: Uint8Array,
  weights: Float64Array | null,
  standardisation: 'treated' | 'control' | 'pooled',
  pairing: Pairing,
): BalanceRow {
  const n = x.length;
  let binary = true;
  for (let i = 0; i < n; i++) {
    if (x[i] !== 0 && x[i] !== 1) {
      binary = false;
      break;
    }
  }
  const i1 = indicesWhere(treat, 1);
  const i0 = indicesWhere(treat, 0);
  const w = weights;
  const nonzero = (idx: number[]) =>
    w === null ? idx.length : idx.filter((i) => w[i]! !== 0).length;
  const tooSmall = nonzero(i1) < 2 && nonzero(i0) < 2;
  const meansTreated = weightedMean(x, w, i1);
  const meansControl = weightedMean(x, w, i0);
  const difference = meansTreated - meansControl;
  const row: BalanceRow = {
    term,
    meansTreated: finite(meansTreated),
    meansControl: finite(meansControl),
    stdMeanDiff: null,
    varRatio: null,
    ecdfMean: null,
    ecdfMax: null,
    stdPairDist: null,
  };
  if (Math.abs(difference) > ROOT_EPS) {
    if (!tooSmall) {
      const sd = standardDeviation(x, treat, i1, i0, binary, standardisation);
      row.stdMeanDiff = finite(difference / sd);
      if (w !== null) row.stdPairDist = pairDistance(x, pairing, sd);
    }
  } else {
    row.stdMeanDiff = finite(difference);
    if (w !== null) row.stdPairDist = pairDistance(x, pairing, null);
  }
  if (binary) {
    row.ecdfMean = row.ecdfMax = finite(Math.abs(difference));
  } else if (!tooSmall) {
    row.varRatio = finite(weightedVariance(x, w, i1, false) / weightedVariance(x, w, i0, false));
    const [mean, max] = ecdfDifferences(x, treat, w);
    row.ecdfMean = finite(mean);
    row.ecdfMax = finite(max);
  }
  return row;
}

function finite(v: number): number | null {
  return Number.isFinite(v) ? v : null;
}

function standardDeviation(
  x: ArrayLike<number>,
  treat: Uint8Array,
  i1: number[],
  i0: number[],
  binary: boolean,
  standardisation: 'treated' | 'control' | 'pooled',
): number {
  const sd =
    standardisation === 'pooled'
      ? pooledSd(x, treat, binary, 'equal')
      : Math.sqrt(weightedVariance(x, null, standardisation === 'treated' ? i1 : i0, binary));
  return Number.isFinite(sd) && sd >= ROOT_EPS ? sd : pooledSd(x, treat, binary, 'proportional');
}

/** Mean and max of |F_treated - F_control| at the distinct values of x (MatchIt's `qqsum`). */
function ecdfDifferences(
  x: ArrayLike<number>,
  treat: Uint8Array,
  weights: Float64Array | null,
): [number, number] {
  const n = x.length;
  const w = Float64Array.from({ length: n }, (_, i) => (weights === null ? 1 : weights[i]!));
  const total = [0, 0];
  for (let i = 0; i < n; i++) total[treat[i]!] += w[i]!;
  const order = Int32Array.from({ length: n }, (_, i) => i).sort((a, b) => x[a]! - x[b]! || a - b);
  const negated = treat[order[0]!]!;
  let cumulative = 0;
  let sum = 0;
  let max = 0;
  let count = 0;
  for (let p = 0; p < n; p++) {
    const i = order[p]!;
    const share = w[i]! / total[treat[i]!]!;
    cumulative += treat[i] === negated ? -share : share;
    if (p === n - 1 || x[order[p + 1]!] !== x[i]) {
      const d = Math.abs(cumulative);
      sum += d;
      if (d > max) max = d;
      count++;
    }
  }
  return [sum / count, max];
}

/** Mean absolute within-pair difference (MatchIt's `pair.dist`), divided by sd when given. */
function pairDistance(x: ArrayLike<number>, pairing: Pairing, sd: number | null): number | null {
  if (pairing === null) return null;
  let sum = 0;
  let count = 0;
  if (pairing.kind === 'matches') {
    pairing.focalRows.forEach((row, j) => {
      for (const m of pairing.matches[j]!) {
        if (m < 0) continue;
        sum += Math.abs(x[row]! - x[m]!);
        count++;
      }
    });
  } else {
    const members = new Map<number, { t: number[]; c: number[] }>();
    pairing.subclass.forEach((s, i) => {
      if (s === null) return;
      let m = members.get(s);
      if (!m) members.set(s, (m = { t: [], c: [] }));
      (pairing.treat[i] === 1 ? m.t : m.c).push(i);
    });
    for (const { t, c } of members.values()) {
      for (const a of t) for (const b of c) sum += Math.abs(x[a]! - x[b]!);
      count += t.length * c.length;
    }
  }
  let mean = sum / count;
  if (sd !== null && Math.abs(mean) > 1e-8) mean /= sd;
  return finite(mean);
}
