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
 * and one over groups the weight of such events; a batch is queried before it joins the trees
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

function prefix(tree: Float64Array, i: number): number {
  let s = 0;
  for (; i > 0; i -= i & -i) s += tree[i];
  return s;
}

function add(tree: Float64Array, i: number, w: number): void {
  for (i++; i < tree.length; i += i & -i) tree[i] += w;
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
  const slots = new Float64Array(2 * nGroups + 1);
  const events = new Float64Array(nGroups + 1);
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
      const from = h + event[m];
      const w = weight[m];
      const smallerEvents = eventsBelow - prefix(events, from);
      influence[3 * m] += smallerEvents;
      influence[3 * m + 1] += eventsFrom[from] - smallerEvents;
      if (event[m] === 1) {
        const smaller = prefix(slots, 2 * h + 1);
        const greater = atRisk[h] - smaller;
        count[0] += w * greater;
        count[1] += w * smaller;
        influence[3 * m] += greater;
        influence[3 * m + 1] += smaller;
        add(events, h, w);
        eventsBelow += w;
      }
      add(slots, 2 * h + event[m], w);
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
      smallerEventsOf[b - i] = eventsBelow - prefix(events, h + event[m]);
      smallerOf[b - i] = event[m] === 1 ? prefix(slots, 2 * h + 1) : 0;
    }
    for (let b = i; b < j; b++) {
      const m = byEta[b];
      const h = group[m - first];
      const w = weight[m];
      add(slots, 2 * h + event[m], w);
      if (event[m] !== 1) continue;
      add(events, h, w);
      eventsBelow += w;
      count[4] += w * tiedXY[h];
      tiedXY[h] += w;
    }
    for (let b = i; b < j; b++) {
      const m = byEta[b];
      const h = group[m - first];
      const from = h + event[m];
      const smallerEvents = smallerEventsOf[b - i];
      const equalEvents = eventsBelow - prefix(events, from) - smallerEvents;
      influence[3 * m] += smallerEvents;
      influence[3 * m + 1] += eventsFrom[from] - smallerEvents - equalEvents;
      influence[3 * m + 2] += equalEvents;
      if (event[m] !== 1) continue;
      tiedXY[h] = 0;
      const w = weight[m];
      const smaller = smallerOf[b - i];
      const equal = prefix(slots, 2 * h + 1) - smaller;
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
