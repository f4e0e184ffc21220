/**
 * Benchmark: designMatrix('y ~ .') on 1e6 rows of 10 numeric columns and 2 five-level factors,
 * against R's model.matrix on the same data in the same run.
 *
 *   node --expose-gc --conditions=@muster/source --import tsx bench/design-matrix.bench.ts [rows] [runs]
 *
 * The data are generated with a seeded generator and written once to a temporary CSV; both
 * sides read that CSV outside the timed region (readCsv here, read.csv in R) and time only the
 * matrix building. Three ways of calling designMatrix are timed, as an application would call
 * it: the previous result's matrix passed back as `options.into`, the previous result released
 * (`releaseDesignMatrix`, as fitGlm does) so that the next call takes its memory from the pool,
 * and a fresh matrix every call (the result dropped). R runs as a child process that times one
 * call of model.matrix per request, so each round times the two reusing muster calls and then
 * R's, and both sides see the same load; the fresh calls are timed after the rounds. Times are medians of the rounds (the machine is shared).
 * Memory: growth of V8 heap + ArrayBuffers while the result is alive, compared with the
 * matrix's own size.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
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
const load = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');

/** Sanity check of every result: 19 columns, intercept of ones. */
function check(d: DesignMatrix): DesignMatrix {
  if (d.ncol !== 19 || d.matrix[0] !== 1 || d.nrow !== rows) throw new Error('unexpected design');
  return d;
}

/** Elapsed and CPU seconds of the timed calls of one way of calling. */
interface Timing {
  times: number[];
  cpu: number[];
}

/**
 * One way of calling designMatrix: `next` builds the next design from the previous one, the way
 * the application reuses memory.
 */
interface Mode {
  label: string;
  next: (previous: DesignMatrix) => DesignMatrix;
  last: DesignMatrix;
  timing: Timing;
}

function mode(label: string, next: Mode['next'], data: ReturnType<typeof readCsv>): Mode {
  return { label, next, last: check(designMatrix(FORMULA, data)), timing: { times: [], cpu: [] } };
}

/** One timed call (after a full collection). */
function timeCall(m: Mode): void {
  gc?.();
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  m.last = m.next(m.last);
  m.timing.times.push(seconds(t0));
  const c1 = process.cpuUsage(c0);
  m.timing.cpu.push((c1.user + c1.system) / 1e6);
  check(m.last);
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

/** R's model.matrix on the same CSV (bench/design-matrix.R in serve mode): one call per request. */
interface RSide {
  time(): Promise<{ elapsed: number; cpu: number }>;
  floor(): Promise<number>;
  close(): void;
}

async function startR(csv: string): Promise<RSide | null> {
  const rscript = '/usr/bin/Rscript';
  if (!existsSync(rscript)) return null;
  const child = spawn(rscript, [join(here, 'design-matrix.R'), csv, 'serve'], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout! })[Symbol.asyncIterator]();
  const answer = async (request: string | null): Promise<string> => {
    if (request !== null) child.stdin!.write(`${request}\n`);
    const line = await lines.next();
    if (line.done) throw new Error('Rscript ended early');
    return line.value;
  };
  if ((await answer(null)) !== 'ready') throw new Error('Rscript did not start');
  return {
    async time() {
      const [elapsed, cpu] = (await answer('time')).split(' ').map(Number);
      return { elapsed: elapsed!, cpu: cpu! };
    },
    async floor() {
      return Number(await answer('floor'));
    },
    close() {
      child.stdin!.end();
    },
  };
}

function report(m: Mode, r: Timing | null): void {
  const js = median(m.timing.times);
  const cpu = median(m.timing.cpu);
  console.log(`muster designMatrix, ${m.label}: ${js.toFixed(3)} s  [${list(m.timing.times)}]`);
  console.log(`  CPU time: ${cpu.toFixed(3)} s  [${list(m.timing.cpu)}]`);
  if (r !== null) {
    // Calls timed in the rounds with R's have a ratio per round too.
    const rounds = m.label.startsWith('fresh')
      ? ''
      : `; median of the rounds' ratios ${median(m.timing.times.map((t, k) => t / r.times[k]!)).toFixed(2)}`;
    console.log(
      `  ratio muster / R: elapsed ${(js / median(r.times)).toFixed(2)} (target <= 0.50), CPU ${(cpu / median(r.cpu)).toFixed(2)}${rounds}`,
    );
  }
}

