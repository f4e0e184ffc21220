import { InvalidArgumentError } from '@muster/core';
import { type ColumnTable, table } from 'arquero';
import { type Database, reason } from './database.ts';
import { readColumns, readRows } from './internal/columns.ts';

/**
 * Run a SQL query on a database and read its result into an arquero table.
 *
 * Integers (including 64-bit ones, exact up to 2^53) and decimals become numbers, dates and
 * timestamps `Date`s, SQL NULL `null`. Files are read by DuckDB itself: `FROM 'panel.parquet'`,
 * `read_csv('deserters.csv')`.
 *
 * @param db - A database from {@link openDatabase}.
 * @param query - One or more SQL statements; the result is the last one's.
 * @returns The result as an arquero table (no columns for a statement that returns none).
 * @throws InvalidArgumentError (argument `query`) with DuckDB's message, which names the line.
 * @example
 * ```ts
 * import { openDatabase, sql } from '@muster/duckdb';
 *
 * const db = await openDatabase();
 * const t = await sql(db, 'SELECT range AS month, range * 2 AS cases FROM range(3)');
 * t.array('cases');
 * // => [0, 2, 4]
 * db.close();
 * ```
 */
export async function sql(db: Database, query: string): Promise<ColumnTable> {
  return table(readColumns(await run(db, query, 'sql')));
}

/**
 * Run a SQL query and return its rows as plain objects, values converted as by {@link sql}: the
 * shape a `SqlSource`'s `query` resolves to.
 *
 * @param db - A database from {@link openDatabase}.
 * @param query - The SQL.
 * @returns One object per row.
 * @throws InvalidArgumentError (argument `query`) with DuckDB's message.
 * @example
 * ```ts
 * import { openDatabase, sqlRows } from '@muster/duckdb';
 *
 * const db = await openDatabase();
 * await sqlRows(db, 'SELECT count(*) AS n FROM range(5)');
 * // => [{ n: 5 }]
 * db.close();
 * ```
 */
export async function sqlRows(db: Database, query: string): Promise<Record<string, unknown>[]> {
  return readRows(await run(db, query, 'sqlRows'));
}

async function run(db: Database, query: string, caller: string) {
  if (typeof query !== 'string' || query.trim() === '') {
    throw new InvalidArgumentError(
      'query',
      `${caller} requires a non-empty SQL string; received ${JSON.stringify(query)}`,
    );
  }
  try {
    return await db.connection.runAndReadAll(query);
  } catch (error) {
    throw new InvalidArgumentError('query', `${caller} failed: ${reason(error)}`, {
      cause: error,
    });
  }
}
