import { createRandom } from '@muster/core';
import { describe, expect, it } from 'vitest';
import { glmFit } from '../../src/index.ts';
import { makeFamily } from '../../src/internal/family.ts';
import { CHUNK_ROWS, gramAndScore } from '../../src/internal/gram.ts';
import { type IrlsInput, irls } from '../../src/internal/irls.ts';
import type { LinkName } from '../../src/internal/link.ts';
import { expectClose } from '../helpers.ts';

// A little over two chunks of rows, so that the chunked passes have three chunks to share out.
const N = 2 * CHUNK_ROWS + 5000;
const P = 4;

function simulated(family: 'binomial' | 'poisson' | 'gaussian', link: LinkName): IrlsInput {
  const rng = createRandom(2024);
  const x = new Float64Array(N * P);
  x.fill(1, 0, N);
  for (let j = 1; j < P; j++) for (let i = 0; i < N; i++) x[j * N + i] = rng.normal();
  const y = new Float64Array(N);
  const weights = new Float64Array(N);
  const offset = new Float64Array(N);
  for (let i = 0; i < N; i++) {
    const eta = 0.3 - 0.4 * x[N + i] + 0.2 * x[2 * N + i] + 0.1 * x[3 * N + i];
    offset[i] = 0.05 * rng.normal();
    weights[i] = i % 97 === 0 ? 0 : 0.5 + rng.uniform();
    if (family === 'binomial') y[i] = rng.uniform() < 1 / (1 + Math.exp(-eta)) ? 1 : 0;
    else if (family === 'poisson') y[i] = rng.poisson(Math.exp(eta));
    else y[i] = eta + rng.normal();
  }
  return {
    x,
    nrow: N,
    ncol: P,
    y,
    weights,
    offset,
    trials: null,
    family: makeFamily(family, link),
    tolerance: 1e-8,
    maxIter: 25,
    caller: 'irls',
  };
}

const bits = (a: ArrayLike<number>) => Array.from(a, (v) => (Object.is(v, -0) ? 0 : v));

describe('irls: the row passes in chunks on worker threads', () => {
  for (const [family, link] of [
    ['binomial', 'logit'],
    ['poisson', 'log'],
    ['gaussian', 'identity'],
  ] as const) {
    it(`irls(${family}, ${link}) gives the same bits on 1 and 2 threads and agrees with the single-pass fit to 1e-12`, () => {
      const input = simulated(family, link);
      const one = irls({ ...input, parallel: { threads: 1, minRows: 1 } });
      const two = irls({ ...input, parallel: { threads: 2, minRows: 1 } });
      expect(two.iterations).toBe(one.iterations);
      expect(two.deviance).toBe(one.deviance);
      expect(bits(two.coefficients)).toEqual(bits(one.coefficients));
      expect(bits(two.mu)).toEqual(bits(one.mu));
      expect(bits(two.workingWeights)).toEqual(bits(one.workingWeights));
      expect(two.eta.buffer).toBeInstanceOf(SharedArrayBuffer);

      const plain = irls({ ...input, parallel: { minRows: Number.POSITIVE_INFINITY } });
      expect(plain.eta.buffer).not.toBeInstanceOf(SharedArrayBuffer);
      expect(one.iterations).toBe(plain.iterations);
      expectClose(one.deviance, plain.deviance, { rtol: 1e-12, atol: 0 }, 'deviance');
      for (let j = 0; j < P; j++) {
        expectClose(
          one.coefficients[j],
          plain.coefficients[j],
          { rtol: 1e-12, atol: 1e-14 },
          `beta[${j}]`,
        );
      }
    });
  }

  it('gramAndScore gives the same bits on 1 and 2 threads', () => {
    const { x, weights: w, y: u } = simulated('gaussian', 'identity');
    const shared = (a: Float64Array) => {
      const s = new Float64Array(new SharedArrayBuffer(a.length * 8));
      s.set(a);
      return s;
    };
    const one = gramAndScore(x, N, P, w, u, null, 1);
    const two = gramAndScore(shared(x), N, P, shared(w), shared(u), null, 2);
    expect(bits(two.a)).toEqual(bits(one.a));
    expect(bits(two.score as Float64Array)).toEqual(bits(one.score as Float64Array));
  });

  it('glmFit refuses a threads option that is not a positive integer', () => {
    const x = new Float64Array([1, 1, 1, 1, 1, 2, 3, 4]);
    const y = new Float64Array([0, 1, 0, 1]);
    expect(() => glmFit(x, 4, 2, y, { family: 'binomial', threads: 0 })).toThrow(
      'glmFit requires threads to be an integer >= 1; received 0',
    );
    expect(glmFit(x, 4, 2, y, { family: 'binomial', threads: 1 }).converged).toBe(true);
  });
});
