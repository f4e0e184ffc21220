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
 * One pass down the positions. The risk set and the events so far are kept in two Fenwick trees
 * over the ranks of the linear predictor, stored interleaved (node i of both trees side by side)
 * so that a query or an update of both walks one path of memory. Each subject's influence counts
 * (the partners' weights by class: partner's predictor greater, smaller, equal) are those of its
 * own events plus, as a member of risk sets, the events' weights recorded when it leaves the risk
 * set minus those recorded when it joins.
 */
import { groupStable, sortIndex } from '../../internal/sort-index.ts';
import { concordanceByEta, timeGroups } from './concordance-by-eta.ts';
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

/** Dense ranks of eta over the positions byEta[first..end-1] (ascending); returns their number. */
function ranks(eta: Float64Array, byEta: Int32Array, first: number, end: number, rank: Int32Array) {
  let r = -1;
  let previous = Number.NaN;
  for (let q = first; q < end; q++) {
    const position = byEta[q];
    if (eta[position] !== previous) {
      r++;
      previous = eta[position];
    }
    rank[position] = r;
  }
  return r + 1;
}

/** The pass's counts (partner's predictor greater, smaller, tied.x; tied.y, tied.xy). */
interface Sweep {
  count: Float64Array;
  /** Influence counts by position, 3 per subject (greater, smaller, equal). */
  influence: Float64Array;
}

/** Ranks per block of the two-level trees below. */
const BLOCK_BITS = 3;

/**
 * Two weighted counts over the ranks, `all` (everyone at risk, even slots) and `dead` (the events
 * so far, odd slots): the weight at each rank (`node`), a Fenwick tree over blocks of 8 ranks
 * (`tree`, small enough to stay in cache) and the totals. A prefix sum is the tree's sum over the
 * earlier blocks plus a scan of the rank's own block.
 */
interface RankCounts {
  node: Float64Array;
  tree: Float64Array;
  blocks: number;
  total: Float64Array;
}

/** Weight of `all` (odd = 0) or `dead` (odd = 1) at ranks below r. */
function below(counts: RankCounts, r: number, odd: number): number {
  const { node, tree } = counts;
  const block = r >> BLOCK_BITS;
  let s = 0;
  for (let i = block; i > 0; i -= i & -i) s += tree[2 * i + odd];
  for (let v = block << BLOCK_BITS; v < r; v++) s += node[2 * v + odd];
  return s;
}

function add(counts: RankCounts, r: number, w: number, odd: number): void {
  const { tree, blocks } = counts;
  counts.node[2 * r + odd] += w;
  counts.total[odd] += w;
  for (let i = (r >> BLOCK_BITS) + 1; i <= blocks; i += i & -i) tree[2 * i + odd] += w;
}

/** Influence of q as a risk-set member: -(events so far) on joining, +(events so far) on leaving. */
function member(counts: RankCounts, r: number, sign: number, influence: Float64Array, q: number) {
  const smaller = below(counts, r, 1);
  const equal = counts.node[2 * r + 1];
  influence[3 * q] += sign * smaller;
  influence[3 * q + 1] += sign * (counts.total[1] - smaller - equal);
  influence[3 * q + 2] += sign * equal;
}

