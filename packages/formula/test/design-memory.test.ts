import { createRandom, InvalidArgumentError } from '@muster/core';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  clearDesignMatrixPool,
  type DesignMatrix,
  designMatrix,
  designMatrixPool,
  releaseDesignMatrix,
} from '../src/index.ts';

/** 120,000 rows: numeric columns (one with missing values), a typed array, two text factors. */
function largeData() {
  const random = createRandom(7);
  const n = 120_000;
  const g = ['a', 'b', 'c', 'd', 'e'];
  const h = ['u', 'v', 'w'];
  return {
    y: Array.from({ length: n }, () => random.normal()),
    x1: Array.from({ length: n }, (_, i) => (i % 97 === 0 ? null : random.normal())),
    x2: Float64Array.from({ length: n }, () => random.normal(2, 3)),
    x3: Array.from({ length: n }, () => random.normal()),
    g: Array.from({ length: n }, () => g[random.integer(5)]!),
    h: Array.from({ length: n }, (_, i) => (i % 101 === 0 ? null : h[random.integer(3)]!)),
  };
}

/** FNV-1a of the matrix's bytes: equal hashes mean bit-identical matrices. */
function fnv(m: Float64Array): string {
  const b = new Uint8Array(m.buffer, m.byteOffset, m.byteLength);
  let h = 0x811c9dc5;
  for (let i = 0; i < b.length; i++) {
    h ^= b[i]!;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, '0');
}

/**
 * Shapes and byte hashes of these designs as designMatrix built them before it could write into
 * reused memory (fresh, zero-filled matrices): every path must still give these bits.
 */
const BEFORE: [string, number, number, string][] = [
  ['y ~ .', 117586, 10, '9f6268b4'],
  ['y ~ x1 * g + x2:h + poly(x3, 2)', 117586, 15, '2512fd57'],
  ['y ~ 0 + g:h + x2', 118811, 16, 'b73e9a28'],
  ['y ~ g * h * x2', 118811, 30, '66262bd2'],
  ['y ~ log(abs(x2)) + I(x3^2) + h', 118811, 5, 'a8cbee0c'],
];

const data = largeData();

beforeEach(() => clearDesignMatrixPool());

describe('designMatrix into caller memory', () => {
  it('fresh, into dirty memory and from the pool, the matrices are bit-identical to before', () => {
    const into = new Float64Array(118811 * 30).fill(Number.NaN);
    for (const [formula, nrow, ncol, hash] of BEFORE) {
      const fresh = designMatrix(formula, data);
      expect([fresh.nrow, fresh.ncol, fnv(fresh.matrix)]).toEqual([nrow, ncol, hash]);
      into.fill(-7.5);
      const reused = designMatrix(formula, data, { into });
      expect(fnv(reused.matrix)).toBe(hash);
      expect(reused.matrix.buffer).toBe(into.buffer);
      // Only matrices of 2^20 cells or more are pooled (the last design is smaller).
      expect(releaseDesignMatrix(fresh)).toBe(nrow * ncol >= 2 ** 20);
      const pooled = designMatrix(formula, data);
      expect(fnv(pooled.matrix)).toBe(hash);
    }
  });

  it('designMatrix writes into options.into: the same array at its exact size, else a view of its start', () => {
    const small = { y: [1, 2, 3, 4], x: [0.5, 1, null, 2], g: ['b', 'a', 'b', 'c'] };
    const first = designMatrix('y ~ x + g', small);
    const exact = new Float64Array(first.matrix.length).fill(9);
    const d = designMatrix('y ~ x + g', small, { into: exact });
    expect(d.matrix).toBe(exact);
    expect(Array.from(d.matrix)).toEqual(Array.from(first.matrix));
    const larger = new Float64Array(first.matrix.length + 3).fill(9);
    const e = designMatrix('y ~ x + g', small, { into: larger });
    expect(e.matrix.buffer).toBe(larger.buffer);
    expect(e.matrix.length).toBe(first.matrix.length);
    expect(Array.from(e.matrix)).toEqual(Array.from(first.matrix));
    expect(Array.from(larger.subarray(first.matrix.length))).toEqual([9, 9, 9]);
    // Again into the same memory: the same matrix.
    const again = designMatrix('y ~ x + g', small, { into: d.matrix });
    expect(again.matrix).toBe(exact);
    expect(Array.from(again.matrix)).toEqual(Array.from(first.matrix));
  });

  it('designMatrix refuses an options.into that is too small or not a Float64Array', () => {
    const small = { y: [1, 2, 3], x: [0.5, 1, 2], g: ['b', 'a', 'b'] };
    const call = (into: unknown) => () =>
      designMatrix('y ~ x + g', small, { into: into as Float64Array });
    expect(call(new Float64Array(8))).toThrow(InvalidArgumentError);
    expect(call(new Float64Array(8))).toThrow(
      'designMatrix requires options.into to hold the 3 x 3 matrix (9 cells); received a Float64Array of 8',
    );
    expect(call(new Float32Array(9))).toThrow(
      'designMatrix requires options.into to be a Float64Array; received Float32Array',
    );
    expect(call([0, 0, 0, 0, 0, 0, 0, 0, 0])).toThrow(
      'designMatrix requires options.into to be a Float64Array; received Array',
    );
    try {
      call(new Float64Array(2))();
    } catch (error) {
      expect((error as InvalidArgumentError).argument).toBe('into');
    }
  });
});

