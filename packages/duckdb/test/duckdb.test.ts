import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InvalidArgumentError, isSqlSource } from '@muster/core';
import { table } from 'arquero';
import { afterAll, describe, expect, it } from 'vitest';
import {
  duckdbSource,
  loadCsv,
  loadParquet,
  openDatabase,
  registerTable,
  sql,
} from '../src/index.ts';

const dir = mkdtempSync(join(tmpdir(), 'muster-duckdb-'));
const db = await openDatabase(':memory:', { baseDir: dir });
afterAll(() => db.close());

describe('sql', () => {
  it('reads 64-bit integers, decimals and NULL as numbers and null, dates as Date', async () => {
    const t = await sql(
      db,
      "SELECT 9007199254740991::BIGINT AS big, 1.25::DECIMAL(6,2) AS dec, NULL::INTEGER AS missing, DATE '2022-09-21' AS day",
    );
    expect(t.objects()).toEqual([
      { big: 9007199254740991, dec: 1.25, missing: null, day: new Date('2022-09-21T00:00:00Z') },
    ]);
  });

  it('refuses a bad query with DuckDB message and its line', async () => {
    const error = await sql(db, 'SELECT 1\nFROM no_such_table').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidArgumentError);
    expect((error as InvalidArgumentError).argument).toBe('query');
    expect((error as Error).message).toMatch(/^sql failed: Catalog Error: .*no_such_table/);
    expect((error as Error).message).toContain('LINE 2:');
  });
});

describe('registerTable', () => {
  it('round-trips numbers, strings, booleans, dates and missing values', async () => {
    const data = table({
      x: [1.5, null, Number.NaN],
      unit: ['a', 'b', null],
      fled: [true, false, null],
      on: [new Date('2023-01-01T00:00:00Z'), null, new Date('2023-02-01T00:00:00Z')],
      empty: [null, null, null],
    });
    await registerTable(db, 'soldiers', data);
    const types = await sql(db, 'SELECT column_type FROM (DESCRIBE soldiers)');
    expect(types.array('column_type')).toEqual([
      'DOUBLE',
      'VARCHAR',
      'BOOLEAN',
      'TIMESTAMP',
      'DOUBLE',
    ]);
    const back = await sql(db, 'SELECT * FROM soldiers');
    expect(back.objects()).toEqual([
      { x: 1.5, unit: 'a', fled: true, on: new Date('2023-01-01T00:00:00Z'), empty: null },
      { x: null, unit: 'b', fled: false, on: null, empty: null },
      { x: null, unit: null, fled: null, on: new Date('2023-02-01T00:00:00Z'), empty: null },
    ]);
  });

  it('copies more rows than one chunk and replaces a table of the same name', async () => {
    const n = 5000;
    await registerTable(db, 'big', table({ i: Array.from({ length: n }, (_, i) => i) }));
    await registerTable(db, 'big', table({ i: Array.from({ length: n }, (_, i) => 2 * i) }));
    const t = await sql(db, 'SELECT count(*) AS n, sum(i) AS s FROM big');
    expect(t.objects()).toEqual([{ n, s: n * (n - 1) }]);
  });
});

describe('duckdbSource', () => {
  it('is a SqlSource over a table, a query or a file', async () => {
    const file = join(dir, 'four.parquet');
    await sql(db, `COPY (SELECT range AS x FROM range(4)) TO '${file}' (FORMAT parquet)`);
    const fromFile = duckdbSource(db, file);
    expect(isSqlSource(fromFile)).toBe(true);
    expect(fromFile.relation).toBe(`read_parquet('${file}')`);
    expect(await fromFile.query(`SELECT sum(x) AS s FROM ${fromFile.relation}`)).toEqual([
      { s: 6 },
    ]);
    expect(duckdbSource(db, 'main.panel').relation).toBe('"main"."panel"');
    const call = `read_parquet('${file}', filename = true)`;
    expect(duckdbSource(db, call).relation).toBe(call);
    expect(duckdbSource(db, 'WITH a AS (SELECT 1) SELECT * FROM a;').relation).toBe(
      '(WITH a AS (SELECT 1) SELECT * FROM a)',
    );
  });

  it('refuses what is neither a table, a query nor a file', () => {
    expect(() => duckdbSource(db, 'panel; DROP TABLE x')).toThrow(
      /^duckdbSource requires a table name, a query, a table function call or a \.parquet, \.csv or \.json path; received 'panel; DROP TABLE x'$/,
    );
    expect(() => duckdbSource(db, "read_csv('a.csv'); DROP TABLE x; SELECT f(1)")).toThrow(
      InvalidArgumentError,
    );
    expect(() => duckdbSource({} as never, 'panel')).toThrow(InvalidArgumentError);
  });
});

describe('files', () => {
  it('resolves relative paths in queries against baseDir', async () => {
    writeFileSync(join(dir, 'units.csv'), 'unit,n\na,1\nb,2\n');
    const t = await sql(db, "SELECT sum(n) AS n FROM 'units.csv'");
    expect(t.objects()).toEqual([{ n: 3 }]);
  });

  it('loadCsv types numbers and NA as R read.csv does', async () => {
    const file = join(dir, 'mixed.csv');
    writeFileSync(file, 'id,score,when\n007,NA,2022-09-21\n010,2.5,\n');
    const t = await loadCsv(file);
    expect(t.objects()).toEqual([
      { id: 7, score: null, when: '2022-09-21' },
      { id: 10, score: 2.5, when: null },
    ]);
  });

  it('loadParquet names the file it cannot read', async () => {
    await expect(loadParquet(join(dir, 'absent.parquet'))).rejects.toThrow(
      /^loadParquet cannot read '.*absent\.parquet': IO Error/,
    );
    await expect(loadCsv(join(dir, 'absent.csv'))).rejects.toThrow(/^loadCsv cannot read/);
  });
});
