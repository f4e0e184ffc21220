/**
 * Index sorts on typed arrays, for the risk-set sweeps that need data ordered by time.
 *
 * Contract: `sortIndex(keys)` returns an Int32Array `order` (a permutation of 0..n-1) such that
 * keys[order[0]] <= keys[order[1]] <= ... ; ties keep their input order (stable). Keys must not
 * contain NaN (callers drop missing values first); -0 sorts as +0.
 *
 * Method: the IEEE-754 bit pattern of each key, mapped to an unsigned (high word, low word) pair
 * whose order matches the numeric order (flip every bit of negatives, only the sign bit of
 * positives); a least-significant-digit radix sort on the high word, 11 bits per pass (a pass
 * whose digit is the same for every key is skipped); then each run of equal high words, in
 * which the sort kept the input order, is ordered by the low word (insertion sort for short
 * runs, a comparison sort otherwise). Integer-valued and continuous times alike need two or three
 * passes. Small inputs use a comparison sort, where the histograms would dominate.
 */

const SMALL = 2048;

// Little-endian hosts (every JS engine in practice) keep the low word first.
const LO = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 0 : 1;
const HI = 1 - LO;
const DIGIT = 11;
const BUCKETS = 1 << DIGIT;
const MASK = BUCKETS - 1;
/** Runs of equal high words longer than this are ordered by a comparison sort. */
const SHORT_RUN = 32;

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
  const hi = orderedHighWords(keys);
  const counts = new Int32Array(3 * BUCKETS);
  for (let i = 0; i < n; i++) {
    const h = hi[i];
    counts[h & MASK]++;
    counts[BUCKETS + ((h >>> DIGIT) & MASK)]++;
    counts[2 * BUCKETS + (h >>> (2 * DIGIT))]++;
  }
  let source = order;
  let target = new Int32Array(n);
  for (let pass = 0; pass < 3; pass++) {
    const at = pass * BUCKETS;
    const shift = pass * DIGIT;
    // skip a pass where every key shares the digit
    if (counts[at + ((hi[0] >>> shift) & MASK)] === n) continue;
    let total = 0;
    for (let d = at; d < at + BUCKETS; d++) {
      const c = counts[d];
      counts[d] = total;
      total += c;
    }
    for (let i = 0; i < n; i++) {
      const index = source[i];
      target[counts[at + ((hi[index] >>> shift) & MASK)]++] = index;
    }
    const swap = source;
    source = target;
    target = swap;
  }
  orderRunsByLowWord(source, hi, new Uint32Array(keys.buffer, keys.byteOffset, 2 * n));
  return source;
}

/** The keys' high words mapped so that unsigned order is numeric order; -0 as +0. */
function orderedHighWords(keys: Float64Array): Uint32Array {
  const n = keys.length;
  const words = new Uint32Array(keys.buffer, keys.byteOffset, 2 * n);
  const hi = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    const h = words[2 * i + HI];
    // negatives: every bit flipped (-0 as +0); positives: the sign bit set
    hi[i] =
      h & 0x80000000
        ? h === 0x80000000 && words[2 * i + LO] === 0
          ? h
          : ~h >>> 0
        : (h | 0x80000000) >>> 0;
  }
  return hi;
}

/** The low word of key i mapped as its high word is (bits flipped for negatives, -0 as +0). */
function orderedLowWord(words: Uint32Array, i: number): number {
  const h = words[2 * i + HI];
  const l = words[2 * i + LO];
  return h & 0x80000000 && !(h === 0x80000000 && l === 0) ? ~l >>> 0 : l;
}

/** Order each run of equal high words (in input order) by the low word, stably. */
function orderRunsByLowWord(order: Int32Array, hi: Uint32Array, words: Uint32Array): void {
  const n = order.length;
  const lo = (index: number) => orderedLowWord(words, index);
  let i = 0;
  while (i < n) {
    const h = hi[order[i]];
    let j = i + 1;
    let sorted = true;
    while (j < n && hi[order[j]] === h) {
      if (sorted && lo(order[j]) < lo(order[j - 1])) sorted = false;
      j++;
    }
    if (sorted) {
      // already in order, as integer-valued keys always are
    } else if (j - i > SHORT_RUN) {
      const run = Array.from(order.subarray(i, j));
      run.sort((a, b) => lo(a) - lo(b) || a - b);
      order.set(run, i);
    } else {
      for (let a = i + 1; a < j; a++) {
        const index = order[a];
        const key = lo(index);
        let b = a - 1;
        while (b >= i && lo(order[b]) > key) {
          order[b + 1] = order[b];
          b--;
        }
        order[b + 1] = index;
      }
    }
    i = j;
  }
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
