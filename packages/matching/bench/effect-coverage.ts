/**
 * Coverage of estimateEffect's 95% interval (pair-clustered errors after 1:1 matching), by
 * simulation with known truth (test/simulate-effect.ts). Run from packages/matching:
 *   node --conditions=@muster/source --import tsx bench/effect-coverage.ts [replications] [n] [unadjusted]
 */
import { coversTruth } from '../test/simulate-effect.ts';

const replications = Number(process.argv[2] ?? 1000);
const n = Number(process.argv[3] ?? 400);
const adjust = process.argv[4] !== 'unadjusted';
let covered = 0;
let sum = 0;
for (let r = 0; r < replications; r++) {
  const result = await coversTruth(1000 + r, n, adjust);
  if (result.covered) covered++;
  sum += result.estimate;
}
const coverage = covered / replications;
const se = Math.sqrt((coverage * (1 - coverage)) / replications);
console.log(
  `n = ${n}, ${adjust ? 'outcome model with x1 + x2' : 'treatment only'}, ${replications} replications: coverage ${coverage.toFixed(3)} (Monte Carlo se ${se.toFixed(3)}), mean estimate ${(sum / replications).toFixed(4)} (truth 0.5)`,
);
