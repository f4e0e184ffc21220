import { createRandom } from '@muster/core';
import { describe, expect, it } from 'vitest';
import { concordance } from '../../../src/cox/internal/concordance.ts';
import { prepareCoxData } from '../../../src/cox/internal/cox-data.ts';
import { expectClose } from '../../helpers.ts';

// Right-censored data with tied times (whole units) or nearly distinct ones, a predictor with
// few values (ties on eta) or continuous, optional strata, case weights and clusters.
function simulated(seed: number) {
  const random = createRandom(seed);
  const n = 50 + Math.floor(random.uniform() * 400);
  const fewValues = seed % 2 === 0;
  const tiedTimes = seed % 3 !== 0;
  const x = Float64Array.from({ length: n }, () =>
    fewValues ? Math.floor(random.uniform() * 4) : random.normal(),
  );
  const stop = Float64Array.from({ length: n }, () =>
    tiedTimes ? Math.ceil(random.uniform() * 12) : Math.ceil(random.uniform() * 1e4) / 100,
  );
  const event = Uint8Array.from({ length: n }, () => (random.uniform() < 0.6 ? 1 : 0));
  const nStrata = seed % 4 === 1 ? 3 : 1;
  const strata =
    nStrata > 1 ? Int32Array.from({ length: n }, () => Math.floor(random.uniform() * 3)) : null;
  const weights =
    seed % 5 < 2 ? Float64Array.from({ length: n }, () => 0.5 + random.uniform()) : null;
  const data = prepareCoxData(
    { x, n, p: 1, stop, start: null, event, strata, nStrata, offset: null, weights },
    new Float64Array(1),
    new Float64Array(1).fill(1),
  );
  const cluster = seed % 2 === 1 ? Int32Array.from({ length: n }, (_, i) => i % 9) : null;
  return { data, eta: Float64Array.from(data.x), cluster };
}

describe('concordance: the pass over event times agrees with the pass over ranks of eta', () => {
  for (let seed = 0; seed < 24; seed++) {
    it(`concordance(pass 'eta') equals concordance(pass 'time') on simulated data ${seed} to 1e-12`, () => {
      const { data, eta, cluster } = simulated(seed);
      const byTime = concordance(data, eta, cluster, 9, 'time');
      const byEta = concordance(data, eta, cluster, 9, 'eta');
      for (const key of Object.keys(byTime) as (keyof typeof byTime)[]) {
        expectClose(byEta[key], byTime[key], { rtol: 1e-12, atol: 1e-12 });
      }
      expect(byTime.concordant + byTime.discordant).toBeGreaterThan(0);
    });
  }
});
