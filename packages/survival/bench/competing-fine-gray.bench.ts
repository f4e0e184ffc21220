/**
 * Fine-Gray regression on 1e4 subjects x 3 covariates against cmprsk::crr (same data, same run).
 * Run from packages/survival:
 *   node --conditions=@muster/source --import tsx bench/competing-fine-gray.bench.ts [n] [reps] [resolution]
 * Data: times rounded to 1/resolution (default 100: about 500 distinct values, as days would be;
 * resolution 0 keeps continuous times, where crr's variance is O(n^3) and takes minutes),
 * 35% cause 1, 35% cause 2, 30% censored; x1 normal, x2 binary, x3 uniform.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRandom } from '@muster/core';
import { fitFineGray } from '../src/index.ts';

const n = Number(process.argv[2] ?? 1e4);
const reps = Number(process.argv[3] ?? 5);
const resolution = Number(process.argv[4] ?? 100);
const random = createRandom(7);
const columns = {
  time: [] as number[],
  event: [] as number[],
  x1: [] as number[],
  x2: [] as number[],
  x3: [] as number[],
};
for (let i = 0; i < n; i++) {
  const x1 = random.normal();
  const x2 = random.integer(2);
  const x3 = random.uniform();
  const t = -Math.log(1 - random.uniform()) / Math.exp(0.3 * x1 - 0.2 * x2 + 0.5 * x3);
  columns.time.push(resolution > 0 ? Math.ceil(t * resolution) / resolution : t);
  const u = random.uniform();
  columns.event.push(u < 0.35 ? 1 : u < 0.7 ? 2 : 0);
  columns.x1.push(x1);
  columns.x2.push(x2);
  columns.x3.push(x3);
}
const dir = mkdtempSync(join(tmpdir(), 'muster-bench-fg-'));
const file = join(dir, 'fg.csv');
const lines = ['time,event,x1,x2,x3'];
for (let i = 0; i < n; i++) {
  // 17 significant digits so that R reads exactly the same doubles.
  lines.push(
    [columns.time[i], columns.event[i], columns.x1[i], columns.x2[i], columns.x3[i]]
      .map((v) => v.toPrecision(17))
      .join(','),
  );
}
writeFileSync(file, `${lines.join('\n')}\n`);

const runs: number[] = [];
let fit: ReturnType<typeof fitFineGray> | undefined;
for (let r = 0; r < reps; r++) {
  const start = performance.now();
  fit = fitFineGray(columns, {
    time: 'time',
    event: 'event',
    cause: 1,
    covariates: ['x1', 'x2', 'x3'],
  });
  runs.push((performance.now() - start) / 1000);
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const ours = median(runs);
const distinct = new Set(columns.time).size;

const script = join(dirname(fileURLToPath(import.meta.url)), 'competing-fine-gray.R');
const rReps = Number(process.env.R_REPS ?? 3);
const r = JSON.parse(
  execFileSync('Rscript', [script, file, String(rReps)], {
    encoding: 'utf8',
    maxBuffer: 1 << 24,
  }).trim(),
);
const agree =
  fit!.coefficients.every(
    (c, j) => Math.abs(c.estimate - r.coef[j]) <= 1e-6 * Math.abs(r.coef[j]) + 1e-10,
  ) &&
  fit!.coefficients.every((c, j) => Math.abs(c.stdError - r.se[j]) <= 1e-6 * r.se[j]) &&
  Math.abs(fit!.logLik - r.loglik) <= 1e-6 * Math.abs(r.loglik);
console.log(
  JSON.stringify({
    benchmark: 'fine-gray',
    n,
    covariates: 3,
    distinctTimes: distinct,
    musterSeconds: ours,
    musterRuns: runs.map((x) => Number(x.toFixed(4))),
    rSeconds: r.seconds,
    rRuns: r.runs,
    ratio: ours / r.seconds,
    agreesWithR: agree,
  }),
);
