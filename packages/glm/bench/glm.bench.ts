/**
 * Benchmark: logistic regression on 1e6 rows x 10 numeric covariates, against R's glm on the
 * same data in the same run.
 *
 *   node --conditions=@muster/source --import tsx bench/glm.bench.ts [--rows 1000000] [--runs 5]
 *
 * Data are simulated with the seeded generator (outside every timed region) and written once as
 * a column-major binary file that bench/glm-bench.R and bench/glm-bench.py read. Timed, in
 * alternation so that the load of the shared machine falls on every side alike: (1) R's
 * glm(y ~ ., binomial) on a data frame (a persistent R process), (2) statsmodels'
 * GLM(y, X, Binomial()).fit() (a persistent Python process; skipped when python3 cannot import
 * statsmodels), (3) glmFit on the design matrix (the IRLS kernel), (4) fitGlm from the data
 * columns (formula expansion, design matrix, fit, covariance; profile intervals are skipped at
 * this size, the separation check does not trigger) on every thread, and (5) the same fitGlm with
 * threads: 1. Medians of wall and CPU (user + system, all threads) time over the runs, with the
 * load average before and after. Peak memory
 * is measured in child processes from /proc/self/status (VmHWM after clear_refs) above the
 * memory already holding the data and design matrix, and compared with the size of the design
 * matrix (8 bytes x rows x 11 columns). Results are sanity-checked against R's estimates.
 */
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { createRandom } from '@muster/core';
import { availableThreads } from '@muster/core/threads';
import { fitGlm, glmFit } from '../src/index.ts';

const args = process.argv.slice(2);
const option = (name: string, fallback: number) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const mode = args.includes('--child') ? args[args.indexOf('--child') + 1] : 'main';
const rows = option('rows', 1_000_000);
const runs = option('runs', 5);
const p = 11;
const file = join(tmpdir(), `muster-glm-bench-${rows}.bin`);

function simulate(n: number): { x: Float64Array; y: Float64Array; beta: number[] } {
  const rng = createRandom(20240611);
  const beta = [-0.5, 0.5, -0.4, 0.3, -0.2, 0.1, -0.1, 0.2, -0.3, 0.4, -0.5];
  const x = new Float64Array(n * p);
  const y = new Float64Array(n);
  x.fill(1, 0, n);
  for (let j = 1; j < p; j++) for (let i = 0; i < n; i++) x[j * n + i] = rng.normal();
  for (let i = 0; i < n; i++) {
    let eta = beta[0];
    for (let j = 1; j < p; j++) eta += beta[j] * x[j * n + i];
    y[i] = rng.uniform() < 1 / (1 + Math.exp(-eta)) ? 1 : 0;
  }
  return { x, y, beta };
}

function load(n: number): { x: Float64Array; y: Float64Array } {
  const bytes = readFileSync(file);
  const all = new Float64Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 8);
  // file: y then x1..x10, column-major
  const y = all.slice(0, n);
  const x = new Float64Array(n * p);
  x.fill(1, 0, n);
  x.set(all.subarray(n, n * p), n);
  return { x, y };
}

function columns(x: Float64Array, y: Float64Array, n: number): Record<string, Float64Array> {
  const data: Record<string, Float64Array> = { y };
  for (let j = 1; j < p; j++) data[`x${j}`] = x.subarray(j * n, (j + 1) * n);
  return data;
}

const formula = `y ~ ${Array.from({ length: p - 1 }, (_, j) => `x${j + 1}`).join(' + ')}`;

