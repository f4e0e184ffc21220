/**
 * Shared pieces of the survival benchmarks: seeded data, CSV output for R, median timing and a
 * call to the matching R script in this folder.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const here = dirname(fileURLToPath(import.meta.url));

/** Median wall time and median CPU time (user + system) in ms. */
export interface Timing {
  wall: number;
  cpu: number;
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
};

/**
 * Time `runs` calls after three warm-up calls (JIT compilation, as R's byte-compiled code is
 * warm); `check` sees the first and last results. CPU time is the fairer measure on a shared,
 * busy machine (the wall time includes waiting for a core).
 */
export function time<T>(runs: number, fn: () => T, check: (result: T) => void): Timing {
  check(fn());
  fn();
  fn();
  const wall: number[] = [];
  const cpu: number[] = [];
  let result: T | undefined;
  for (let i = 0; i < runs; i++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    result = fn();
    wall.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
  }
  check(result as T);
  return { wall: median(wall), cpu: median(cpu) };
}

/**
 * Times several calls round by round: each is checked and warmed up (3 calls) first, then every
 * round times each once, starting with a different one each round, so that no call is always
 * the first after the data were made (when the JIT and the collector are least settled).
 */
export function timeAlternating<T>(
  runs: number,
  cases: (() => T)[],
  check: (result: T) => void,
): Timing[] {
  for (const fn of cases) {
    check(fn());
    fn();
    fn();
  }
  const wall: number[][] = cases.map(() => []);
  const cpu: number[][] = cases.map(() => []);
  for (let i = 0; i < runs; i++) {
    for (let k = 0; k < cases.length; k++) {
      const at = (i + k) % cases.length;
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      const result = cases[at]!();
      wall[at]!.push(performance.now() - t0);
      const c = process.cpuUsage(c0);
      cpu[at]!.push((c.user + c.system) / 1000);
      if (i === runs - 1) check(result);
    }
  }
  return cases.map((_, at) => ({ wall: median(wall[at]!), cpu: median(cpu[at]!) }));
}

/** One line of a benchmark table, with the ratios to R's timing. */
export function report(label: string, t: Timing, r: Timing | null): string {
  const ms = (x: number) => `${x.toFixed(0).padStart(6)} ms`;
  const ratios = r
    ? `   ratio to R: cpu ${(t.cpu / r.cpu).toFixed(2)}x, wall ${(t.wall / r.wall).toFixed(2)}x`
    : '';
  return `${label.padEnd(32)} cpu ${ms(t.cpu)}  wall ${ms(t.wall)}${ratios}`;
}

/** Write columns as CSV in a temporary folder; returns the path. */
export function writeCsv(name: string, columns: Record<string, ArrayLike<number>>): string {
  const names = Object.keys(columns);
  const n = columns[names[0]].length;
  const lines = [names.join(',')];
  for (let i = 0; i < n; i++) lines.push(names.map((c) => columns[c][i]).join(','));
  const file = join(mkdtempSync(join(tmpdir(), 'muster-survival-bench-')), name);
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

/** Run an R script of this folder; returns its median times (ms), or null without R. */
export function timeR(script: string, args: string[]): Timing | null {
  return timeScript('Rscript', script, args);
}

/**
 * Run a Python script of this folder with the system Python (Debian's python3-statsmodels);
 * returns its median times (ms), or null when it cannot run.
 */
export function timePython(script: string, args: string[]): Timing | null {
  return timeScript('/usr/bin/python3', script, args);
}

/** The current load average (1, 5 and 15 minutes), for the report. */
export function loadAverage(): string {
  return readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
}

function timeScript(command: string, script: string, args: string[]): Timing | null {
  try {
    const out = execFileSync(command, [join(here, script), ...args], { encoding: 'utf8' });
    const match = out.match(/median_cpu_ms=([0-9.]+) median_wall_ms=([0-9.]+)/);
    return match ? { cpu: Number(match[1]), wall: Number(match[2]) } : null;
  } catch (error) {
    process.stderr.write(`${command} timing failed: ${(error as Error).message}\n`);
    return null;
  }
}
