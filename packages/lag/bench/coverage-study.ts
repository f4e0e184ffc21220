// Coverage study behind docs/algorithm.md section 7 (not a timing benchmark, not part of the tests).
// Run from packages/lag:
//   node --conditions=@muster/source --import tsx bench/coverage-study.ts TRUTH METHOD [SIMULATIONS]
// TRUTH: published (shaped like the art. 337 figures) or logistic (a smooth rise).
// METHOD: reconstruct (court counts aggregated like the Mediazona figures, reconstruct with the
// delay) or backproject (monthly counts, backProject with B = 200 bootstrap replicates; offences
// start in the first month, as backprojNP assumes). Prints the coverage of 90% intervals.
import {
  backProjectCoverage,
  logistic,
  publishedLike,
  reconstructCoverage,
} from '../test/support/simulation.ts';

const [truthName = 'published', method = 'reconstruct', count = '200'] = process.argv.slice(2);
const offences = truthName === 'logistic' ? logistic() : publishedLike();
const simulations = Number(count);
const started = performance.now();
if (method === 'reconstruct') {
  const coverage = reconstructCoverage(offences, simulations);
  console.log(
    `${truthName} / reconstruct: court series ${coverage.court.toFixed(3)}, offences ${coverage.offences.toFixed(3)}`,
  );
} else {
  const coverage = backProjectCoverage(offences, simulations);
  console.log(`${truthName} / backproject: ${coverage.toFixed(3)}`);
}
console.log(`${simulations} simulations in ${((performance.now() - started) / 1000).toFixed(1)} s`);
