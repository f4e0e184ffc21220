/**
 * Out-of-core logistic regression: fitGlm on a Parquet file through DuckDB, 10 covariates, at
 * the sizes given (default 1e7). The data are written by DuckDB first (out-of-core-data.ts, not
 * timed); each fit runs in a child process under `nice` and `/usr/bin/time -v`, so its wall
 * time, CPU time and peak resident memory (DuckDB's buffers included) are the whole process's.
 * With `--r`, R's in-memory glm runs on the same data (built by R from the same formula) in the
 * same way. Files are deleted at the end unless `--keep`.
 *
 * Usage: node --conditions=@muster/source --import tsx bench/out-of-core.bench.ts [ROWS...] [--r] [--keep]
 */
import { rmSync } from 'node:fs';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { fitGlm } from '../src/index.ts';
import { generate, parquetSource, timed } from './out-of-core-data.ts';

const FORMULA = 'y ~ x1 + x2 + x3 + x4 + x5 + x6 + x7 + x8 + x9 + x10';

async function child(file: string): Promise<void> {
  const { db, source } = await parquetSource(file);
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const fit = await fitGlm(FORMULA, source, { family: 'binomial', separation: 'never' });
  const wall = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  db.close();
  console.log(
    JSON.stringify({
      wall,
      cpu: (cpu.user + cpu.system) / 1e6,
      iterations: fit.iterations,
      nobs: fit.nobs,
      coefficients: fit.coefficients.map((c) => c.estimate),
      stdErrors: fit.coefficients.map((c) => c.stdError),
    }),
  );
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  if (args[0] === '--child') return child(args[1]);
  const sizes = args.filter((a) => !a.startsWith('--')).map(Number);
  const withR = args.includes('--r');
  const keep = args.includes('--keep');
  const self = fileURLToPath(import.meta.url);
  for (const rows of sizes.length > 0 ? sizes : [1e7]) {
    const file = `/tmp/muster-ooc-${rows}.parquet`;
    const seconds = await generate(rows, file);
    console.log(
      `rows ${rows}: Parquet ${seconds > 0 ? `written in ${seconds.toFixed(1)} s` : 'present'} (${file}); load ${loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')}`,
    );
    const muster = timed(process.execPath, [
      '--conditions=@muster/source',
      '--import',
      'tsx',
      self,
      '--child',
      file,
    ]);
    console.log(
      `  fitGlm (DuckDB, out of core): ${JSON.stringify({ ...muster.result, maxRssMb: Math.round(muster.maxRssMb) })}; load ${loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')}`,
    );
    if (withR) {
      const r = timed('Rscript', [
        fileURLToPath(new URL('./out-of-core-glm.R', import.meta.url)),
        String(rows),
      ]);
      console.log(
        `  R glm (in memory): ${JSON.stringify({ ...r.result, maxRssMb: Math.round(r.maxRssMb) })}; load ${loadavg()
          .map((l) => l.toFixed(1))
          .join(' ')}`,
      );
      const ratio = (muster.result.wall as number) / (r.result.wall as number);
      console.log(
        `  Muster / R wall ${ratio.toFixed(2)}, memory ${(muster.maxRssMb / r.maxRssMb).toFixed(3)}`,
      );
    }
    if (!keep) rmSync(file, { force: true });
  }
}

await main();
