import { createRandom } from '@muster/core';
import { describe, expect, it } from 'vitest';
import { groupStable, sortIndex } from '../../src/internal/sort-index.ts';

function isStableSorted(keys: Float64Array, order: Int32Array): boolean {
  for (let i = 1; i < order.length; i++) {
    const a = keys[order[i - 1]];
    const b = keys[order[i]];
    if (a > b || (a === b && order[i - 1] > order[i])) return false;
  }
  return true;
}

describe('sortIndex', () => {
  it('sortIndex orders small inputs stably (comparison path)', () => {
    const keys = Float64Array.from([3, -1, 2, -1, 0, -0, 2.5]);
    const order = sortIndex(keys);
    expect(Array.from(order)).toEqual([1, 3, 4, 5, 2, 6, 0]);
  });

  it('sortIndex radix path handles negatives, -0, ties and a mix of magnitudes stably', () => {
    const random = createRandom(3);
    const n = 20000;
    const keys = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const u = random.uniform();
      keys[i] =
        u < 0.2
          ? Math.round(random.normal() * 10)
          : u < 0.3
            ? -0
            : u < 0.6
              ? random.normal() * 1e6
              : Math.round(random.uniform() * 1000) / 100;
    }
    const order = sortIndex(keys);
    expect(isStableSorted(keys, order)).toBe(true);
    expect(new Set(order).size).toBe(n);
  });

  it('sortIndex radix path skips constant digits for integer times and stays correct', () => {
    const n = 5000;
    const keys = Float64Array.from({ length: n }, (_, i) => (i * 7919) % 101);
    expect(isStableSorted(keys, sortIndex(keys))).toBe(true);
  });

  it('sortIndex orders keys that share their high 32 bits by the low word, in short and long runs', () => {
    const random = createRandom(5);
    const n = 6000;
    // 1 + m 2^-40 (m < 4000) share one high word: long runs (comparison sort), as do
    // -1 - m 2^-40; 2 + k 2^-20 + m 2^-40 (k < 300, m < 8) give runs of about 10 (insertion sort)
    const draw = (size: number) => Math.floor(random.uniform() * size);
    const keys = Float64Array.from({ length: n }, (_, i) => {
      if (i % 4 === 0) return -1 - draw(4000) * 2 ** -40;
      if (i % 4 === 1) return 1 + draw(4000) * 2 ** -40;
      return 2 + draw(300) * 2 ** -20 + draw(8) * 2 ** -40;
    });
    const order = sortIndex(keys);
    expect(isStableSorted(keys, order)).toBe(true);
    expect(new Set(order).size).toBe(n);
  });

  it('groupStable keeps the order within each code', () => {
    const order = Int32Array.from([4, 3, 2, 1, 0]);
    const codes = Int32Array.from([1, 0, 1, 0, 1]);
    expect(Array.from(groupStable(order, codes, 2))).toEqual([3, 1, 4, 2, 0]);
  });
});
