/**
 * Stable orderings, as R's `order()` (radix sort, ties kept in their original order also when
 * decreasing).
 */

/** Indices of `values` sorted ascending (or descending), ties in index order. */
export function stableOrder(values: ArrayLike<number>, decreasing = false): Int32Array {
  const index = Int32Array.from({ length: values.length }, (_, i) => i);
  const sign = decreasing ? -1 : 1;
  return index.sort((a, b) => sign * (values[a]! - values[b]!) || a - b);
}

/** Indices of the strings `values` sorted ascending in code-point order, ties in index order. */
export function stableOrderStrings(values: readonly string[]): number[] {
  return values
    .map((_, i) => i)
    .sort((a, b) => (values[a]! < values[b]! ? -1 : values[a]! > values[b]! ? 1 : a - b));
}
