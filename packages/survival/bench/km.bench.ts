/**
 * Kaplan-Meier on 1e6 subjects in 2 groups, against R's survfit on the same data in the same run.
 * Run from packages/survival:
 *   node --conditions=@muster/source --import tsx bench/km.bench.ts [n] [runs]
 */
import { createRandom } from '@muster/core';
import { kaplanMeier } from '../src/index.ts';
import { report, time, timeR, writeCsv } from './common.ts';

const n = Number(process.argv[2] ?? 1e6);
const runs = Number(process.argv[3] ?? 7);
const random = createRandom(11);
const timeColumn: number[] = new Array(n);
const status: number[] = new Array(n);
const group: number[] = new Array(n);
for (let i = 0; i < n; i++) {
  const g = random.uniform() < 0.5 ? 1 : 2;
  const t = -Math.log(1 - random.uniform()) / (g === 1 ? 0.01 : 0.015);
  const c = -Math.log(1 - random.uniform()) / 0.005;
  // times on a 0.01 grid: many ties, as recorded follow-up
  timeColumn[i] = Math.round(Math.min(t, c) * 100) / 100;
  status[i] = t <= c ? 1 : 0;
  group[i] = g;
}
const t = time(
  runs,
  () => kaplanMeier(timeColumn, status, { group }),
  (fit) => {
    if (fit.strata.length !== 2 || !(fit.strata[0].median && fit.strata[0].median > 40)) {
      throw new Error('unexpected fit');
    }
  },
);
const file = writeCsv('km.csv', { time: timeColumn, status, group });
const r = timeR('km.R', [file, String(runs)]);
console.log(`Kaplan-Meier n = ${n}, 2 groups, medians of ${runs} runs`);
console.log(report('kaplanMeier', t, r));
if (r) console.log(report('R survfit', r, null));
