import { createRandom } from '@muster/core';
import { clearDesignMatrixPool, designMatrix, designMatrixPool } from '@muster/formula';
import { describe, expect, it } from 'vitest';
import { fitGlm } from '../src/index.ts';

/** Every typed array reachable from a value (a result is plain data: there should be none). */
function typedArrays(value: unknown, seen = new Set<unknown>()): ArrayBufferView[] {
  if (value === null || typeof value !== 'object' || seen.has(value)) return [];
  seen.add(value);
  if (ArrayBuffer.isView(value)) return [value];
  return Object.values(value).flatMap((item) => typedArrays(item, seen));
}

describe('fitGlm and the design-matrix memory', () => {
  it('hands its design matrix back once the result is assembled; the result holds no part of it', async () => {
    const random = createRandom(11);
    const n = 120_000;
    const levels = ['a', 'b', 'c', 'd', 'e'];
    const data = {
      y: Array.from({ length: n }, () => random.normal()),
      x1: Array.from({ length: n }, () => random.normal()),
      x2: Array.from({ length: n }, () => random.normal()),
      x3: Array.from({ length: n }, () => random.normal()),
      x4: Array.from({ length: n }, () => random.normal()),
      g: Array.from({ length: n }, () => levels[random.integer(5)]!),
    };
    clearDesignMatrixPool();
    const fit = await fitGlm('y ~ x1 + x2 + x3 + x4 + g', data);
    // 120,000 x 9 cells: large enough to be pooled.
    expect(designMatrixPool()).toEqual({ buffers: 1, bytes: n * 9 * 8 });
    expect(typedArrays(fit)).toEqual([]);
    // The next design of that size reuses the memory, and the fit's numbers stay as they were.
    const before = JSON.stringify(fit);
    const next = designMatrix('y ~ x1 + x2 + x3 + x4 + g', data);
    expect(designMatrixPool().buffers).toBe(0);
    next.matrix.fill(Number.NaN);
    expect(JSON.stringify(fit)).toBe(before);
    clearDesignMatrixPool();
  });
});
