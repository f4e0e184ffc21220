/**
 * A SqlSource over an in-memory DuckDB database for the tests: rows are loaded into a table
 * from plain columns; `query` returns rows with 64-bit integers as numbers.
 */
import { DuckDBInstance } from '@duckdb/node-api';
import type { SqlSource } from '@muster/core';

type Column = (number | string | boolean | null)[];

function literal(v: number | string | boolean | null): string {
  if (v === null) return 'NULL';
  if (typeof v === 'string') return `'${v.replaceAll("'", "''")}'`;
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  return Number.isInteger(v) ? `${v}` : `${v.toExponential()}`;
}

function sqlType(values: Column): string {
  const v = values.find((x) => x !== null);
  if (typeof v === 'string') return 'VARCHAR';
  if (typeof v === 'boolean') return 'BOOLEAN';
  return values.every((x) => x === null || Number.isInteger(x)) ? 'BIGINT' : 'DOUBLE';
}

/** A table `name` holding `columns`, and a SqlSource over it (or over `relation`). */
export async function duckdbTable(
  columns: Record<string, Column>,
  name = 'data',
  relation?: string,
): Promise<SqlSource & { close(): void }> {
  const instance = await DuckDBInstance.create(':memory:', { threads: '1' });
  const connection = await instance.connect();
  const names = Object.keys(columns);
  const n = columns[names[0]].length;
  await connection.run(
    `CREATE TABLE "${name}" (${names.map((c) => `"${c}" ${sqlType(columns[c])}`).join(', ')})`,
  );
  const rows: string[] = [];
  for (let i = 0; i < n; i++) rows.push(`(${names.map((c) => literal(columns[c][i])).join(', ')})`);
  for (let start = 0; start < n; start += 1000) {
    await connection.run(
      `INSERT INTO "${name}" VALUES ${rows.slice(start, start + 1000).join(', ')}`,
    );
  }
  return {
    kind: 'sql-source',
    dialect: 'duckdb',
    relation: relation ?? `"${name}"`,
    async query(sql: string) {
      const reader = await connection.runAndReadAll(sql);
      return reader.getRowObjectsJS().map((row) => {
        const out: Record<string, unknown> = {};
        for (const [k, v] of Object.entries(row)) out[k] = typeof v === 'bigint' ? Number(v) : v;
        return out;
      });
    },
    close() {
      connection.closeSync();
      instance.closeSync();
    },
  };
}
