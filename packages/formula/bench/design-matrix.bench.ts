/**
 * Benchmark: designMatrix('y ~ .') on 1e6 rows of 10 numeric columns and 2 five-level factors,
 * against R's model.matrix on the same data in the same run.
 *
 *   node --expose-gc --conditions=@muster/source --import tsx bench/design-matrix.bench.ts [rows]
 *
 * The data are generated with a seeded generator and written once to a temporary CSV; both
 * sides read that CSV outside the timed region (readCsv here, read.csv in R) and time only the
 * matrix building. Times are medians of several runs (the machine is shared). Memory: growth of
 * V8 heap + ArrayBuffers while the result is alive, compared with the matrix's own size.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRandom } from '@muster/core';
import { availableThreads } from '@muster/core/threads';
import { designMatrix, readCsv } from '@muster/formula';

const rows = Number(process.argv[2] ?? 1_000_000);
const runs = Number(process.argv[3] ?? 7);
const here = dirname(fileURLToPath(import.meta.url));
const gc = (globalThis as { gc?: () => void }).gc;

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

function writeData(path: string): void {
  const random = createRandom(20240601);
  const levels = ['alpha', 'bravo', 'charlie', 'delta', 'echo'];
  const header = ['y', ...Array.from({ length: 10 }, (_, j) => `x${j + 1}`), 'f1', 'f2'];
  const lines: string[] = [header.join(',')];
  for (let i = 0; i < rows; i++) {
    const fields: string[] = [random.normal().toFixed(6)];
    for (let j = 0; j < 10; j++) fields.push(random.normal(j, 1 + j).toFixed(6));
    fields.push(levels[random.integer(5)]!, levels[random.integer(5)]!);
    lines.push(fields.join(','));
  }
  writeFileSync(path, `${lines.join('\n')}\n`);
}

const dir = mkdtempSync(join(tmpdir(), 'muster-formula-bench-'));
const csv = join(dir, 'data.csv');
try {
  writeData(csv);
  const data = readCsv(readFileSync(csv, 'utf8'));

  // The first call runs before V8 has optimised the column kernels: time it apart.
  gc?.();
  const c0 = performance.now();
  designMatrix('y ~ .', data);
  const cold = (performance.now() - c0) / 1000;
  // Two more warm-up calls, then the timed runs.
  designMatrix('y ~ .', data);
  designMatrix('y ~ .', data);
  const times: number[] = [];
  const cpuTimes: number[] = [];
  let ncol = 0;
  let nrow = 0;
  for (let k = 0; k < runs; k++) {
    gc?.();
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    const d = designMatrix('y ~ .', data);
    times.push((performance.now() - t0) / 1000);
    const c1 = process.cpuUsage(c0);
    cpuTimes.push((c1.user + c1.system) / 1e6);
    // Sanity check inside the timed loop's result: 19 columns, intercept of ones.
    if (d.ncol !== 19 || d.matrix[0] !== 1 || d.nrow !== rows) throw new Error('unexpected design');
    ncol = d.ncol;
    nrow = d.nrow;
  }

  // Floor: allocating and writing a fresh matrix of the same size (page faults on new memory).
  const floors: number[] = [];
  for (let k = 0; k < runs; k++) {
    gc?.();
    const t0 = performance.now();
    const m = new Float64Array(nrow * ncol);
    m.fill(1);
    floors.push((performance.now() - t0) / 1000);
    if (m[m.length - 1] !== 1) throw new Error('unexpected fill');
  }
  const floor = median(floors);

  // Memory: growth of heap + ArrayBuffers with the result alive, relative to the matrix.
  // ArrayBuffers of earlier results are released after a GC and a turn of the event loop.
  const settle = async () => {
    gc?.();
    await new Promise((resolve) => setTimeout(resolve, 200));
    gc?.();
  };
  await settle();
  const before = process.memoryUsage();
  const d = designMatrix('y ~ .', data);
  const after = process.memoryUsage();
  await settle();
  const retained = process.memoryUsage();
  const matrixBytes = d.matrix.byteLength;
  const growth = (m: NodeJS.MemoryUsage) =>
    m.heapUsed + m.arrayBuffers - (before.heapUsed + before.arrayBuffers);
  const mb = (b: number) => (b / 2 ** 20).toFixed(1);

  const js = median(times);
  const jsCpu = median(cpuTimes);
  console.log(
    `rows ${nrow}, columns ${ncol}, runs ${runs} (median); ${availableThreads()} threads; load average ${readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')}`,
  );
  console.log(
    `muster designMatrix: ${js.toFixed(3)} s  [${times.map((t) => t.toFixed(3)).join(', ')}]`,
  );
  console.log(
    `muster designMatrix CPU time: ${jsCpu.toFixed(3)} s  [${cpuTimes.map((t) => t.toFixed(3)).join(', ')}]`,
  );
  console.log(`muster designMatrix, first (cold) call: ${cold.toFixed(3)} s`);
  console.log(
    `floor, allocate and fill a fresh ${nrow} x ${ncol} Float64Array: ${floor.toFixed(3)} s`,
  );
  console.log(
    `memory: matrix ${mb(matrixBytes)} MB; growth right after the call ${mb(growth(after))} MB (${(growth(after) / matrixBytes).toFixed(2)}x), retained after gc ${mb(growth(retained))} MB (${(growth(retained) / matrixBytes).toFixed(2)}x)${gc ? '' : ' (run with --expose-gc for exact numbers)'}`,
  );

  const rscript = '/usr/bin/Rscript';
  if (existsSync(rscript)) {
    const out = execFileSync(rscript, [join(here, 'design-matrix.R'), csv, String(runs)], {
      encoding: 'utf8',
      maxBuffer: 1 << 20,
    });
    process.stdout.write(out);
    const r = Number(/R model\.matrix: ([0-9.]+) s/.exec(out)?.[1]);
    const rCpu = Number(/R model\.matrix CPU time: ([0-9.]+) s/.exec(out)?.[1]);
    console.log(`ratio muster / R (elapsed): ${(js / r).toFixed(2)} (target <= 0.50)`);
    console.log(`ratio muster / R (CPU time): ${(jsCpu / rCpu).toFixed(2)}`);
  } else {
    console.log('Rscript not found: no R comparison');
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
