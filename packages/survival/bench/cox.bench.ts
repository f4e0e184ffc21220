/**
 * Cox model with Efron ties on 1e5 subjects and 5 covariates, against R's coxph and statsmodels'
 * PHReg(ties = "efron") on the same data in the same run (fitCox on every thread and with
 * threads: 1). Run from packages/survival:
 *   node --conditions=@muster/source --import tsx bench/cox.bench.ts [n] [runs]
 */
import { createRandom } from '@muster/core';
import { availableThreads } from '@muster/core/threads';
import { type CoxResult, fitCox } from '../src/index.ts';
import { loadAverage, report, timeAlternating, timePython, timeR, writeCsv } from './common.ts';

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
const check = (fit: CoxResult) => {
  if (!fit.converged || Math.abs((fit.coefficients[2].estimate as number) - 0.5) > 0.1) {
    throw new Error(`unexpected fit: ${JSON.stringify(fit.coefficients)}`);
  }
};
const loadBefore = loadAverage();
// The three calls alternate round by round (bench/common.ts, timeAlternating).
const [plain, single, withZph] = timeAlternating(
  runs,
  [
    () => fitCox(formula, columns, { zph: false }),
    () => fitCox(formula, columns, { zph: false, threads: 1 }),
    () => fitCox(formula, columns),
  ],
  check,
);
const file = writeCsv('cox.csv', columns);
const r = timeR('cox.R', [file, String(runs)]);
const python = timePython('cox.py', [file, String(runs)]);
console.log(
  `Cox (Efron) n = ${n}, p = 5, medians of ${runs} runs; ${availableThreads()} threads; load average ${loadBefore} before, ${loadAverage()} after`,
);
const both = (label: string, t: typeof plain) => {
  console.log(report(label, t, r));
  if (python) console.log(report('  (the same against statsmodels)', t, python));
};
both('fitCox (concordance, no zph)', plain);
both('fitCox, threads: 1', single);
both('fitCox (concordance and zph)', withZph);
if (r) console.log(report('R coxph', r, null));
if (python) console.log(report('statsmodels PHReg (efron)', python, null));
