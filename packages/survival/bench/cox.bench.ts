/**
 * Cox model with Efron ties on 1e5 subjects and 5 covariates, against R's coxph on the same data
 * in the same run. Run from packages/survival:
 *   node --conditions=@muster/source --import tsx bench/cox.bench.ts [n] [runs]
 */
import { createRandom } from '@muster/core';
import { fitCox } from '../src/index.ts';
import { report, time, timeR, writeCsv } from './common.ts';

const n = Number(process.argv[2] ?? 1e5);
const runs = Number(process.argv[3] ?? 7);
const random = createRandom(7);
const beta = [0.3, -0.2, 0.5, 0.1, -0.4];
const columns: Record<string, number[]> = { time: [], status: [] };
for (let j = 1; j <= 5; j++) columns[`x${j}`] = [];
for (let i = 0; i < n; i++) {
  let eta = 0;
  for (let j = 0; j < 5; j++) {
    const x = j === 4 ? (random.uniform() < 0.4 ? 1 : 0) : random.normal();
    columns[`x${j + 1}`].push(x);
    eta += beta[j] * x;
  }
  const t = -Math.log(1 - random.uniform()) / (0.002 * Math.exp(eta));
  const c = -Math.log(1 - random.uniform()) / 0.001;
  // whole days: many tied event times, so the Efron correction is exercised
  columns.time.push(Math.ceil(Math.min(t, c)));
  columns.status.push(t <= c ? 1 : 0);
}
const formula = 'Surv(time, status) ~ x1 + x2 + x3 + x4 + x5';
const check = (fit: ReturnType<typeof fitCox>) => {
  if (!fit.converged || Math.abs((fit.coefficients[2].estimate as number) - 0.5) > 0.1) {
    throw new Error(`unexpected fit: ${JSON.stringify(fit.coefficients)}`);
  }
};
const plain = time(runs, () => fitCox(formula, columns, { zph: false }), check);
const withZph = time(runs, () => fitCox(formula, columns), check);
const file = writeCsv('cox.csv', columns);
const r = timeR('cox.R', [file, String(runs)]);
console.log(`Cox (Efron) n = ${n}, p = 5, medians of ${runs} runs`);
console.log(report('fitCox (concordance, no zph)', plain, r));
console.log(report('fitCox (concordance and zph)', withZph, r));
if (r) console.log(report('R coxph', r, null));
