import type { DiscardRule } from '../types.ts';

/**
 * MatchIt's `discard`: units outside the range of the distance in the other group ('control':
 * controls outside the treated range; 'treated': treated outside the control range; 'both':
 * everyone outside the overlap of the two ranges).
 */
export function discardUnits(
  rule: DiscardRule,
  treat: Uint8Array,
  distance: Float64Array | null,
): Uint8Array {
  const n = treat.length;
  const out = new Uint8Array(n);
  if (rule === 'none' || distance === null) return out;
  const range = [0, 1].map((g) => {
    let lo = Number.POSITIVE_INFINITY;
    let hi = Number.NEGATIVE_INFINITY;
    for (let i = 0; i < n; i++) {
      if (treat[i] !== g) continue;
      lo = Math.min(lo, distance[i]!);
      hi = Math.max(hi, distance[i]!);
    }
    return [lo, hi] as const;
  });
  const [[min0, max0], [min1, max1]] = range as [
    readonly [number, number],
    readonly [number, number],
  ];
  for (let i = 0; i < n; i++) {
    const d = distance[i]!;
    const outside =
      rule === 'both'
        ? d < Math.max(min0, min1) || d > Math.min(max0, max1)
        : rule === 'control'
          ? d < min1 || d > max1
          : d < min0 || d > max0;
    out[i] = outside ? 1 : 0;
  }
  return out;
}
