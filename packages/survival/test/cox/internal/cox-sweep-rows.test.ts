import { createRandom } from '@muster/core';
import { describe, expect, it } from 'vitest';
import type { CoxData } from '../../../src/cox/internal/cox-data.ts';
import { addRows } from '../../../src/cox/internal/cox-sweep-right.ts';
import { ROWS_MAX_P, rowKernel, sweepState } from '../../../src/cox/internal/cox-sweep-rows.ts';

// 40 rows with times in descending order and ties, half of them events, random weights.
function rows(p: number): CoxData {
  const random = createRandom(17 + p);
  const n = 40;
  const x = Float64Array.from({ length: n * p }, () => random.normal());
  const stop = Float64Array.from({ length: n }, (_, k) => 20 - Math.floor(k / 3));
  const event = Uint8Array.from({ length: n }, () => (random.uniform() < 0.5 ? 1 : 0));
  const weight = Float64Array.from({ length: n }, () => 0.5 + random.uniform());
  const offset = Float64Array.from({ length: n }, () => random.normal() / 10);
  return {
    n,
    p,
    row: Int32Array.from({ length: n }, (_, k) => k),
    x,
    stop,
    start: null,
    event,
    weight,
    offset,
    stratum: new Int32Array(n),
    nStrata: 1,
    startOrder: null,
  };
}

describe('rowKernel: the written-out rows of the right-censored sweep', () => {
  for (let p = 1; p <= ROWS_MAX_P; p++) {
    it(`rowKernel(${p}) gives the same sums, to the bit, as the loops it replaces`, () => {
      const data = rows(p);
      const kernel = rowKernel(p);
      expect(kernel).not.toBeNull();
      const random = createRandom(p);
      const beta = Float64Array.from({ length: p }, () => random.normal() / 2);
      const size = sweepState(p).size;
      // a state with sums from earlier times
      const start = Float64Array.from({ length: size }, () => random.normal());
      const [s1, s2] = [start.slice(), start.slice()];
      let [k1, k2] = [3, 3];
      for (const t of [20, 19, 17]) {
        k1 =
          kernel?.(
            data.x,
            data.offset,
            data.weight,
            data.event,
            data.stop,
            beta,
            s1,
            k1,
            data.n,
            t,
          ) ?? -1;
        k2 = addRows(data, beta, s2, k2, data.n, t);
        expect(k1).toBe(k2);
      }
      expect(k1).toBe(12);
      expect(Array.from(s1)).toEqual(Array.from(s2));
    });
  }

  it('rowKernel returns null beyond ROWS_MAX_P, where the sweep keeps its loops', () => {
    expect(rowKernel(ROWS_MAX_P + 1)).toBeNull();
    expect(rowKernel(0)).toBeNull();
  });
});
