/**
 * Test data in an in-memory DuckDB database (@muster/duckdb), and the SqlSource over it that the
 * out-of-core fits read.
 */
import type { SqlSource } from '@muster/core';
import { duckdbSource, openDatabase } from '@muster/duckdb';

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

/** A table `name` holding `columns` in a fresh database, and a SqlSource over it. */
export async function duckdbTable(
  columns: Record<string, Column>,
  name = 'data',
): Promise<SqlSource & { close(): void }> {
  const db = await openDatabase(':memory:', { config: { threads: '1' } });
  const names = Object.keys(columns);
  const n = columns[names[0]].length;
  await db.connection.run(
    `CREATE TABLE "${name}" (${names.map((c) => `"${c}" ${sqlType(columns[c])}`).join(', ')})`,
  );
  const rows: string[] = [];
  for (let i = 0; i < n; i++) rows.push(`(${names.map((c) => literal(columns[c][i])).join(', ')})`);
  for (let start = 0; start < n; start += 1000) {
    await db.connection.run(
      `INSERT INTO "${name}" VALUES ${rows.slice(start, start + 1000).join(', ')}`,
    );
  }
  return { ...duckdbSource(db, name), close: () => db.close() };
}
