/**
 * Benchmark: designMatrix('y ~ .') on 1e6 rows of 10 numeric columns and 2 five-level factors,
 * against R's model.matrix on the same data in the same run.
 *
 *   node --expose-gc --conditions=@muster/source --import tsx bench/design-matrix.bench.ts [rows] [runs]
 *
 * The data are generated with a seeded generator and written once to a temporary CSV; both
 * sides read that CSV outside the timed region (readCsv here, read.csv in R) and time only the
 * matrix building. Three ways of calling designMatrix are timed, as an application would call
 * it: a fresh matrix every call (the result dropped), the previous result's matrix passed back
 * as `options.into`, and the previous result released (`releaseDesignMatrix`, as fitGlm does)
 * so that the next call takes its memory from the pool. Times are medians of several runs (the
 * machine is shared). Memory: growth of V8 heap + ArrayBuffers while the result is alive,
 * compared with the matrix's own size.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRandom } from '@muster/core';
import { availableThreads } from '@muster/core/threads';
import { type DesignMatrix, designMatrix, readCsv, releaseDesignMatrix } from '@muster/formula';

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

const FORMULA = 'y ~ .';
const seconds = (t0: number) => (performance.now() - t0) / 1000;
const list = (values: number[]) => values.map((t) => t.toFixed(3)).join(', ');

/** Sanity check of a result inside the timed loops: 19 columns, intercept of ones. */
function check(d: DesignMatrix): void {
  if (d.ncol !== 19 || d.matrix[0] !== 1 || d.nrow !== rows) throw new Error('unexpected design');
}

interface Timing {
  times: number[];
  cpu: number[];
}

/**
 * Time `runs` calls of `next` (each after a full collection), after three untimed warm-up calls;
 * `next` builds the next design from the previous one, the way the application reuses memory.
 */
function timeCalls(first: DesignMatrix, next: (previous: DesignMatrix) => DesignMatrix): Timing {
  let d = first;
  for (let k = 0; k < 3; k++) d = next(d);
  const times: number[] = [];
  const cpu: number[] = [];
  for (let k = 0; k < runs; k++) {
    gc?.();
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    d = next(d);
    times.push(seconds(t0));
    const c1 = process.cpuUsage(c0);
    cpu.push((c1.user + c1.system) / 1e6);
    check(d);
  }
  return { times, cpu };
}

/** Allocating and writing a fresh matrix of the design's size: the page faults of new memory. */
function freshFloor(cells: number): number {
  const floors: number[] = [];
  for (let k = 0; k < runs; k++) {
    gc?.();
    const t0 = performance.now();
    const m = new Float64Array(cells);
    m.fill(1);
    floors.push(seconds(t0));
    if (m[m.length - 1] !== 1) throw new Error('unexpected fill');
  }
  return median(floors);
}

/** Growth of heap + ArrayBuffers with a fresh result alive, right after the call and after a GC. */
async function memoryGrowth(data: ReturnType<typeof readCsv>): Promise<string> {
  // ArrayBuffers of earlier results are released after a GC and a turn of the event loop.
  const settle = async () => {
    gc?.();
    await new Promise((resolve) => setTimeout(resolve, 200));
    gc?.();
  };
  await settle();
  const before = process.memoryUsage();
  const d = designMatrix(FORMULA, data);
  const after = process.memoryUsage();
  await settle();
  const retained = process.memoryUsage();
  const matrixBytes = d.matrix.byteLength;
  const growth = (m: NodeJS.MemoryUsage) =>
    m.heapUsed + m.arrayBuffers - (before.heapUsed + before.arrayBuffers);
  const mb = (b: number) => (b / 2 ** 20).toFixed(1);
  return `memory: matrix ${mb(matrixBytes)} MB; growth right after the call ${mb(growth(after))} MB (${(growth(after) / matrixBytes).toFixed(2)}x), retained after gc ${mb(growth(retained))} MB (${(growth(retained) / matrixBytes).toFixed(2)}x)${gc ? '' : ' (run with --expose-gc for exact numbers)'}`;
}

function report(label: string, timing: Timing, r: { elapsed: number; cpu: number } | null): void {
  const js = median(timing.times);
  const cpu = median(timing.cpu);
  console.log(`muster designMatrix, ${label}: ${js.toFixed(3)} s  [${list(timing.times)}]`);
  console.log(`  CPU time: ${cpu.toFixed(3)} s  [${list(timing.cpu)}]`);
  if (r !== null) {
    console.log(
      `  ratio muster / R: elapsed ${(js / r.elapsed).toFixed(2)} (target <= 0.50), CPU ${(cpu / r.cpu).toFixed(2)}`,
    );
  }
}

/** R's model.matrix on the same CSV (bench/design-matrix.R), or null without Rscript. */
function runR(csv: string): { elapsed: number; cpu: number } | null {
  const rscript = '/usr/bin/Rscript';
  if (!existsSync(rscript)) {
    console.log('Rscript not found: no R comparison');
    return null;
  }
  const out = execFileSync(rscript, [join(here, 'design-matrix.R'), csv, String(runs)], {
    encoding: 'utf8',
    maxBuffer: 1 << 20,
  });
  process.stdout.write(out);
  return {
    elapsed: Number(/R model\.matrix: ([0-9.]+) s/.exec(out)?.[1]),
    cpu: Number(/R model\.matrix CPU time: ([0-9.]+) s/.exec(out)?.[1]),
  };
}

const load = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
const dir = mkdtempSync(join(tmpdir(), 'muster-formula-bench-'));
const csv = join(dir, 'data.csv');
try {
  writeData(csv);
  const data = readCsv(readFileSync(csv, 'utf8'));
  console.log(
    `rows ${rows}, runs ${runs} (median); ${availableThreads()} threads; GLIBC_TUNABLES ${process.env.GLIBC_TUNABLES ?? '(unset)'}; load average ${load()}`,
  );

  // The first call runs before V8 has optimised the column kernels, on fresh memory: apart.
  gc?.();
  const c0 = performance.now();
  const cold = designMatrix(FORMULA, data);
  console.log(`muster designMatrix, first (cold) call: ${seconds(c0).toFixed(3)} s`);
  check(cold);
  // The second call, into the first call's matrix (code not yet warm, memory mapped).
  const i0 = performance.now();
  const second = designMatrix(FORMULA, data, { into: cold.matrix });
  console.log(
    `muster designMatrix, second call into the first's matrix: ${seconds(i0).toFixed(3)} s`,
  );
  check(second);

  // 1. Into the caller's memory: the previous result's matrix passed back.
  const into = timeCalls(second, (previous) =>
    designMatrix(FORMULA, data, { into: previous.matrix }),
  );
  // 2. From the pool: the previous result released, as a model fit releases its design.
  const pooled = timeCalls(designMatrix(FORMULA, data), (previous) => {
    releaseDesignMatrix(previous);
    return designMatrix(FORMULA, data);
  });
  // 3. Fresh memory every call, the previous result dropped.
  const fresh = timeCalls(designMatrix(FORMULA, data), () => designMatrix(FORMULA, data));
  const floor = freshFloor(rows * 19);
  const memory = await memoryGrowth(data);
  console.log(`load average after the muster runs ${load()}`);

  const r = runR(csv);
  report('into the previous matrix (options.into)', into, r);
  report('previous result released to the pool (releaseDesignMatrix)', pooled, r);
  report('fresh memory every call', fresh, r);
  console.log(`floor, allocate and fill a fresh ${rows} x 19 Float64Array: ${floor.toFixed(3)} s`);
  console.log(memory);
  console.log(`load average at the end ${load()}`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
