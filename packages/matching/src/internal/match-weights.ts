import { InvalidArgumentError } from '@muster/core';

/**
 * Matching weights from matched sets, MatchIt's `weights_matrixC`: a focal unit with k matches
 * has weight 1 and gives 1/k to each of them (summed over the sets a unit is reused in); the
 * other group's weights are then scaled to sum to its number of matched units.
 */
export function weightsFromMatches(
  n: number,
  focal: Uint8Array,
  focalRows: readonly number[],
  matches: readonly Int32Array[],
): Float64Array {
  const weights = new Float64Array(n);
  focalRows.forEach((row, j) => {
    const found = [...matches[j]!].filter((m) => m >= 0);
    if (found.length === 0) return;
    const share = 1 / found.length;
    for (const m of found) weights[m] = weights[m]! + share;
    weights[row] = 1;
  });
  let sum = 0;
  let matched = 0;
  for (let i = 0; i < n; i++) {
    if (focal[i] === 1) continue;
    sum += weights[i]!;
    if (weights[i]! > 0) matched++;
  }
  if (sum > 0)
    for (let i = 0; i < n; i++) if (focal[i] === 0) weights[i] = (weights[i]! * matched) / sum;
  return weights;
}

/**
 * Pair ids from matched sets without replacement, MatchIt's `mm2subclass`: each matched focal
 * unit and its matches share an id; ids are numbered in the order of the focal units' 1-based row
 * numbers sorted as text ("10" before "2"), as R's factor of those numbers is.
 */
export function pairIds(
  n: number,
  focalRows: readonly number[],
  matches: readonly Int32Array[],
): (number | null)[] {
  const matched = focalRows.map((row, j) => ({ row, j })).filter(({ j }) => matches[j]![0]! >= 0);
  const byText = [...matched].sort((a, b) => {
    const x = String(a.row + 1);
    const y = String(b.row + 1);
    return x < y ? -1 : x > y ? 1 : 0;
  });
  const ids: (number | null)[] = new Array(n).fill(null);
  byText.forEach(({ row, j }, k) => {
    ids[row] = k + 1;
    for (const m of matches[j]!) if (m >= 0) ids[m] = k + 1;
  });
  return ids;
}

/**
 * Weights from subclasses, MatchIt's `weights.subclass`: ATT: treated 1, a control in subclass s
 * n1(s)/n0(s); ATC the mirror; ATE: n(s)/n1(s) and n(s)/n0(s); each reweighted group is then
 * scaled to sum to its number of units in subclasses.
 */
export function weightsFromSubclasses(
  subclass: readonly (number | null)[],
  treat: Uint8Array,
  estimand: 'ATT' | 'ATC' | 'ATE',
): Float64Array {
  const n = treat.length;
  const count = [new Map<number, number>(), new Map<number, number>()];
  for (let i = 0; i < n; i++) {
    const s = subclass[i];
    if (s === null || s === undefined) continue;
    const m = count[treat[i]!]!;
    m.set(s, (m.get(s) ?? 0) + 1);
  }
  const weights = new Float64Array(n);
  const rescale = (group: number) => {
    let sum = 0;
    let units = 0;
    for (let i = 0; i < n; i++) {
      if (treat[i] !== group || subclass[i] === null) continue;
      sum += weights[i]!;
      units++;
    }
    for (let i = 0; i < n; i++)
      if (treat[i] === group && subclass[i] !== null) weights[i] = (weights[i]! * units) / sum;
  };
  for (let i = 0; i < n; i++) {
    const s = subclass[i];
    if (s === null || s === undefined) continue;
    const n1 = count[1]!.get(s) ?? 0;
    const n0 = count[0]!.get(s) ?? 0;
    if (estimand === 'ATT') weights[i] = treat[i] === 1 ? 1 : n1 / n0;
    else if (estimand === 'ATC') weights[i] = treat[i] === 0 ? 1 : n0 / n1;
    else weights[i] = treat[i] === 1 ? (n1 + n0) / n1 : (n1 + n0) / n0;
  }
  if (estimand !== 'ATT') rescale(1);
  if (estimand !== 'ATC') rescale(0);
  return weights;
}

/** MatchIt's checks after weighting: someone in each group must be matched. */
export function requireMatched(
  fn: string,
  weights: Float64Array,
  treat: Uint8Array,
  hint: string,
): void {
  let treated = 0;
  let control = 0;
  for (let i = 0; i < weights.length; i++) {
    if (weights[i]! > 0) treat[i] === 1 ? treated++ : control++;
  }
  if (treated > 0 && control > 0) return;
  const what =
    treated + control === 0 ? 'no units' : treated === 0 ? 'no treated units' : 'no control units';
  throw new InvalidArgumentError('method', `${fn} matched ${what}; ${hint}`);
}
