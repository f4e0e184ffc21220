import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, sql } from '@muster/duckdb';
import { describe, expect, it } from 'vitest';
import { command as glm } from '../src/commands/glm.ts';
import { packageFixtures, runCommand, spawnMuster } from './support/run-command.ts';

const dir = mkdtempSync(join(tmpdir(), 'muster-parquet-'));

/** Write the rows of a query to `name` in the test folder as Parquet, with DuckDB. */
async function writeParquet(name: string, query: string): Promise<string> {
  const file = join(dir, name);
  const db = await openDatabase();
  await sql(db, `COPY (${query}) TO '${file.replaceAll("'", "''")}' (FORMAT parquet)`);
  db.close();
  return file;
}

describe('muster glm on a Parquet file', () => {
  it('gives the fit of the same rows read from CSV, bit for bit', async () => {
    const c = JSON.parse(
      readFileSync(join(packageFixtures('glm'), 'glm-lyall-cluster.json'), 'utf8'),
    );
    const csv = join(packageFixtures('glm'), c.data);
    const parquet = await writeParquet('lyall.parquet', `SELECT * FROM read_csv('${csv}')`);
    const args = [
      '--formula',
      c.formula,
      '--family',
      c.family,
      '--vcov',
      c.vcov,
      '--cluster',
      c.cluster,
      '--json',
    ];
    const fromCsv = await runCommand(glm, [csv, ...args]);
    const fromParquet = await runCommand(glm, [parquet, ...args]);
    expect(fromParquet.code).toBe(0);
    const strip = (out: string) => {
      const { call: _call, ...rest } = JSON.parse(out);
      return rest;
    };
    expect(strip(fromParquet.out)).toEqual(strip(fromCsv.out));
  });

  it('reads booleans as a factor (xTRUE, as R) and refuses an unreadable file with exit 2', async () => {
    const parquet = await writeParquet(
      'flags.parquet',
      'SELECT range::DOUBLE + (range % 3) AS y, range % 2 = 0 AS even FROM range(12)',
    );
    const { code, out } = await runCommand(glm, [parquet, '--formula', 'y ~ even', '--json']);
    expect(code).toBe(0);
    expect(JSON.parse(out).coefficients.map((row: { term: string }) => row.term)).toEqual([
      '(Intercept)',
      'evenTRUE',
    ]);
    const broken = join(dir, 'broken.parquet');
    writeFileSync(broken, 'not parquet');
    const result = spawnMuster(['glm', broken, '--formula', 'y ~ x']);
    expect(result.status).toBe(2);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(
      /^muster: muster glm cannot read DATA file '.*broken\.parquet': /,
    );
  });
});