function status(): { rss: number; hwm: number } {
  const text = readFileSync('/proc/self/status', 'utf8');
  const kb = (key: string) => Number(new RegExp(`${key}:\\s+(\\d+)`).exec(text)?.[1] ?? Number.NaN);
  return { rss: kb('VmRSS') * 1024, hwm: kb('VmHWM') * 1024 };
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

async function child(which: string): Promise<void> {
  const { x, y } = load(rows);
  const data = columns(x, y, rows);
  (globalThis as { gc?: () => void }).gc?.();
  writeFileSync('/proc/self/clear_refs', '5'); // reset the peak RSS (VmHWM) to the current RSS
  const before = status();
  let iterations = 0;
  if (which === 'kernel') {
    iterations = glmFit(x, rows, p, y, { family: 'binomial', intercept: true }).iterations;
  } else {
    iterations = (await fitGlm(formula, data, { family: 'binomial' })).iterations;
  }
  const after = status();
  process.stdout.write(
    `\nRESULT ${JSON.stringify({ peakExtra: after.hwm - before.rss, iterations })}\n`,
  );
}

interface Server {
  ask: (line: string) => Promise<string>;
  close: () => void;
}

/** A persistent R or Python process answering one request per line (see glm-bench.R). */
async function startServer(command: string, script: string): Promise<Server> {
  const child = spawn(command, [new URL(script, import.meta.url).pathname, file, String(rows)], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout });
  const iterator = lines[Symbol.asyncIterator]();
  const next = async () => {
    const { value, done } = await iterator.next();
    if (done) throw new Error('R ended early');
    return value as string;
  };
  const ready = await next();
  if (ready !== 'ready') throw new Error(`${command}: ${ready}`);
  return {
    ask: (line: string) => {
      child.stdin.write(`${line}\n`);
      return next();
    },
    close: () => {
      child.stdin.write('quit\n');
      child.stdin.end();
    },
  };
}

function cpuSeconds(start: NodeJS.CpuUsage): number {
  const u = process.cpuUsage(start);
  return (u.user + u.system) / 1e6;
}

