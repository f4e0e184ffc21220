import { createRandom } from '@muster/core';
import {
  clearDesignMatrixPool,
  type DesignMatrix,
  designMatrix,
  designMatrixPool,
  releaseDesignMatrix,
} from '@muster/formula';
import { describe, expect, it, vi } from 'vitest';
import { fitBayesGlm, fitGlm, fitRelogit } from '../src/index.ts';

// The real releaseDesignMatrix, watched: which designs the fits hand back.
vi.mock('@muster/formula', async (importOriginal) => {
  const original = await importOriginal<typeof import('@muster/formula')>();
  return { ...original, releaseDesignMatrix: vi.fn(original.releaseDesignMatrix) };
});

/** Every typed array reachable from a value (a result is plain data: there should be none). */
function typedArrays(value: unknown, seen = new Set<unknown>()): ArrayBufferView[] {
  if (value === null || typeof value !== 'object' || seen.has(value)) return [];
  seen.add(value);
  if (ArrayBuffer.isView(value)) return [value];
  return Object.values(value).flatMap((item) => typedArrays(item, seen));
}

/** 120,000 rows: a 0/1 response, four numeric covariates and a five-level factor (9 columns). */
function largeData() {
  const random = createRandom(11);
  const n = 120_000;
  const levels = ['a', 'b', 'c', 'd', 'e'];
  const x1 = Array.from({ length: n }, () => random.normal());
  return {
    y: x1.map((x) => (random.uniform() < 1 / (1 + Math.exp(1 - 0.5 * x)) ? 1 : 0)),
    x1,
    x2: Array.from({ length: n }, () => random.normal()),
    x3: Array.from({ length: n }, () => random.normal()),
    x4: Array.from({ length: n }, () => random.normal()),
    g: Array.from({ length: n }, () => levels[random.integer(5)]!),
  };
}

const FORMULA = 'y ~ x1 + x2 + x3 + x4 + g';
const data = largeData();
const fits = {
  fitGlm: () => fitGlm(FORMULA, data, { family: 'binomial' }),
  fitRelogit: () => fitRelogit(FORMULA, data),
};

describe('model fits hand their design matrix back', () => {
  for (const [name, fit] of Object.entries(fits)) {
    it(`${name} releases its design matrix once the result is assembled; the result holds no part of it`, async () => {
      clearDesignMatrixPool();
      const result = await fit();
      // 120,000 x 9 cells: large enough to be pooled.
      expect(designMatrixPool()).toEqual({ buffers: 1, bytes: 120_000 * 9 * 8 });
      expect(typedArrays(result)).toEqual([]);
      // The next design of that size reuses the memory; the fit's numbers stay as they were.
      const before = JSON.stringify(result);
      const next = designMatrix(FORMULA, data);
      expect(designMatrixPool().buffers).toBe(0);
      next.matrix.fill(Number.NaN);
      expect(JSON.stringify(result)).toBe(before);
      clearDesignMatrixPool();
    });
  }

  it('fitGlm, fitRelogit and fitBayesGlm each release the designs they build, after their last use', async () => {
    const small = { y: [0, 0, 1, 0, 1, 1, 0, 1], x: [1, 2, 3, 4, 5, 6, 2, 5] };
    const release = vi.mocked(releaseDesignMatrix);
    for (const [fit, designs] of [
      [() => fitGlm('y ~ x', small, { family: 'binomial' }), 1],
      [() => fitRelogit('y ~ x', small), 2],
      [() => fitBayesGlm('y ~ x', small), 1],
    ] as const) {
      release.mockClear();
      const result = await fit();
      expect(release).toHaveBeenCalledTimes(designs);
      for (const [design] of release.mock.calls) {
        expect((design as DesignMatrix).nrow).toBe(8);
        expect((design as DesignMatrix).matrix.length).toBe(0);
      }
      expect(typedArrays(result)).toEqual([]);
      expect(result.coefficients[1]!.estimate).toBeGreaterThan(0);
    }
  });
});
