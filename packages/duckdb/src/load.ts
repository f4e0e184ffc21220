import { readFile } from 'node:fs/promises';
import { InvalidArgumentError } from '@muster/core';
import { type FormulaWarning, readCsv } from '@muster/formula';
import { type ColumnTable, table } from 'arquero';
import { type Database, openDatabase, quoteLiteral } from './database.ts';
import { sql } from './sql.ts';

/** Options of {@link loadParquet}. */
export interface LoadParquetOptions {
  /** Read into this database instead of a fresh in-memory one. */
  db?: Database;
  /** Only these columns (by name), in this order. */
  columns?: readonly string[];
}

/**
 * Read a Parquet file into an arquero table, through DuckDB.
 *
 * Integers (including 64-bit ones, exact up to 2^53) and decimals become numbers, dates and
 * timestamps `Date`s, NULL `null`. For data larger than memory, do not load it: give the file to
 * {@link duckdbSource} and fit out of core.
 *
 * @param path - The Parquet file (or a glob such as `'panel/*.parquet'`).
 * @param options - `db`: the database to read with; `columns`: the columns to read.
 * @returns The table.
 * @throws InvalidArgumentError (argument `path`) when the file cannot be read as Parquet.
 * @example
 * ```ts
 * import { loadParquet, openDatabase, sql } from '@muster/duckdb';
 * import { tmpdir } from 'node:os';
 * import { join } from 'node:path';
 *
 * const db = await openDatabase();
 * const file = join(tmpdir(), 'muster-example-months.parquet');
 * await sql(db, `COPY (SELECT range AS month, 10 - range AS cases FROM range(3)) TO '${file}' (FORMAT parquet)`);
 * const t = await loadParquet(file, { db, columns: ['cases'] });
 * t.array('cases');
 * // => [10, 9, 8]
 * db.close();
 * ```
 */
export async function loadParquet(
  path: string,
  options: LoadParquetOptions = {},
): Promise<ColumnTable> {
  if (typeof path !== 'string' || path === '') {
    throw new InvalidArgumentError(
      'path',
      `loadParquet requires a file path; received ${JSON.stringify(path)}`,
    );
  }
  const db = options.db ?? (await openDatabase());
  const select =
    options.columns === undefined
      ? '*'
      : options.columns.map((c) => `"${c.replaceAll('"', '""')}"`).join(', ');
  try {
    return await sql(db, `SELECT ${select} FROM read_parquet(${quoteLiteral(path)})`);
  } catch (error) {
    // DuckDB's pointer into the query Muster wrote (LINE 1: SELECT ...) says nothing to the caller.
    const message = error instanceof Error ? error.message.replace(/^sql failed: /, '') : '';
    const reason = message.replace(/\s*LINE \d+:[\s\S]*$/, '');
    throw new InvalidArgumentError('path', `loadParquet cannot read '${path}': ${reason}`, {
      cause: error,
    });
  } finally {
    if (options.db === undefined) db.close();
  }
}

/**
 * Read a CSV file into an arquero table, with numbers and missing values typed as R's
 * `read.csv` types them.
 *
 * This is the project's one CSV reader, `readCsv` of `@muster/formula`, not DuckDB's
 * `read_csv`: users compare every number with R, and DuckDB's type sniffing differs from
 * `read.csv` (it reads `NA` as text, makes dates of date-like fields and integers of whole
 * numbers, and guesses from a sample of rows), whereas `readCsv` makes a column numeric exactly
 * when R does and `NA` or an empty field missing. In SQL (`FROM 'file.csv'`) DuckDB reads CSV
 * itself, with its own typing.
 *
 * @param path - The CSV file (UTF-8, or UTF-16 with a byte-order mark).
 * @param options - `onWarning`: hears `readCsv`'s warnings (a numeric column turned to text).
 * @returns The table: numeric columns as numbers, others as strings, `null` where missing.
 * @throws InvalidArgumentError (argument `path`) when the file cannot be read, and the errors of
 *   `readCsv` for malformed CSV.
 * @example
 * ```ts
 * import { loadCsv } from '@muster/duckdb';
 * import { writeFileSync } from 'node:fs';
 * import { tmpdir } from 'node:os';
 * import { join } from 'node:path';
 *
 * const file = join(tmpdir(), 'muster-example-units.csv');
 * writeFileSync(file, 'unit,absent\na,2\nb,NA\n');
 * const t = await loadCsv(file);
 * t.objects();
 * // => [{ unit: 'a', absent: 2 }, { unit: 'b', absent: null }]
 * ```
 */
export async function loadCsv(
  path: string,
  options: { onWarning?: (warning: FormulaWarning) => void } = {},
): Promise<ColumnTable> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (error) {
    throw new InvalidArgumentError(
      'path',
      `loadCsv cannot read '${path}': ${(error as Error).message}`,
      { cause: error },
    );
  }
  return table(readCsv(bytes, options) as Record<string, unknown[]>);
}
