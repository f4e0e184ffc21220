import { createRandom, crossprod } from '@muster/core';
import { describe, expect, it } from 'vitest';
import { gramAndScore, gramKernel } from '../../src/internal/gram.ts';
import { expectClose } from '../helpers.ts';

function random(n: number, p: number, seed: number) {
  const rng = createRandom(seed);
  const x = Float64Array.from({ length: n * p }, () => rng.normal());
  const w = Float64Array.from({ length: n }, () => rng.uniform());
  const u = Float64Array.from({ length: n }, () => rng.normal());
  return { x, w, u };
}

describe("gramAndScore: X'WX and X'u in one pass", () => {
  it('gramAndScore uses the WebAssembly SIMD kernel in Node', () => {
    expect(gramKernel()).toBe('wasm-simd');
  });

  for (const [n, p] of [
    [1, 1],
    [3, 2],
    [7, 3],
    [1023, 4],
    [1025, 11],
    [2500, 40],
  ]) {
    it(`gramAndScore matches crossprod and a plain X'u for n = ${n}, p = ${p} (both kernels)`, () => {
      const { x, w, u } = random(n, p, n * 100 + p);
      const expected = crossprod(x, n, p, w);
      const score = new Float64Array(p);
      for (let j = 0; j < p; j++) for (let i = 0; i < n; i++) score[j] += x[j * n + i] * u[i];
      for (const force of [null, 'javascript'] as const) {
        const result = gramAndScore(x, n, p, w, u, force);
        // Entries are sums of n terms of size ~1: compare on the scale of the diagonal.
        for (let k = 0; k < p * p; k++) {
          expectClose(result.a[k], expected[k], { rtol: 1e-12, atol: 1e-12 * n }, `a[${k}]`);
        }
        for (let j = 0; j < p; j++)
          expectClose(result.score?.[j], score[j], { rtol: 1e-12, atol: 1e-12 * n }, `g[${j}]`);
        // Exactly symmetric.
        for (let j = 0; j < p; j++)
          for (let k = 0; k < p; k++) expect(result.a[j * p + k]).toBe(result.a[k * p + j]);
      }
    });
  }

  it('gramAndScore without u returns no score', () => {
    const { x, w } = random(10, 2, 1);
    expect(gramAndScore(x, 10, 2, w, null).score).toBeNull();
  });
});
