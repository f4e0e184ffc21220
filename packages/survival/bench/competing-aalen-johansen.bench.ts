/**
 * Aalen-Johansen cumulative incidence on 1e6 subjects with 2 causes against R's survfit (same data,
 * same run). Run from packages/survival:
 *   node --conditions=@muster/source --import tsx bench/competing-aalen-johansen.bench.ts [n] [reps]
 * Data: integer times (about 1,000 distinct values), 30% cause 1, 30% cause 2, 40% censored.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRandom } from '@muster/core';
import { cumulativeIncidence } from '../src/index.ts';

const n = Number(process.argv[2] ?? 1e6);
const reps = Number(process.argv[3] ?? 5);
const random = createRandom(20240611);
const time = new Float64Array(n);
const event = new Int32Array(n);
for (let i = 0; i < n; i++) {
  time[i] = Math.ceil(-Math.log(1 - random.uniform()) * 150);
  const u = random.uniform();
  event[i] = u < 0.3 ? 1 : u < 0.6 ? 2 : 0;
}
const dir = mkdtempSync(join(tmpdir(), 'muster-bench-aj-'));
const file = join(dir, 'aj.csv');
const lines = ['time,event'];
for (let i = 0; i < n; i++) lines.push(`${time[i]},${event[i]}`);
writeFileSync(file, `${lines.join('\n')}\n`);

const runs: number[] = [];
let result: ReturnType<typeof cumulativeIncidence> | undefined;
for (let r = 0; r < reps; r++) {
  const start = performance.now();
  result = cumulativeIncidence(undefined, { time, event, causes: [1, 2] });
  runs.push((performance.now() - start) / 1000);
}
const table = result!.strata[0].table;
const last = table[table.length - 1];
for (const row of table) {
  const total = row.survival + row.cif['1'] + row.cif['2'];
  if (Math.abs(total - 1) > 1e-10) throw new Error(`sum to 1 fails at ${row.time}`);
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const ours = median(runs);

const script = join(dirname(fileURLToPath(import.meta.url)), 'competing-aalen-johansen.R');
const rReps = Number(process.env.R_REPS ?? 3);
const r = JSON.parse(
  execFileSync('Rscript', [script, file, String(rReps)], { encoding: 'utf8' }).trim(),
);
const agree =
  Math.abs(r.cif1 - last.cif['1']) <= 1e-9 * r.cif1 &&
  Math.abs(r.cif2 - last.cif['2']) <= 1e-9 * r.cif2 &&
  Math.abs(r.se1 - last.stdErr['1']) <= 1e-8 * r.se1;
console.log(
  JSON.stringify({
    benchmark: 'aalen-johansen',
    n,
    distinctTimes: table.length,
    musterSeconds: ours,
    musterRuns: runs.map((x) => Number(x.toFixed(4))),
    rSeconds: r.seconds,
    rRuns: r.runs,
    ratio: ours / r.seconds,
    agreesWithR: agree,
  }),
);
