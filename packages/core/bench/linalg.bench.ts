// Linear algebra kernels on a 1e6 x 11 design (the size the glm benchmark fits), against R.
// Run from packages/core: node --conditions=@muster/source --import tsx bench/linalg.bench.ts
// Writes the design to a temporary binary file, times each kernel here (median of 5 runs), then
// runs bench/linalg.R on the same data in the same run (when Rscript exists) and prints ratios.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createRandom,
  crossprod,
  qrCoefficients,
  qrDecompose,
  symmetricInverse,
} from '@muster/core';

const nrow = 1_000_000;
const ncol = 11;
const random = createRandom(1);
const x = new Float64Array(nrow * ncol);
const y = new Float64Array(nrow);
const w = new Float64Array(nrow);
for (let i = 0; i < nrow; i++) {
  x[i] = 1;
  for (let j = 1; j < ncol; j++) x[j * nrow + i] = random.normal();
  y[i] = x[nrow + i] - 0.5 * x[2 * nrow + i] + random.normal();
  w[i] = random.uniform() + 0.5;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function time<T>(label: string, run: () => T, check: (value: T) => boolean): number {
  const times: number[] = [];
  for (let r = 0; r < 5; r++) {
    const start = performance.now();
    const value = run();
    times.push(performance.now() - start);
    if (!check(value)) throw new Error(`${label}: result failed its sanity check`);
  }
  return median(times) / 1000;
}

const ours = {
  qr: time(
    'qr',
    () => qrCoefficients(qrDecompose(x, nrow, ncol), y),
    (b) => Math.abs(b[1] - 1) < 0.01 && Math.abs(b[2] + 0.5) < 0.01,
  ),
  crossprod: time(
    'crossprod',
    () => crossprod(x, nrow, ncol, w),
    (a) => Math.abs(a[0] / nrow - 1) < 0.01,
  ),
  inverse: time(
    'inverse',
    () => symmetricInverse(crossprod(x, nrow, ncol, w), ncol),
    (a) => a[0] > 0,
  ),
};

const labels: Record<keyof typeof ours, string> = {
  qr: 'QR + coefficients (R: lm.fit)',
  crossprod: "weighted X'WX (R: crossprod(x, w * x))",
  inverse: "X'WX and its inverse (R: chol2inv(chol(crossprod(x, w * x))))",
};

let theirs: Record<string, number> | null = null;
const directory = mkdtempSync(join(tmpdir(), 'muster-core-bench-'));
try {
  const file = join(directory, 'design.bin');
  const all = new Float64Array(x.length + 2 * nrow);
  all.set(x);
  all.set(y, x.length);
  all.set(w, x.length + nrow);
  writeFileSync(file, all);
  const script = new URL('./linalg.R', import.meta.url).pathname;
  const output = execFileSync('Rscript', [script, file, String(nrow), String(ncol)], {
    encoding: 'utf8',
  });
  theirs = JSON.parse(output.trim().split('\n').at(-1) ?? '{}');
} catch (error) {
  console.log(`R not run: ${(error as Error).message.split('\n')[0]}`);
} finally {
  rmSync(directory, { recursive: true, force: true });
}

console.log(`1e6 x 11, median of 5 runs each (seconds)`);
for (const key of Object.keys(ours) as (keyof typeof ours)[]) {
  const r = theirs?.[key];
  const ratio = r === undefined ? '' : `  R ${r.toFixed(3)}  ratio ${(ours[key] / r).toFixed(2)}x`;
  console.log(`${labels[key].padEnd(62)} muster ${ours[key].toFixed(3)}${ratio}`);
}
