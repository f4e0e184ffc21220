/**
 * The data of the out-of-core benchmarks, written by DuckDB to Parquet: `rows` rows of ten
 * covariates x1..x10 (uniform on [-1, 1)), a logistic outcome y and a monthly survival outcome
 * (month 1..120, status). Every value is a fixed function of the row number i (the shader hash
 * u = frac(sin(a i + b) 43758.5453), one (a, b) per column), so R can build the same data
 * without reading the file (out-of-core-glm.R). Also the runner of the benchmarks' child
 * processes (`timed`), shared by the glm and survival out-of-core benchmarks.
 */
import { spawnSync } from 'node:child_process';
import { duckdbSource, openDatabase } from '@muster/duckdb';

/** The multipliers and offsets of the hash, one pair per column (x1..x10, then y, then time). */
export const HASH: [number, number][] = Array.from({ length: 12 }, (_, k) => [
  0.1 + 0.0731 * (k + 1),
  1.3 + 0.917 * (k + 1),
]);

/** True coefficients: logit intercept -0.5 and x_k 0.1 k (-1)^k; Cox log hazard 0.05 k (-1)^k. */
const u = (k: number) =>
  `((SIN(i * ${HASH[k][0]} + ${HASH[k][1]}) * 43758.5453) - FLOOR(SIN(i * ${HASH[k][0]} + ${HASH[k][1]}) * 43758.5453))`;

/**
 * The COPY statement. `hashed` (the default up to 2e7 rows) uses the row-number hash that R can
 * rebuild; otherwise DuckDB's random() (same distributions, about three times faster to write,
 * for the sizes R cannot hold anyway).
 */
export function generationSql(rows: number, file: string, hashed = rows <= 2e7): string {
  const uniform = (k: number) => (hashed ? u(k) : 'random()');
  const xs = Array.from({ length: 10 }, (_, k) => `2 * ${uniform(k)} - 1 AS x${k + 1}`);
  const eta = [
    '-0.5',
    ...Array.from(
      { length: 10 },
      (_, k) => `${(0.1 * (k + 1) * (k % 2 === 0 ? -1 : 1)).toFixed(2)} * x${k + 1}`,
    ),
  ].join(' + ');
  const etaCox = Array.from(
    { length: 10 },
    (_, k) => `${(0.05 * (k + 1) * (k % 2 === 0 ? -1 : 1)).toFixed(2)} * x${k + 1}`,
  ).join(' + ');
  return `COPY (
    WITH r AS (SELECT CAST(range AS DOUBLE) AS i FROM range(${rows})),
    x AS (SELECT i, ${xs.join(', ')}, ${uniform(10)} AS uy, ${uniform(11)} AS ut FROM r)
    SELECT x1, x2, x3, x4, x5, x6, x7, x8, x9, x10,
      CASE WHEN uy < 1 / (1 + EXP(-(${eta}))) THEN 1 ELSE 0 END AS y,
      CAST(LEAST(120, CEIL(-LN(ut) / (0.02 * EXP(${etaCox})))) AS INTEGER) AS month,
      CASE WHEN -LN(ut) / (0.02 * EXP(${etaCox})) <= 120 THEN 1 ELSE 0 END AS status
    FROM x
  ) TO '${file}' (FORMAT PARQUET, ROW_GROUP_SIZE 1000000)`;
}

/** Write the file (if absent); resolves to the seconds it took (0 when it was there). */
export async function generate(rows: number, file: string): Promise<number> {
  const { existsSync } = await import('node:fs');
  if (existsSync(file)) return 0;
  const db = await openDatabase(':memory:', { config: { threads: '2', memory_limit: '4GB' } });
  const t0 = performance.now();
  await db.connection.run(generationSql(rows, file));
  db.close();
  return (performance.now() - t0) / 1000;
}

/** A source over the file in a fresh database (2 threads, as the machine has). */
export async function parquetSource(file: string, memoryLimit = '8GB') {
  const db = await openDatabase(':memory:', {
    config: { threads: '2', memory_limit: memoryLimit },
  });
  return { db, source: duckdbSource(db, file) };
}

/** Run a command under nice and /usr/bin/time -v: its JSON line and peak RSS (MB). */
export function timed(
  command: string,
  args: string[],
): { result: Record<string, unknown>; maxRssMb: number } {
  const run = spawnSync('nice', ['-n', '1', '/usr/bin/time', '-v', command, ...args], {
    encoding: 'utf8',
    maxBuffer: 1 << 26,
  });
  const rss = /Maximum resident set size \(kbytes\): (\d+)/.exec(run.stderr);
  const line = run.stdout
    .trim()
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .pop();
  if (line === undefined || rss === null) {
    throw new Error(`bench child failed: ${run.stderr.slice(-2000)}`);
  }
  return { result: JSON.parse(line), maxRssMb: Number(rss[1]) / 1024 };
}
