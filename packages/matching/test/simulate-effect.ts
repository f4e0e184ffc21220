import { createRandom } from '@muster/core';
import { estimateEffect, matchIt } from '../src/index.ts';

/**
 * One replication of the coverage study of estimateEffect's interval. Truth generated apart from
 * the estimator: x1 ~ N(0, 1), x2 ~ Bernoulli(0.5), treatment with P = plogis(-1 + 0.8 x1 +
 * 0.5 x2), outcome y = 1 + tau t + x1 + 0.5 x2 + N(0, 1) with a constant effect tau = 0.5, so the
 * ATT is tau. 1:1 nearest-neighbour matching on a logistic propensity score, then the gaussian
 * outcome model (with x1 and x2 when `adjust`, as MatchIt's vignette advises) with errors
 * clustered by pair; returns whether the 95% interval covers tau.
 */
export async function coversTruth(
  seed: number,
  n: number,
  adjust: boolean,
): Promise<{ covered: boolean; estimate: number }> {
  const tau = 0.5;
  const random = createRandom(seed);
  const x1: number[] = [];
  const x2: number[] = [];
  const t: number[] = [];
  const y: number[] = [];
  for (let i = 0; i < n; i++) {
    x1.push(random.normal());
    x2.push(random.uniform() < 0.5 ? 1 : 0);
    const p = 1 / (1 + Math.exp(-(-1 + 0.8 * x1[i]! + 0.5 * x2[i]!)));
    t.push(random.uniform() < p ? 1 : 0);
    y.push(1 + tau * t[i]! + x1[i]! + 0.5 * x2[i]! + random.normal());
  }
  const data = { t, x1, x2, y };
  const m = await matchIt('t ~ x1 + x2', data);
  const effect = await estimateEffect(m, data, {
    outcome: 'y',
    family: 'gaussian',
    covariates: adjust ? ['x1', 'x2'] : [],
  });
  return { covered: effect.lower! <= tau && tau <= effect.upper!, estimate: effect.estimate! };
}
