import {
  BOOLEAN,
  DOUBLE,
  DuckDBDataChunk,
  type DuckDBType,
  type JS,
  JSToDuckDBValueConverter,
  TIMESTAMP,
  VARCHAR,
} from '@duckdb/node-api';
import { InvalidArgumentError } from '@muster/core';
import type { ColumnTable } from 'arquero';
import { type Database, isDatabase, quoteIdentifier, reason } from './database.ts';

const CHUNK_ROWS = 2048;

/**
 * Copy an arquero table into the database as a temporary table, so that SQL can use it by name.
 * A table of that name is replaced.
 *
 * Column types follow the values: numbers become `DOUBLE`, booleans `BOOLEAN`, `Date`s
 * `TIMESTAMP`, anything else `VARCHAR` (other values as their text); a column with only missing
 * values (`null`, `undefined`, `NaN`) is `DOUBLE`. Missing values become SQL NULL.
 *
 * @param db - A database from {@link openDatabase}.
 * @param name - The table's name in SQL.
 * @param data - An arquero table.
 * @throws InvalidArgumentError when `db` is not a database, `data` not an arquero table, or the
 *   name empty.
 * @example
 * ```ts
 * import { table } from 'arquero';
 * import { openDatabase, registerTable, sql } from '@muster/duckdb';
 *
 * const db = await openDatabase();
 * await registerTable(db, 'units', table({ unit: ['a', 'b', 'a'], absent: [2, 5, null] }));
 * const t = await sql(db, 'SELECT unit, sum(absent) AS absent FROM units GROUP BY unit ORDER BY unit');
 * t.objects();
 * // => [{ unit: 'a', absent: 2 }, { unit: 'b', absent: 5 }]
 * db.close();
 * ```
 */
export async function registerTable(db: Database, name: string, data: ColumnTable): Promise<void> {
  if (!isDatabase(db)) {
    throw new InvalidArgumentError('db', 'registerTable requires a database from openDatabase');
  }
  if (typeof name !== 'string' || name === '') {
    throw new InvalidArgumentError(
      'name',
      `registerTable requires a table name; received ${JSON.stringify(name)}`,
    );
  }
  if (!isArqueroTable(data)) {
    throw new InvalidArgumentError('data', `registerTable requires an arquero table for '${name}'`);
  }
  const names = data.columnNames();
  const columns = names.map((column) => Array.from(data.array(column) as ArrayLike<unknown>));
  const types = columns.map(columnType);
  const values = columns.map((column, j) => column.map((v) => toSql(v, types[j]!)));
  const definition = names.map((n, j) => `${quoteIdentifier(n)} ${types[j]!.toString()}`);
  const target = quoteIdentifier(name);
  try {
    await db.connection.run(`CREATE OR REPLACE TEMP TABLE ${target} (${definition.join(', ')})`);
    if (names.length === 0) return;
    const appender = await db.connection.createAppender(name, 'main', 'temp');
    const rows = data.numRows();
    for (let start = 0; start < rows; start += CHUNK_ROWS) {
      const end = Math.min(rows, start + CHUNK_ROWS);
      const chunk = DuckDBDataChunk.create(types, end - start);
      chunk.setColumnsConverted(
        values.map((column) => column.slice(start, end) as JS[]),
        JSToDuckDBValueConverter,
      );
      appender.appendDataChunk(chunk);
    }
    appender.closeSync();
  } catch (error) {
    throw new InvalidArgumentError(
      'data',
      `registerTable cannot copy '${name}' into DuckDB: ${reason(error)}`,
      { cause: error },
    );
  }
}

function isArqueroTable(value: unknown): value is ColumnTable {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as ColumnTable).columnNames === 'function' &&
    typeof (value as ColumnTable).array === 'function' &&
    typeof (value as ColumnTable).numRows === 'function'
  );
}

function isMissing(value: unknown): boolean {
  return (
    value === null || value === undefined || (typeof value === 'number' && Number.isNaN(value))
  );
}

function columnType(column: unknown[]): DuckDBType {
  let type: DuckDBType | null = null;
  for (const value of column) {
    if (isMissing(value)) continue;
    const t =
      typeof value === 'number'
        ? DOUBLE
        : typeof value === 'boolean'
          ? BOOLEAN
          : value instanceof Date
            ? TIMESTAMP
            : VARCHAR;
    if (type === null) type = t;
    else if (type !== t) return VARCHAR;
  }
  return type ?? DOUBLE;
}

function toSql(value: unknown, type: DuckDBType): unknown {
  if (isMissing(value)) return null;
  if (type === VARCHAR) return value instanceof Date ? value.toISOString() : String(value);
  return value;
}