const dir = mkdtempSync(join(tmpdir(), 'muster-formula-bench-'));
const csv = join(dir, 'data.csv');
try {
  writeData(csv);
  const data = readCsv(readFileSync(csv, 'utf8'));
  const r = await startR(csv);
  if (r === null) console.log('Rscript not found: no R comparison');
  console.log(
    `rows ${rows}, runs ${runs} (median); ${availableThreads()} threads; GLIBC_TUNABLES ${process.env.GLIBC_TUNABLES ?? '(unset)'}; load average ${load()}`,
  );

  // The first call runs before V8 has optimised the column kernels, on fresh memory: apart.
  gc?.();
  const c0 = performance.now();
  const cold = check(designMatrix(FORMULA, data));
  console.log(`muster designMatrix, first (cold) call: ${seconds(c0).toFixed(3)} s`);
  // The second call, into the first call's matrix (code not yet warm, memory mapped).
  const i0 = performance.now();
  check(designMatrix(FORMULA, data, { into: cold.matrix }));
  console.log(
    `muster designMatrix, second call into the first's matrix: ${seconds(i0).toFixed(3)} s`,
  );

  const modes = [
    // 1. Into the caller's memory: the previous result's matrix passed back.
    mode(
      'into the previous matrix (options.into)',
      (previous) => designMatrix(FORMULA, data, { into: previous.matrix }),
      data,
    ),
    // 2. From the pool: the previous result released, as a model fit releases its design.
    mode(
      'previous result released to the pool (releaseDesignMatrix)',
      (previous) => {
        releaseDesignMatrix(previous);
        return designMatrix(FORMULA, data);
      },
      data,
    ),
  ];
  // Three untimed warm-up calls of each, then the rounds: each way once (the first of the round,
  // right after R's call, alternates between them), then R once.
  for (const m of modes) for (let k = 0; k < 3; k++) m.last = check(m.next(m.last));
  const rTiming: Timing = { times: [], cpu: [] };
  for (let k = 0; k < runs; k++) {
    for (const m of k % 2 === 0 ? modes : [...modes].reverse()) timeCall(m);
    if (r !== null) {
      const t = await r.time();
      rTiming.times.push(t.elapsed);
      rTiming.cpu.push(t.cpu);
    }
  }
  // 3. Fresh memory every call, the previous result dropped: timed after the rounds, since
  // freeing its 145 MB (on V8's threads, after the next collection) would overlap other calls.
  const fresh = mode('fresh memory every call', () => designMatrix(FORMULA, data), data);
  for (let k = 0; k < 3 + runs; k++) {
    if (k < 3) fresh.last = check(fresh.next(fresh.last));
    else timeCall(fresh);
  }
  modes.push(fresh);
  console.log(`load average after the timed rounds ${load()}`);
  const floor = freshFloor(rows * 19);
  const rFloors: number[] = [];
  if (r !== null) for (let k = 0; k < runs; k++) rFloors.push(await r.floor());
  r?.close();
  const memory = await memoryGrowth(data);

  if (r !== null) {
    console.log(`R model.matrix: ${median(rTiming.times).toFixed(3)} s  [${list(rTiming.times)}]`);
    console.log(`  CPU time: ${median(rTiming.cpu).toFixed(3)} s  [${list(rTiming.cpu)}]`);
  }
  for (const m of modes) report(m, r === null ? null : rTiming);
  console.log(`floor, allocate and fill a fresh ${rows} x 19 Float64Array: ${floor.toFixed(3)} s`);
  if (r !== null) console.log(`R floor, matrix(1, ${rows}, 19): ${median(rFloors).toFixed(3)} s`);
  console.log(memory);
  console.log(`load average at the end ${load()}`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