describe('releaseDesignMatrix and the pool', () => {
  it('never hands out memory a live design still holds', () => {
    const a = designMatrix('y ~ .', data);
    const b = designMatrix('y ~ .', data);
    expect(b.matrix.buffer).not.toBe(a.matrix.buffer);
    const bufferA = a.matrix.buffer;
    const bitsA = fnv(a.matrix);
    expect(releaseDesignMatrix(a)).toBe(true);
    expect(a.matrix.length).toBe(0);
    // A second release of the same design does nothing: the memory is pooled once.
    expect(releaseDesignMatrix(a)).toBe(false);
    expect(designMatrixPool()).toEqual({ buffers: 1, bytes: bufferA.byteLength });
    const c = designMatrix('y ~ .', data);
    expect(c.matrix.buffer).toBe(bufferA);
    expect(fnv(c.matrix)).toBe(bitsA);
    // The pool is empty again: the next design gets fresh memory, not c's.
    const d = designMatrix('y ~ .', data);
    expect(d.matrix.buffer).not.toBe(c.matrix.buffer);
    expect(d.matrix.buffer).not.toBe(b.matrix.buffer);
    expect(fnv(b.matrix)).toBe(bitsA);
  });

  it('never takes memory the caller passed as into, even a released design matrix passed back', () => {
    const a = designMatrix('y ~ .', data);
    const mine = a.matrix;
    const b = designMatrix('y ~ .', data, { into: mine });
    expect(b.matrix).toBe(mine);
    expect(releaseDesignMatrix(b)).toBe(false);
    expect(releaseDesignMatrix(a)).toBe(false);
    expect(designMatrixPool().buffers).toBe(0);
    expect(a.matrix).toBe(mine);
    // A matrix kept after its release and then passed as into leaves the pool.
    const c = designMatrix('y ~ .', data);
    const kept = c.matrix;
    expect(releaseDesignMatrix(c)).toBe(true);
    expect(designMatrixPool().buffers).toBe(1);
    const d = designMatrix('y ~ .', data, { into: kept });
    expect(designMatrixPool().buffers).toBe(0);
    expect(designMatrix('y ~ .', data).matrix.buffer).not.toBe(d.matrix.buffer);
  });

  it('keeps at most two buffers, and a small design never takes a buffer over twice its size', () => {
    const designs: DesignMatrix[] = [0, 1, 2].map(() => designMatrix('y ~ .', data));
    const buffers = designs.map((d) => d.matrix.buffer);
    for (const d of designs) expect(releaseDesignMatrix(d)).toBe(true);
    expect(designMatrixPool().buffers).toBe(2);
    // Half the columns: 117586 x 4 = 470,344 cells, below the shared size, so fresh memory.
    const small = designMatrix('y ~ x1 + x2 + x3', data);
    expect(buffers).not.toContain(small.matrix.buffer);
    expect(releaseDesignMatrix(small)).toBe(false);
    // The oldest buffer went first.
    const next = designMatrix('y ~ .', data);
    expect(next.matrix.buffer).not.toBe(buffers[0]);
    expect(buffers.slice(1)).toContain(next.matrix.buffer);
    clearDesignMatrixPool();
    expect(designMatrixPool()).toEqual({ buffers: 0, bytes: 0 });
  });
});
