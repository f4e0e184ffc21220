/**
 * Greedy nearest-neighbour matching on a scalar distance, the algorithm of MatchIt's
 * `nn_matchC_vec` (4.5.1, with the fixes of 4.5.2 and 4.5.4; see the package README).
 *
 * Contract:
 * - inputs: `focal[i]` 1 for the units being matched (treated for the ATT), 0 for the pool;
 *   `distance[i]` finite; `order` the focal rows in matching order; `discarded[i]` 1 to leave a
 *   unit out; `ratio` >= 1 matches per focal unit; `reuseMax` 1 (without replacement) or
 *   Infinity; `caliper` the largest allowed |distance difference| or null; `exact` a cell code
 *   per row that must agree within a pair, or null.
 * - method: units are sorted by distance (stable, ties in data order). In round r = 1..ratio,
 *   each focal unit in `order` takes the closest eligible pool unit on each side of it in the
 *   sorted order (eligible: not discarded, not used up, not already its match, same exact cell,
 *   within the caliper) and keeps the left one when it is at least as close.
 * - output: per focal unit (data order) the matched rows per round, -1 where none was found;
 *   flags for the situations where a MatchIt build with the integer `abs` differs.
 */
export interface NearestInput {
  focal: Uint8Array;
  distance: Float64Array;
  order: ArrayLike<number>;
  discarded: Uint8Array;
  ratio: number;
  reuseMax: number;
  caliper: number | null;
  exact: Int32Array | null;
}

export interface NearestOutput {
  /** Focal rows in data order. */
  focalRows: number[];
  /** matches[j][r]: row matched to focalRows[j] in round r, or -1. */
  matches: Int32Array[];
  /** A unit was paired with a closer control above its score (integer-abs builds take the one below). */
  tookUpper: boolean;
  /** The caliper excluded a candidate (integer-abs builds ignore calipers). */
  caliperBound: boolean;
}

/** Positions alive for matching, with path-compressed "next alive to the left / right" lookups. */
class AlivePositions {
  private readonly right: Int32Array;
  private readonly left: Int32Array;
  count = 0;
  constructor(alive: Uint8Array) {
    const n = alive.length;
    this.right = new Int32Array(n + 1);
    this.left = new Int32Array(n + 1); // indexed by position + 1: entry 0 is the sentinel for -1
    this.right[n] = n;
    for (let p = 0; p < n; p++) {
      const on = alive[p] === 1;
      this.right[p] = on ? p : p + 1;
      this.left[p + 1] = on ? p + 1 : p;
      if (on) this.count++;
    }
  }
  /** The smallest alive position >= p, or n. */
  nextRight(p: number): number {
    let q = p;
    while (this.right[q] !== q) q = this.right[q]!;
    let r = p;
    while (this.right[r] !== q) {
      const next = this.right[r]!;
      this.right[r] = q;
      r = next;
    }
    return q;
  }
  /** The largest alive position <= p, or -1. */
  nextLeft(p: number): number {
    let q = p + 1;
    while (this.left[q] !== q) q = this.left[q]!;
    let r = p + 1;
    while (this.left[r] !== q) {
      const next = this.left[r]!;
      this.left[r] = q;
      r = next;
    }
    return q - 1;
  }
  remove(p: number): void {
    this.right[p] = p + 1;
    this.left[p + 1] = p;
    this.count--;
  }
}

/** Greedy nearest-neighbour matching (see the module contract). */
export function nearestNeighbour(input: NearestInput): NearestOutput {
  const { focal, distance, discarded, ratio, reuseMax, caliper, exact } = input;
  const n = focal.length;
  const sorted = Int32Array.from({ length: n }, (_, i) => i).sort(
    (a, b) => distance[a]! - distance[b]! || a - b,
  );
  const position = new Int32Array(n);
  sorted.forEach((row, p) => {
    position[row] = p;
  });
  const alive = Uint8Array.from(sorted, (row) =>
    focal[row] === 0 && discarded[row] === 0 ? 1 : 0,
  );
  const pool = new AlivePositions(alive);
  const timesMatched = new Int32Array(n);

  const focalRows: number[] = [];
  const slot = new Int32Array(n).fill(-1);
  for (let i = 0; i < n; i++) if (focal[i] === 1) slot[i] = focalRows.push(i) - 1;
  const matches = focalRows.map(() => new Int32Array(ratio).fill(-1));
  const flags = { tookUpper: false, caliperBound: false };

  const eligible = (self: number, row: number, round: number): boolean => {
    if (exact !== null && exact[row] !== exact[self]) return false;
    if (round > 0) {
      const mine = matches[slot[self]!]!;
      for (let r = 0; r < round; r++) if (mine[r] === row) return false;
    }
    return true;
  };
  const withinCaliper = (self: number, row: number): boolean => {
    if (caliper === null || Math.abs(distance[self]! - distance[row]!) <= caliper) return true;
    flags.caliperBound = true;
    return false;
  };
  const search = (self: number, round: number, step: 1 | -1): number => {
    let p = step === 1 ? pool.nextRight(position[self]! + 1) : pool.nextLeft(position[self]! - 1);
    while (p >= 0 && p < n) {
      const row = sorted[p]!;
      if (!withinCaliper(self, row)) return -1;
      if (eligible(self, row, round)) return row;
      p = step === 1 ? pool.nextRight(p + 1) : pool.nextLeft(p - 1);
    }
    return -1;
  };

  rounds: for (let round = 0; round < ratio; round++) {
    for (let j = 0; j < input.order.length; j++) {
      const self = input.order[j]!;
      if (discarded[self] === 1) continue;
      const below = search(self, round, -1);
      const above = search(self, round, 1);
      let chosen = below;
      if (above >= 0) {
        const d = distance[self]!;
        if (below < 0 || Math.abs(distance[below]! - d) > Math.abs(distance[above]! - d)) {
          chosen = above;
          if (below >= 0) flags.tookUpper = true;
        }
      }
      if (chosen < 0) continue;
      matches[slot[self]!]![round] = chosen;
      if (++timesMatched[chosen]! >= reuseMax) {
        pool.remove(position[chosen]!);
        if (pool.count === 0) break rounds;
      }
    }
  }
  return { focalRows, matches, ...flags };
}
