import { InvalidArgumentError } from '@muster/core';
import { findInterval, quantile7, sequence } from './statistics.ts';

/** Subclasses from distance quantiles, and the quantiles (`q.cut`). */
export interface Subclassified {
  subclass: (number | null)[];
  cuts: number[];
  /** Fewer subclasses than requested (ties in the distance). */
  fewer: boolean;
}

/**
 * MatchIt's `matchit2subclass` with `min.n = 1`: cut the distance at its quantiles among the
 * treated (ATT), the controls (ATC) or all units (ATE) into `k` subclasses (intervals closed on the
 * left, the outer ones open-ended); when a subclass lacks treated or control units, units are
 * moved into it from the neighbouring subclasses (`subclass_scoot`); subclasses are numbered 1..K.
 */
export function subclassify(
  fn: string,
  distance: Float64Array,
  treat: Uint8Array,
  discarded: Uint8Array,
  k: number,
  estimand: 'ATT' | 'ATC' | 'ATE',
): Subclassified {
  const n = distance.length;
  const basis: number[] = [];
  for (let i = 0; i < n; i++) {
    if (estimand === 'ATE' || treat[i] === (estimand === 'ATT' ? 1 : 0)) basis.push(distance[i]!);
  }
  const cuts = quantile7(basis, sequence(0, 1, k + 1));
  const kept: number[] = [];
  for (let i = 0; i < n; i++) if (discarded[i] === 0) kept.push(i);
  let sub = kept.map((i) => Math.min(Math.max(findInterval(distance[i]!, cuts), 1), k));
  const fewer = new Set(sub).size !== k;
  const t = kept.map((i) => treat[i]!);
  const cells = new Set(sub.map((s, j) => `${s}:${t[j]}`));
  if ([...new Set(sub)].some((s) => !cells.has(`${s}:0`) || !cells.has(`${s}:1`))) {
    sub = scoot(
      fn,
      sub,
      t,
      kept.map((i) => distance[i]!),
    );
  }
  const levels = [...new Set(sub)].sort((a, b) => a - b);
  const subclass: (number | null)[] = new Array(n).fill(null);
  kept.forEach((i, j) => {
    subclass[i] = levels.indexOf(sub[j]!) + 1;
  });
  return { subclass, cuts, fewer };
}

/**
 * WeightIt's `subclass_scoot` (used by MatchIt) for one unit per group: renumber the subclasses
 * 1..S; then, for each group in order of first appearance, fill each empty subclass with the unit
 * of that group nearest to it from the side that has more (weighted by closeness) spare units.
 */
function scoot(fn: string, input: number[], t: number[], x: number[]): number[] {
  const levels = [...new Set(input)].sort((a, b) => a - b);
  const sub = input.map((s) => levels.indexOf(s) + 1);
  const nsub = levels.length;
  const groups = [...new Set(t)];
  for (const g of groups) {
    const size = t.filter((v) => v === g).length;
    if (size < nsub) {
      throw new InvalidArgumentError(
        'subclass',
        `${fn} requires at least one treated and one control unit per subclass; received ${nsub} subclasses for ${size} ${g === 1 ? 'treated' : 'control'} units`,
      );
    }
    if (size === nsub) {
      let k = 0;
      for (let i = 0; i < sub.length; i++) if (t[i] === g) sub[i] = ++k;
    }
  }
  for (const g of groups) {
    const tab = new Array(nsub + 1).fill(0);
    for (let i = 0; i < sub.length; i++) if (t[i] === g) tab[sub[i]!]++;
    const spare = (from: number, to: number, at: number) => {
      let s = 0;
      for (let c = from; c <= to; c++) s += Math.max(tab[c] - 1, 0) / Math.abs(at - c);
      return s;
    };
    for (;;) {
      let first = 0;
      for (let c = 1; c <= nsub; c++) {
        if (tab[c] === 0) {
          first = c;
          break;
        }
      }
      if (first === 0) break;
      const fromLeft =
        first === nsub ||
        (first !== 1 && spare(1, first - 1, first) >= spare(first + 1, nsub, first));
      let source = 0;
      if (fromLeft)
        for (let c = first - 1; c >= 1; c--)
          if (tab[c] > 0) {
            source = c;
            break;
          }
      if (!fromLeft)
        for (let c = first + 1; c <= nsub; c++)
          if (tab[c] > 0) {
            source = c;
            break;
          }
      let pick = -1;
      for (let i = 0; i < sub.length; i++) {
        if (t[i] !== g || sub[i] !== source) continue;
        if (pick < 0 || (fromLeft ? x[i]! > x[pick]! : x[i]! < x[pick]!)) pick = i;
      }
      sub[pick] = first;
      tab[first] = 1;
      tab[source]--;
    }
  }
  return sub;
}
