/**
 * Coverage of the 95% Wald intervals of fitRelogit and fitBayesGlm, and the mean error of the
 * estimates, on a rare outcome simulated from a known logit (about 6% events, n = 500):
 *   logit P(y = 1) = -3.5 + 0.8 x1 + 0.5 g,  x1 ~ N(0, 1),  g ~ Bernoulli(0.3).
 * Run on demand from packages/glm (not part of the test gate):
 *   npx tsx --conditions @muster/source bench/rare-events-coverage.ts [replications]
 * Results are recorded in the package README ("Rare events and separation").
 */
import { createRandom } from '@muster/core';
import { fitBayesGlm, fitRelogit } from '../src/index.ts';

const replications = Number(process.argv[2] ?? 1000);
const n = 500;
const beta = [-3.5, 0.8, 0.5];
const random = createRandom(20010601);
const tally = () => ({ covered: [0, 0, 0], error: [0, 0, 0] });
const ml = tally();
const relogit = tally();
const bayes = tally();
let used = 0;
let separated = 0;
for (let r = 0; r < replications; r++) {
  const x1 = Array.from({ length: n }, () => random.normal());
  const g = Array.from({ length: n }, () => (random.uniform() < 0.3 ? 1 : 0));
  const eta = x1.map((x, i) => beta[0] + beta[1] * x + beta[2] * g[i]);
  const y = eta.map((e) => (random.uniform() < 1 / (1 + Math.exp(-e)) ? 1 : 0));
  const data = { y, x1, g };
  const re = await fitRelogit('y ~ x1 + g', data);
  if (re.separation.separation) {
    separated++;
    continue;
  }
  const by = await fitBayesGlm('y ~ x1 + g', data);
  used++;
  for (let j = 0; j < 3; j++) {
    const r1 = re.coefficients[j];
    const b1 = by.coefficients[j];
    ml.error[j] += (re.mlEstimates[j] as number) - beta[j];
    relogit.error[j] += (r1.estimate as number) - beta[j];
    bayes.error[j] += (b1.estimate as number) - beta[j];
    if ((r1.lower as number) <= beta[j] && beta[j] <= (r1.upper as number)) relogit.covered[j]++;
    if ((b1.lower as number) <= beta[j] && beta[j] <= (b1.upper as number)) bayes.covered[j]++;
  }
}
const show = (t: ReturnType<typeof tally>) => ({
  coverage: t.covered.map((c) => Number((c / used).toFixed(3))),
  meanError: t.error.map((e) => Number((e / used).toFixed(4))),
});
console.log({
  replications,
  used,
  separated,
  mlMeanError: show(ml).meanError,
  relogit: show(relogit),
  bayes: show(bayes),
});
