/**
 * Coverage of the 95% profile interval for the war standard deviation, by simulation with truth
 * generated outside the model code: random-intercept logit, 30 wars x 10 belligerent-years,
 * sd 0.8, beta = (-0.5, 0.7). Also the Wald coverage of the slope. Run from packages/mixed:
 *   node --conditions=@muster/source --import tsx bench/profile-coverage.ts [replications] [seed]
 */
import { createRandom } from '@muster/core';
import { fitGlmer } from '../src/index.ts';

const replications = Number(process.argv[2] ?? 200);
const random = createRandom(Number(process.argv[3] ?? 2026));
const truth = { sd: 0.8, b0: -0.5, b1: 0.7 };
let covered = 0;
let slopeCovered = 0;
let atBoundary = 0;
let done = 0;
for (let r = 0; r < replications; r++) {
  const war: string[] = [];
  const x: number[] = [];
  const y: number[] = [];
  for (let g = 0; g < 30; g++) {
    const u = truth.sd * random.normal();
    for (let k = 0; k < 10; k++) {
      const xi = random.normal();
      const p = 1 / (1 + Math.exp(-(truth.b0 + truth.b1 * xi + u)));
      war.push(`W${g}`);
      x.push(xi);
      y.push(random.uniform() < p ? 1 : 0);
    }
  }
  const fit = await fitGlmer('y ~ x + (1 | war)', { war, x, y }, { lrTest: false });
  const ci = fit.profileInterval!;
  done++;
  if (ci.lower <= truth.sd && truth.sd <= ci.upper) covered++;
  if (ci.lowerAtBoundary) atBoundary++;
  const slope = fit.coefficients[1]!;
  if (slope.lower <= truth.b1 && truth.b1 <= slope.upper) slopeCovered++;
}
console.log(
  JSON.stringify({
    replications: done,
    profileCoverage: covered / done,
    waldSlopeCoverage: slopeCovered / done,
    lowerAtBoundary: atBoundary,
  }),
);
