import { createRandom } from '@muster/core';
import { describe, expect, it } from 'vitest';
import type { CoxInput } from '../../../src/cox/internal/cox-data.ts';
import { COX_CONTROL, coxKernel } from '../../../src/cox/internal/cox-kernel.ts';
import { fitCox } from '../../../src/index.ts';
import { expectClose } from '../../helpers.ts';

// Whole-day times (many ties) on 30,000 rows: about four chunks of the chunked sweep.
function simulated(n: number): Omit<CoxInput, 'strata' | 'nStrata' | 'weights'> & {
  strata: Int32Array;
  weights: Float64Array;
} {
  const p = 4;
  const random = createRandom(11);
  const beta = [0.3, -0.2, 0.5, -0.4];
  const x = new Float64Array(n * p);
  const stop = new Float64Array(n);
  const event = new Uint8Array(n);
  const strata = new Int32Array(n);
  const weights = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let eta = 0;
    for (let j = 0; j < p; j++) {
      const v = j === 3 ? (random.uniform() < 0.4 ? 1 : 0) : random.normal();
      x[j * n + i] = v;
      eta += beta[j] * v;
    }
    const t = -Math.log(1 - random.uniform()) / (0.01 * Math.exp(eta));
    const c = -Math.log(1 - random.uniform()) / 0.005;
    stop[i] = Math.ceil(Math.min(t, c));
    event[i] = t <= c ? 1 : 0;
    strata[i] = i % 3;
    weights[i] = 0.5 + random.uniform();
  }
  return { x, n, p, stop, start: null, event, strata, offset: null, weights };
}

const bits = (a: ArrayLike<number>) => Array.from(a, (v) => (Object.is(v, -0) ? 0 : v));

describe('coxKernel: the risk-set sweep in chunks on worker threads', () => {
  const data = simulated(30_000);
  for (const [label, strata, weights] of [
    ['one stratum', false, false],
    ['three strata and case weights', true, true],
  ] as const) {
    for (const efron of [true, false]) {
      it(`coxKernel (${label}, ${efron ? 'Efron' : 'Breslow'}) gives the same bits on 1 and 2 threads and the single-pass sweep's estimates to 1e-12`, () => {
        const input: CoxInput = {
          ...data,
          strata: strata ? data.strata : null,
          nStrata: strata ? 3 : 1,
          weights: weights ? data.weights : null,
        };
        const fit = (parallel: { threads?: number; minRows: number }) =>
          coxKernel(input, efron, { ...COX_CONTROL, parallel });
        const one = fit({ threads: 1, minRows: 1 });
        const two = fit({ threads: 2, minRows: 1 });
        expect(two.iterations).toBe(one.iterations);
        expect(two.loglik).toBe(one.loglik);
        expect(bits(two.beta)).toEqual(bits(one.beta));
        expect(bits(two.variance)).toEqual(bits(one.variance));

        const single = fit({ minRows: Number.POSITIVE_INFINITY });
        expect(one.iterations).toBe(single.iterations);
        expectClose(one.loglik, single.loglik, { rtol: 1e-12, atol: 0 }, 'loglik');
        for (let j = 0; j < data.p; j++) {
          expectClose(one.beta[j], single.beta[j], { rtol: 1e-12, atol: 0 }, `beta[${j}]`);
        }
        for (let k = 0; k < data.p * data.p; k++) {
          expectClose(one.variance[k], single.variance[k], { rtol: 1e-11, atol: 1e-18 }, `v[${k}]`);
        }
      });
    }
  }

  it('fitCox refuses a threads option that is not a positive integer', () => {
    const columns = { time: [1, 2, 3, 4], status: [1, 0, 1, 1], x: [0.5, 1, 0, 2] };
    expect(() => fitCox('Surv(time, status) ~ x', columns, { threads: 1.5 })).toThrow(
      'fitCox requires threads to be an integer >= 1; received 1.5',
    );
    expect(fitCox('Surv(time, status) ~ x', columns, { threads: 2 }).converged).toBe(true);
  });
});
