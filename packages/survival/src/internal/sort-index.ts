/**
 * Index sorts on typed arrays, for the risk-set sweeps that need data ordered by time.
 *
 * Contract: `sortIndex(keys)` returns an Int32Array `order` (a permutation of 0..n-1) such that
 * keys[order[0]] <= keys[order[1]] <= ... ; ties keep their input order (stable). Keys must not
 * contain NaN (callers drop missing values first); -0 sorts as +0.
 *
 * Method: least-significant-digit radix sort on the IEEE-754 bit pattern, mapped to an unsigned
 * key whose order matches the numeric order (flip every bit of negatives, only the sign bit of
 * positives), 16 bits per pass over the two 32-bit halves. A pass whose digit is the same for every
 * key is skipped, so integer-valued times (whose low mantissa bits are all zero) need two passes.
 * Small inputs use a comparison sort, where the 65536-bucket histograms would dominate.
 */

const SMALL = 2048;

const scratch = new Float64Array(1);
const scratchWords = new Uint32Array(scratch.buffer);
// Little-endian hosts (every JS engine in practice) keep the low word first.
const LO = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 0 : 1;
const HI = 1 - LO;

/** Stable ascending argsort of `keys` (no NaN). */
export function sortIndex(keys: Float64Array): Int32Array {
  const n = keys.length;
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  if (n < 2) return order;
  if (n < SMALL) {
    const plain = Array.from(order);
    plain.sort((a, b) => keys[a] - keys[b] || a - b);
    order.set(plain);
    return order;
  }
  const hi = new Uint32Array(n);
  const lo = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    scratch[0] = keys[i] + 0; // -0 + 0 === +0
    let h = scratchWords[HI];
    let l = scratchWords[LO];
    if (h & 0x80000000) {
      h = ~h >>> 0;
      l = ~l >>> 0;
    } else {
      h = (h | 0x80000000) >>> 0;
    }
    hi[i] = h;
    lo[i] = l;
  }
  let source = order;
  let target = new Int32Array(n);
  const counts = new Int32Array(65536);
  const passes: [Uint32Array, number][] = [
    [lo, 0],
    [lo, 16],
    [hi, 0],
    [hi, 16],
  ];
  for (const [words, shift] of passes) {
    counts.fill(0);
    for (let i = 0; i < n; i++) counts[(words[i] >>> shift) & 0xffff]++;
    // skip a pass where every key shares the digit
    if (counts[(words[0] >>> shift) & 0xffff] === n) continue;
    let total = 0;
    for (let d = 0; d < 65536; d++) {
      const c = counts[d];
      counts[d] = total;
      total += c;
    }
    for (let i = 0; i < n; i++) {
      const index = source[i];
      const digit = (words[index] >>> shift) & 0xffff;
      target[counts[digit]++] = index;
    }
    const swap = source;
    source = target;
    target = swap;
  }
  return source;
}

/**
 * Stable reorder of `order` by small non-negative integer `codes` (counting sort): the result
 * lists the rows of code 0 first, each code's rows in their order within `order`.
 */
export function groupStable(order: Int32Array, codes: Int32Array, nCodes: number): Int32Array {
  const n = order.length;
  const starts = new Int32Array(nCodes + 1);
  for (let i = 0; i < n; i++) starts[codes[order[i]] + 1]++;
  for (let g = 0; g < nCodes; g++) starts[g + 1] += starts[g];
  const position = starts.slice(0, nCodes);
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const index = order[i];
    out[position[codes[index]]++] = index;
  }
  return out;
}

/** Boundaries of each code's block in an order produced by {@link groupStable}: length nCodes + 1. */
export function groupStarts(codes: Int32Array, nCodes: number): Int32Array {
  const starts = new Int32Array(nCodes + 1);
  for (let i = 0; i < codes.length; i++) starts[codes[i] + 1]++;
  for (let g = 0; g < nCodes; g++) starts[g + 1] += starts[g];
  return starts;
}