/** The pass over one stratum [first, end), with `counts` empty. */
function sweepStratum(
  data: CoxData,
  rank: Int32Array,
  first: number,
  end: number,
  counts: RankCounts,
  tiedWeight: Float64Array,
  out: Sweep,
): void {
  const { stop, start, event, weight, startOrder } = data;
  const { count, influence } = out;
  const { node, total } = counts;
  let leave = first;
  let i = first;
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
        member(counts, rank[q], 1, influence, q);
        add(counts, rank[q], -weight[q], 0);
      }
    }
    // censored rows at t join the risk set before the events at t are scored
    for (let q = i; q < j; q++) {
      if (event[q] === 1) continue;
      member(counts, rank[q], -1, influence, q);
      add(counts, rank[q], weight[q], 0);
    }
    if (!hasDeath) {
      i = j;
      continue;
    }
    let deadWeight = 0;
    for (let q = i; q < j; q++) {
      if (event[q] !== 1) continue;
      const w = weight[q];
      const r = rank[q];
      // tied on time with the earlier events at t, and on eta too
      count[3] += w * deadWeight;
      deadWeight += w;
      count[4] += w * tiedWeight[r];
      tiedWeight[r] += w;
      const smaller = below(counts, r, 0);
      const equal = node[2 * r];
      const greater = total[0] - smaller - equal;
      count[0] += w * greater;
      count[1] += w * smaller;
      count[2] += w * equal;
      influence[3 * q] += greater;
      influence[3 * q + 1] += smaller;
      influence[3 * q + 2] += equal;
    }
    for (let q = i; q < j; q++) {
      if (event[q] !== 1) continue;
      tiedWeight[rank[q]] = 0;
      add(counts, rank[q], weight[q], 1);
    }
    for (let q = i; q < j; q++) {
      if (event[q] !== 1) continue;
      member(counts, rank[q], -1, influence, q);
      add(counts, rank[q], weight[q], 0);
    }
    i = j;
  }
  // close everyone still in the risk set against the final event counts: one prefix pass
  const size = node.length >> 1;
  const cumulative = new Float64Array(size + 1);
  for (let v = 0; v < size; v++) cumulative[v + 1] = cumulative[v] + node[2 * v + 1];
  const closeFrom = start && startOrder ? leave : first;
  for (let q = closeFrom; q < end; q++) {
    const m = start && startOrder ? startOrder[q] : q;
    const r = rank[m];
    const smaller = cumulative[r];
    const equal = node[2 * r + 1];
    influence[3 * m] += smaller;
    influence[3 * m + 1] += total[1] - smaller - equal;
    influence[3 * m + 2] += equal;
  }
}

/**
 * Which pass a stratum uses: `time` (./concordance.ts, trees over the ranks of eta), `eta`
 * (./concordance-by-eta.ts, trees over the event times; right-censored data only), or by default
 * the one with the smaller trees: `eta` when the stratum has at most a quarter as many distinct
 * times as rows.
 */
export type ConcordancePass = 'time' | 'eta';

export function concordance(
  data: CoxData,
  eta: Float64Array,
  cluster: Int32Array | null,
  nClusters: number,
  pass?: ConcordancePass,
): ConcordanceResult {
  const { n, stratum, weight, nStrata, stop } = data;
  const sorted = sortIndex(eta);
  // positions by stratum, then ascending eta: the same stratum blocks as the positions
  const byEta = nStrata > 1 ? groupStable(sorted, stratum, nStrata) : sorted;
  const out: Sweep = { count: new Float64Array(5), influence: new Float64Array(3 * n) };
  let rank: Int32Array | null = null;
  let first = 0;
  while (first < n) {
    let end = first + 1;
    while (end < n && stratum[end] === stratum[first]) end++;
    const byTimes =
      data.start === null &&
      (pass === 'eta' || (pass === undefined && 4 * timeGroups(stop, first, end) <= end - first));
    if (byTimes) {
      concordanceByEta(data, eta, byEta, first, end, out.count, out.influence);
    } else {
      rank ??= new Int32Array(n);
      const size = ranks(eta, byEta, first, end, rank);
      const blocks = (size + (1 << BLOCK_BITS) - 1) >> BLOCK_BITS;
      const counts: RankCounts = {
        node: new Float64Array(2 * size),
        tree: new Float64Array(2 * (blocks + 1)),
        blocks,
        total: new Float64Array(2),
      };
      sweepStratum(data, rank, first, end, counts, new Float64Array(size), out);
    }
    first = end;
  }
  const { count, influence } = out;
  count[3] -= count[4];
  const npair = count[0] + count[1] + count[2];
  const somers = (count[0] - count[1]) / npair;
  // dfbeta of each subject, squared and summed (within clusters first) as it is formed
  const sumsByCluster = cluster ? new Float64Array(nClusters) : null;
  let variance = 0;
  for (let q = 0; q < n; q++) {
    const greater = influence[3 * q];
    const smaller = influence[3 * q + 1];
    const equal = influence[3 * q + 2];
    const dfbeta =
      weight[q] * ((greater - smaller) / npair - (somers / npair) * (greater + smaller + equal));
    if (sumsByCluster && cluster) sumsByCluster[cluster[q]] += dfbeta;
    else variance += dfbeta ** 2;
  }
  if (sumsByCluster) for (let c = 0; c < nClusters; c++) variance += sumsByCluster[c] ** 2;
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