async function main(): Promise<void> {
  const t0 = performance.now();
  const sim = simulate(rows);
  const out = new Float64Array(rows * p);
  out.set(sim.y, 0);
  out.set(sim.x.subarray(rows), rows);
  writeFileSync(file, out);
  console.log(
    `data: ${rows} rows x ${p - 1} covariates simulated in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
  );
  const { x, y } = load(rows);
  const data = columns(x, y, rows);
  const r = await startServer('Rscript', './glm-bench.R');
  // Debian's statsmodels is installed for the system Python.
  const python = await startServer('/usr/bin/python3', './glm-bench.py').catch((error) => {
    console.log(`statsmodels not timed: ${(error as Error).message}`);
    return null;
  });
  const loadBefore = readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');

  // Warm-up, then alternate: R, glmFit, fitGlm, R, ... so that the load of the shared machine
  // falls on both languages alike. Wall time and CPU time (user + system) for each run.
  let kernel = glmFit(x, rows, p, y, { family: 'binomial', intercept: true });
  let result = await fitGlm(formula, data, { family: 'binomial' });
  await fitGlm(formula, data, { family: 'binomial', threads: 1 });
  const keys = ['r', 'python', 'kernel', 'formula', 'single'] as const;
  type Key = (typeof keys)[number];
  const times = Object.fromEntries(keys.map((k) => [k, [] as number[]])) as Record<Key, number[]>;
  const cpu = Object.fromEntries(keys.map((k) => [k, [] as number[]])) as Record<Key, number[]>;
  let rIterations = 0;
  let pythonIterations = 0;
  for (let k = 0; k < runs; k++) {
    const rr = JSON.parse(await r.ask('fit')) as {
      elapsed: number;
      cpu: number;
      iterations: number;
    };
    times.r.push(rr.elapsed * 1000);
    cpu.r.push(rr.cpu * 1000);
    rIterations = rr.iterations;
    if (python !== null) {
      const pr = JSON.parse(await python.ask('fit')) as typeof rr;
      times.python.push(pr.elapsed * 1000);
      cpu.python.push(pr.cpu * 1000);
      pythonIterations = pr.iterations;
    }
    let c = process.cpuUsage();
    let s = performance.now();
    kernel = glmFit(x, rows, p, y, { family: 'binomial', intercept: true });
    times.kernel.push(performance.now() - s);
    cpu.kernel.push(cpuSeconds(c) * 1000);
    c = process.cpuUsage();
    s = performance.now();
    result = await fitGlm(formula, data, { family: 'binomial' });
    times.formula.push(performance.now() - s);
    cpu.formula.push(cpuSeconds(c) * 1000);
    c = process.cpuUsage();
    s = performance.now();
    await fitGlm(formula, data, { family: 'binomial', threads: 1 });
    times.single.push(performance.now() - s);
    cpu.single.push(cpuSeconds(c) * 1000);
  }
  const rCoefficients = (JSON.parse(await r.ask('coef')) as { coefficients: number[] })
    .coefficients;
  const rMemory = (JSON.parse(await r.ask('memory')) as { maxUsedMb: number }).maxUsedMb;
  r.close();
  const pythonCoefficients =
    python === null
      ? null
      : (JSON.parse(await python.ask('coef')) as { coefficients: number[] }).coefficients;
  python?.close();

  let worst = 0;
  rCoefficients.forEach((b, j) => {
    worst = Math.max(worst, Math.abs(kernel.coefficients[j] - b) / Math.abs(b));
    worst = Math.max(
      worst,
      Math.abs((result.coefficients[j].estimate as number) - b) / Math.abs(b),
    );
  });
  if (!(worst < 1e-6)) throw new Error(`estimates differ from R's by ${worst} (relative)`);
  let worstPython = 0;
  pythonCoefficients?.forEach((b, j) => {
    worstPython = Math.max(
      worstPython,
      Math.abs((result.coefficients[j].estimate as number) - b) / Math.abs(b),
    );
  });
  if (!(worstPython < 1e-6)) {
    throw new Error(`estimates differ from statsmodels' by ${worstPython} (relative)`);
  }

  const memory: Record<string, { peakExtra: number; iterations: number }> = {};
  for (const which of ['kernel', 'formula']) {
    const res = spawnSync(
      process.execPath,
      [
        '--expose-gc',
        '--conditions=@muster/source',
        '--import',
        'tsx',
        new URL(import.meta.url).pathname,
        '--child',
        which,
        '--rows',
        String(rows),
      ],
      { encoding: 'utf8', maxBuffer: 1 << 24 },
    );
    if (res.status !== 0) throw new Error(res.stderr);
    const result = res.stdout.split('\n').find((l) => l.startsWith('RESULT '));
    if (result === undefined) throw new Error(`no result from the ${which} child: ${res.stdout}`);
    memory[which] = JSON.parse(result.slice(7));
  }

  const design = rows * p * 8;
  const mb = (b: number) => (b / 2 ** 20).toFixed(0);
  const ratio = (key: Key, to: Key, label: string) =>
    times[to].length === 0
      ? ''
      : `; / ${label}: wall ${(median(times[key]) / median(times[to])).toFixed(2)}, cpu ${(median(cpu[key]) / median(cpu[to])).toFixed(2)}`;
  const line = (name: string, key: Key) => {
    const wall = median(times[key]);
    const c = median(cpu[key]);
    const ratios =
      key === 'r' || key === 'python'
        ? ''
        : `${ratio(key, 'r', 'R')}${ratio(key, 'python', 'statsmodels')}`;
    return `${name} wall ${wall.toFixed(0)} ms, cpu ${c.toFixed(0)} ms${ratios}`;
  };
  const loadAfter = readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
  console.log(
    `${runs} alternating runs (medians); load average ${loadBefore} before, ${loadAfter} after; ${availableThreads()} threads`,
  );
  console.log(line(`R glm (${rIterations} iterations):`.padEnd(40), 'r'));
  if (python !== null) {
    console.log(line(`statsmodels GLM (${pythonIterations} iterations):`.padEnd(40), 'python'));
  }
  console.log(
    line(`glmFit kernel (${kernel.iterations} iterations, ${kernel.solver}):`.padEnd(40), 'kernel'),
  );
  console.log(line('fitGlm formula:'.padEnd(40), 'formula'));
  console.log(line('fitGlm formula, threads: 1:'.padEnd(40), 'single'));
  console.log(`max |estimate - R| / |R| = ${worst.toExponential(2)}`);
  if (python !== null) {
    console.log(`max |estimate - statsmodels| / |statsmodels| = ${worstPython.toExponential(2)}`);
  }
  console.log(
    `design matrix ${mb(design)} MB; peak memory above the loaded data: glmFit ${mb(memory.kernel.peakExtra)} MB (${(memory.kernel.peakExtra / design).toFixed(2)}x), fitGlm ${mb(memory.formula.peakExtra)} MB (${(memory.formula.peakExtra / design).toFixed(2)}x); R glm max used ${rMemory.toFixed(0)} MB (${((rMemory * 2 ** 20) / design).toFixed(2)}x)`,
  );
}

if (mode === 'main') await main();
else await child(mode);
