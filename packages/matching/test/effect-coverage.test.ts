/**
 * A short run of the coverage study of bench/effect-coverage.ts (1000 replications there: 0.949).
 * 40 replications of n = 150: the 95% pair-clustered interval must cover the true ATT at least
 * 33 times (fewer has probability 0.0007 when the coverage is 0.95).
 */
import { describe, expect, it } from 'vitest';
import { coversTruth } from './simulate-effect.ts';

describe('estimateEffect interval coverage', () => {
  it('estimateEffect covers a known ATT about 95% of the time after 1:1 matching (covariate-adjusted)', async () => {
    let covered = 0;
    for (let r = 0; r < 40; r++) if ((await coversTruth(5000 + r, 150, true)).covered) covered++;
    expect(covered).toBeGreaterThanOrEqual(33);
  }, 60_000);
});
