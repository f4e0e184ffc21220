import type { DuckDBResultReader } from '@duckdb/node-api';

/** A column as arquero holds it: numbers, strings, booleans, dates or nested values; `null` for SQL NULL. */
export type ColumnValues = unknown[];

/**
 * The columns of a read result by name, with 64-bit and 128-bit integers as JavaScript numbers
 * (exact up to 2^53), decimals as numbers, dates and timestamps as `Date`, SQL NULL as `null`.
 */
export function readColumns(reader: DuckDBResultReader): Record<string, ColumnValues> {
  const names = reader.columnNames();
  const columns = reader.getColumnsJS();
  const out: Record<string, ColumnValues> = {};
  for (let j = 0; j < names.length; j++) {
    out[uniqueName(names[j]!, out)] = columns[j]!.map(toPlain);
  }
  return out;
}

/** The rows of a read result as objects, values converted as by {@link readColumns}. */
export function readRows(reader: DuckDBResultReader): Record<string, unknown>[] {
  const names = reader.columnNames();
  return reader.getRowsJS().map((row) => {
    const record: Record<string, unknown> = {};
    for (let j = 0; j < names.length; j++) record[names[j]!] = toPlain(row[j]);
    return record;
  });
}

function toPlain(value: unknown): unknown {
  return typeof value === 'bigint' ? Number(value) : value;
}

/** A duplicate column name (`SELECT a, a`) gets a suffix, as R's `make.unique` does: `a.1`. */
function uniqueName(name: string, taken: Record<string, unknown>): string {
  if (!(name in taken)) return name;
  let k = 1;
  while (`${name}.${k}` in taken) k++;
  return `${name}.${k}`;
}
