/**
 * Out-of-core Cox regression (Efron and Breslow ties): fitCox on a Parquet file through DuckDB,
 * ten covariates, monthly times 1..120 (many ties), at the sizes given (default 1e7). The data are
 * those of the glm benchmark (../../glm/bench/out-of-core-data.ts, written by DuckDB, not timed);
 * each fit runs in a child process under `nice` and `/usr/bin/time -v` (wall, CPU, peak resident
 * memory of the whole process, DuckDB's buffers included). Files are deleted unless `--keep`.
 *
 * Usage: node --conditions=@muster/source --import tsx bench/out-of-core.bench.ts [ROWS...] [--ties efron|breslow] [--keep]
 */
import { rmSync } from 'node:fs';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { generate, parquetSource, timed } from '../../glm/bench/out-of-core-data.ts';
import { fitCox } from '../src/index.ts';

const FORMULA = 'Surv(month, status) ~ x1 + x2 + x3 + x4 + x5 + x6 + x7 + x8 + x9 + x10';

async function child(file: string, ties: 'efron' | 'breslow'): Promise<void> {
  const { db, source } = await parquetSource(file);
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const fit = await fitCox(FORMULA, source, { ties });
  const wall = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  db.close();
  console.log(
    JSON.stringify({
      wall,
      cpu: (cpu.user + cpu.system) / 1e6,
      iterations: fit.iterations,
      nobs: fit.nobs,
      nEvents: fit.nEvents,
      coefficients: fit.coefficients.map((c) => c.estimate),
    }),
  );
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const tiesAt = args.indexOf('--ties');
  const ties = tiesAt >= 0 ? (args[tiesAt + 1] as 'efron' | 'breslow') : 'efron';
  if (args[0] === '--child') return child(args[1], ties);
  const sizes = args.filter((a, k) => !a.startsWith('--') && args[k - 1] !== '--ties').map(Number);
  const self = fileURLToPath(import.meta.url);
  for (const rows of sizes.length > 0 ? sizes : [1e7]) {
    const file = `/tmp/muster-ooc-${rows}.parquet`;
    const seconds = await generate(rows, file);
    console.log(
      `rows ${rows}: Parquet ${seconds > 0 ? `written in ${seconds.toFixed(1)} s` : 'present'}; load ${loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')}`,
    );
    const run = timed(process.execPath, [
      '--conditions=@muster/source',
      '--import',
      'tsx',
      self,
      '--child',
      file,
      '--ties',
      ties,
    ]);
    console.log(
      `  fitCox ${ties} (DuckDB, out of core): ${JSON.stringify({ ...run.result, maxRssMb: Math.round(run.maxRssMb) })}; load ${loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')}`,
    );
    if (!args.includes('--keep')) rmSync(file, { force: true });
  }
}

await main();
