/**
 * Harrell's concordance of a Cox model's linear predictor, as survival's concordancefit(y, lp,
 * strata, reverse = TRUE, timewt = "n") via concordance3.c / concordance4.c, with its
 * infinitesimal-jackknife standard error (optionally summed within clusters).
 *
 * Contract: positions as CoxData (stratum blocks, descending stop). A pair is comparable when one
 * subject has an event at t and the other is at risk at t without an event at t (start < t <=
 * stop; censored at t counts as at risk). Within a stratum only. With reverse = TRUE a pair is
 * concordant when the subject with the event has the larger linear predictor; equal predictors
 * are tied.x (half credit); events at the same time are tied.y (not comparable). Returns
 * C = (concordant + tied.x / 2) / (concordant + discordant + tied.x).
 *
 * Risk sets are kept in Fenwick trees over the ranks of the linear predictor: one with everyone
 * at risk, one with the events so far, whose differences give each subject's influence counts.
 */
import { groupStable, sortIndex } from '../../internal/sort-index.ts';
import type { CoxData } from './cox-data.ts';

export interface ConcordanceResult {
  concordant: number;
  discordant: number;
  tiedX: number;
  tiedY: number;
  tiedXY: number;
  concordance: number;
  stdError: number;
}

class Fenwick {
  readonly tree: Float64Array;
  readonly node: Float64Array;
  total = 0;
  constructor(readonly size: number) {
    this.tree = new Float64Array(size + 1);
    this.node = new Float64Array(size);
  }
  add(rank: number, w: number): void {
    this.node[rank] += w;
    this.total += w;
    for (let i = rank + 1; i <= this.size; i += i & -i) this.tree[i] += w;
  }
  /** Sum of weights with rank < r. */
  below(rank: number): number {
    let s = 0;
    for (let i = rank; i > 0; i -= i & -i) s += this.tree[i];
    return s;
  }
  /** [greater, smaller, equal] weights relative to rank. */
  split(rank: number, out: Float64Array): void {
    const smaller = this.below(rank);
    const equal = this.node[rank];
    out[0] = this.total - smaller - equal;
    out[1] = smaller;
    out[2] = equal;
  }
}

export function concordance(
  data: CoxData,
  eta: Float64Array,
  cluster: Int32Array | null,
  nClusters: number,
): ConcordanceResult {
  const { n, stop, start, event, weight, stratum, startOrder } = data;
  // ranks of eta within each stratum
  const byEta = groupStable(sortIndex(eta), stratum, data.nStrata);
  const rank = new Int32Array(n);
  const count = [0, 0, 0, 0, 0];
  const influence = [new Float64Array(n), new Float64Array(n), new Float64Array(n)];
  const sums = new Float64Array(3);
  const tiedWeight = new Float64Array(n);
  let k = 0;
  while (k < n) {
    const s = stratum[k];
    let end = k;
    while (end < n && stratum[end] === s) end++;
    // ranks for this stratum's block of byEta (same block bounds)
    let r = -1;
    let previous = Number.NaN;
    for (let q = k; q < end; q++) {
      const position = byEta[q];
      if (eta[position] !== previous) {
        r++;
        previous = eta[position];
      }
      rank[position] = r;
    }
    const all = new Fenwick(r + 1);
    const dead = new Fenwick(r + 1);
    let leave = k;
    let i = k;
    while (i < end) {
      const t = stop[i];
      let j = i;
      let hasDeath = false;
      while (j < end && stop[j] === t) {
        if (event[j] === 1) hasDeath = true;
        j++;
      }
      if (hasDeath && start && startOrder) {
        for (; leave < end; leave++) {
          const q = startOrder[leave];
          if (start[q] < t) break;
          // leaving the risk set: add the events it was compared with since it entered
          dead.split(rank[q], sums);
          influence[0][q] += sums[1];
          influence[1][q] += sums[0];
          influence[2][q] += sums[2];
          all.add(rank[q], -weight[q]);
        }
      }
      // censored rows at t join the risk set before the events at t are scored
      for (let q = i; q < j; q++) {
        if (event[q] === 1) continue;
        dead.split(rank[q], sums);
        influence[0][q] -= sums[1];
        influence[1][q] -= sums[0];
        influence[2][q] -= sums[2];
        all.add(rank[q], weight[q]);
      }
      if (hasDeath) {
        let deadWeight = 0;
        for (let q = i; q < j; q++) {
          if (event[q] !== 1) continue;
          const w = weight[q];
          // tied on time with the earlier events at t, and on eta too
          count[3] += w * deadWeight;
          deadWeight += w;
          count[4] += w * tiedWeight[rank[q]];
          tiedWeight[rank[q]] += w;
          all.split(rank[q], sums);
          for (let c = 0; c < 3; c++) {
            count[c] += w * sums[c];
            influence[c][q] += sums[c];
          }
        }
        for (let q = i; q < j; q++) {
          if (event[q] === 1) {
            tiedWeight[rank[q]] = 0;
            dead.add(rank[q], weight[q]);
          }
        }
        for (let q = i; q < j; q++) {
          if (event[q] !== 1) continue;
          dead.split(rank[q], sums);
          influence[0][q] -= sums[1];
          influence[1][q] -= sums[0];
          influence[2][q] -= sums[2];
          all.add(rank[q], weight[q]);
        }
      }
      i = j;
    }
    // close everyone still in the risk set against the final event tree: one prefix pass
    const below = new Float64Array(r + 2);
    for (let v = 0; v <= r; v++) below[v + 1] = below[v] + dead.node[v];
    const closeFrom = start && startOrder ? leave : k;
    for (let q = closeFrom; q < end; q++) {
      const m = start && startOrder ? startOrder[q] : q;
      const smaller = below[rank[m]];
      const equal = dead.node[rank[m]];
      influence[0][m] += smaller;
      influence[1][m] += dead.total - smaller - equal;
      influence[2][m] += equal;
    }
    k = end;
  }
  count[3] -= count[4];
  const npair = count[0] + count[1] + count[2];
  const somers = (count[0] - count[1]) / npair;
  const dfbeta = new Float64Array(n);
  for (let q = 0; q < n; q++) {
    dfbeta[q] =
      weight[q] *
      ((influence[0][q] - influence[1][q]) / npair -
        (somers / npair) * (influence[0][q] + influence[1][q] + influence[2][q]));
  }
  let variance = 0;
  if (cluster) {
    const sumsByCluster = new Float64Array(nClusters);
    for (let q = 0; q < n; q++) sumsByCluster[cluster[q]] += dfbeta[q];
    for (let c = 0; c < nClusters; c++) variance += sumsByCluster[c] ** 2;
  } else {
    for (let q = 0; q < n; q++) variance += dfbeta[q] ** 2;
  }
  variance /= 4;
  // reverse = TRUE: swap concordant and discordant
  return {
    concordant: count[1],
    discordant: count[0],
    tiedX: count[2],
    tiedY: count[3],
    tiedXY: count[4],
    concordance: 1 - (somers + 1) / 2,
    stdError: Math.sqrt(variance),
  };
}
