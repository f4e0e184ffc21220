/**
 * The concordance pass of ./concordance.ts for one stratum of right-censored data, run in the
 * order of the linear predictor with the counts kept over event times instead: the variant for
 * data with many tied times (whole days, months), whose trees of a few thousand times stay in
 * cache where trees over 1e5 distinct predictors do not. Same pairs, same counts.
 *
 * Contract: positions first..end-1 of one stratum (descending stop), `byEta` the same positions
 * in ascending order of eta (ties in any order). Time groups g = 0, 1, ... number the distinct
 * stop times from the largest; a row sits in slot 2g (censored) or 2g + 1 (event). The partners of
 * an event in group g are the rows in slots <= 2g (later times, and censored rows at its own
 * time); a row m is a partner of the events in groups >= g(m) + event(m). Sweeping eta upwards in
 * batches of equal eta, a Fenwick tree over slots holds the weight of the rows with smaller eta
 * and, interleaved with it, the weight of such events (one walk reads or updates both); a batch is queried before it joins the trees
 * (smaller) and, when it has several rows, again after (smaller + equal). Adds to `count`
 * (partner greater, smaller, equal, tied.y, tied.xy, as the time-ordered pass) and to
 * `influence` (3 per position).
 */
import type { CoxData } from './cox-data.ts';

/** Distinct stop times among positions first..end-1 (descending). */
export function timeGroups(stop: Float64Array, first: number, end: number): number {
  let groups = 0;
  for (let k = first; k < end; k++) if (k === first || stop[k] !== stop[k - 1]) groups++;
  return groups;
}

/**
 * Sums over the slots 0..2h of the weights so far of all rows (into sums[0]) and of the events
 * (sums[1]): one walk of the tree, whose node i holds both (2i and 2i + 1).
 */
function below(tree: Float64Array, h: number, sums: Float64Array): void {
  let rows = 0;
  let events = 0;
  for (let i = 2 * h + 1; i > 0; i -= i & -i) {
    rows += tree[2 * i];
    events += tree[2 * i + 1];
  }
  sums[0] = rows;
  sums[1] = events;
}

/** A row of weight w in slot s joins the tree (and the events' half when it is an event). */
function join(tree: Float64Array, s: number, w: number, isEvent: boolean): void {
  const size = tree.length >> 1;
  if (isEvent) {
    for (let i = s + 1; i < size; i += i & -i) {
      tree[2 * i] += w;
      tree[2 * i + 1] += w;
    }
  } else {
    for (let i = s + 1; i < size; i += i & -i) tree[2 * i] += w;
  }
}

export function concordanceByEta(
  data: CoxData,
  eta: Float64Array,
  byEta: Int32Array,
  first: number,
  end: number,
  count: Float64Array,
  influence: Float64Array,
): void {
  const { stop, event, weight } = data;
  const nGroups = timeGroups(stop, first, end);
  // group of each position, the slots' weights and the events' weights by group
  const group = new Int32Array(end - first);
  const slotWeight = new Float64Array(2 * nGroups);
  const eventWeight = new Float64Array(nGroups);
  let g = -1;
  let deadWeight = 0;
  for (let k = first; k < end; k++) {
    if (k === first || stop[k] !== stop[k - 1]) {
      g++;
      deadWeight = 0;
    }
    group[k - first] = g;
    const w = weight[k];
    slotWeight[2 * g + event[k]] += w;
    if (event[k] === 1) {
      eventWeight[g] += w;
      // tied on time with the earlier events of the group
      count[3] += w * deadWeight;
      deadWeight += w;
    }
  }
  // partners of an event in group g: slots <= 2g; events of a row from group h on: suffix sums
  const atRisk = new Float64Array(nGroups);
  let running = 0;
  for (let h = 0; h < nGroups; h++) {
    running += slotWeight[2 * h];
    atRisk[h] = running;
    running += slotWeight[2 * h + 1];
  }
  const eventsFrom = new Float64Array(nGroups + 1);
  for (let h = nGroups - 1; h >= 0; h--) eventsFrom[h] = eventsFrom[h + 1] + eventWeight[h];
  const tree = new Float64Array(2 * (2 * nGroups + 1));
  // weight of the events so far by group (the odd slot 2h + 1, which below(h) leaves out)
  const eventsAt = new Float64Array(nGroups);
  const sums = new Float64Array(2);
  const tiedXY = new Float64Array(nGroups);
  let eventsBelow = 0;
  let smallerOf = new Float64Array(0);
  let smallerEventsOf = new Float64Array(0);
  let i = first;
  while (i < end) {
    const value = eta[byEta[i]];
    let j = i + 1;
    while (j < end && eta[byEta[j]] === value) j++;
    if (j - i === 1) {
      // one row with this eta: nothing is tied with it on eta
      const m = byEta[i];
      const h = group[m - first];
      const isEvent = event[m] === 1;
      const w = weight[m];
      below(tree, h, sums);
      // events with smaller eta in the groups whose risk sets hold m (from h, or h + 1)
      const smallerEvents = eventsBelow - sums[1] - (isEvent ? eventsAt[h] : 0);
      influence[3 * m] += smallerEvents;
      influence[3 * m + 1] += eventsFrom[h + event[m]] - smallerEvents;
      if (isEvent) {
        const smaller = sums[0];
        const greater = atRisk[h] - smaller;
        count[0] += w * greater;
        count[1] += w * smaller;
        influence[3 * m] += greater;
        influence[3 * m + 1] += smaller;
        eventsAt[h] += w;
        eventsBelow += w;
      }
      join(tree, 2 * h + event[m], w, isEvent);
      i = j;
      continue;
    }
    if (smallerOf.length < j - i) {
      smallerOf = new Float64Array(2 * (j - i));
      smallerEventsOf = new Float64Array(2 * (j - i));
    }
    // the batch against the rows of smaller eta, then joining, then against smaller or equal
    for (let b = i; b < j; b++) {
      const m = byEta[b];
      const h = group[m - first];
      below(tree, h, sums);
      smallerEventsOf[b - i] = eventsBelow - sums[1] - (event[m] === 1 ? eventsAt[h] : 0);
      smallerOf[b - i] = sums[0];
    }
    for (let b = i; b < j; b++) {
      const m = byEta[b];
      const h = group[m - first];
      const w = weight[m];
      const isEvent = event[m] === 1;
      join(tree, 2 * h + event[m], w, isEvent);
      if (!isEvent) continue;
      eventsAt[h] += w;
      eventsBelow += w;
      count[4] += w * tiedXY[h];
      tiedXY[h] += w;
    }
    for (let b = i; b < j; b++) {
      const m = byEta[b];
      const h = group[m - first];
      const isEvent = event[m] === 1;
      below(tree, h, sums);
      const smallerEvents = smallerEventsOf[b - i];
      const equalEvents = eventsBelow - sums[1] - (isEvent ? eventsAt[h] : 0) - smallerEvents;
      influence[3 * m] += smallerEvents;
      influence[3 * m + 1] += eventsFrom[h + event[m]] - smallerEvents - equalEvents;
      influence[3 * m + 2] += equalEvents;
      if (!isEvent) continue;
      tiedXY[h] = 0;
      const w = weight[m];
      const smaller = smallerOf[b - i];
      const equal = sums[0] - smaller;
      const greater = atRisk[h] - smaller - equal;
      count[0] += w * greater;
      count[1] += w * smaller;
      count[2] += w * equal;
      influence[3 * m] += greater;
      influence[3 * m + 1] += smaller;
      influence[3 * m + 2] += equal;
    }
    i = j;
  }
}
