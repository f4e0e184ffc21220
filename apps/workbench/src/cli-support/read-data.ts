import { readFileSync } from 'node:fs';
import { DataError, InvalidArgumentError } from '@muster/core';
import { type DataColumns, isDecimalText, readCsv } from '@muster/formula';
import { warnAboutInput } from './output.ts';

function readBytes(command: string, path: string, what: string): Uint8Array {
  try {
    return readFileSync(path);
  } catch (error) {
    throw new InvalidArgumentError(
      'DATA',
      `muster ${command} cannot read ${what}'${path}': ${(error as Error).message}`,
    );
  }
}

/**
 * Read the DATA file of a command: a `.parquet` file through DuckDB ({@link readParquetFile}),
 * anything else as CSV. A missing or unreadable file is a user error. With `wrapParseErrors`, a
 * CSV error other than a DataError (an empty file, no header) is reported as unreadable DATA too;
 * otherwise readCsv's own error propagates.
 */
export async function readDataFile(
  command: string,
  path: string,
  { wrapParseErrors = false }: { wrapParseErrors?: boolean } = {},
): Promise<DataColumns> {
  if (/\.parquet$/i.test(path)) return readParquetFile(command, path);
  const bytes = readBytes(command, path, 'DATA file ');
  if (!wrapParseErrors) return readCsvBytes(command, path, bytes);
  try {
    return readCsvBytes(command, path, bytes);
  } catch (error) {
    if ((error as { name?: string }).name === 'DataError') throw error;
    throw new InvalidArgumentError(
      'DATA',
      `muster ${command} cannot read DATA file '${path}': ${(error as Error).message}`,
    );
  }
}

/**
 * Read a Parquet DATA file with DuckDB (`@muster/duckdb`) into columns as the CSV reader gives
 * them: numbers (every integer, decimal and floating type), text, NULL as missing. Booleans
 * become the text `TRUE`/`FALSE` (a factor, as R's logical columns are in a model formula:
 * `xTRUE`), dates and timestamps ISO text; nested values (lists, structs) are refused by column.
 */
async function readParquetFile(command: string, path: string): Promise<DataColumns> {
  const { loadParquet } = await import('@muster/duckdb');
  let table: Awaited<ReturnType<typeof loadParquet>>;
  try {
    table = await loadParquet(path);
  } catch (error) {
    const reason = (error as Error).message
      .replace(/^loadParquet cannot read '[^']*': /, '')
      .replace(/\s*\n\s*/g, ' ');
    throw new InvalidArgumentError(
      'DATA',
      `muster ${command} cannot read DATA file '${path}': ${reason}`,
    );
  }
  const columns: DataColumns = {};
  for (const name of table.columnNames()) {
    columns[name] = parquetColumn(
      command,
      path,
      name,
      Array.from(table.array(name) as ArrayLike<unknown>),
    );
  }
  return columns;
}

function parquetColumn(
  command: string,
  path: string,
  name: string,
  values: unknown[],
): (number | null)[] | (string | null)[] {
  const kinds = new Set(values.filter((v) => v !== null && v !== undefined).map((v) => typeof v));
  if (kinds.size === 0 || (kinds.size === 1 && kinds.has('number')))
    return values.map((v) => (typeof v === 'number' ? v : null));
  return values.map((v, i) => {
    if (v === null || v === undefined) return null;
    if (typeof v === 'string') return v;
    if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
    if (typeof v === 'number') return String(v);
    if (v instanceof Date) {
      const iso = v.toISOString();
      return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso;
    }
    throw new DataError(
      `muster ${command} requires numbers or text in column '${name}' of '${path}'; received a nested value at row ${i + 1}`,
      { column: name, row: i + 1 },
    );
  });
}

/** Read the CSV file of a lag command (counts, figures); a missing or unreadable file is a user error. */
export function readCsvFile(command: string, path: string): DataColumns {
  return readCsvBytes(command, path, readBytes(command, path, ''));
}

/** readCsv on a file's bytes; its warnings (text in a numeric column) go to stderr. */
function readCsvBytes(command: string, path: string, bytes: Uint8Array): DataColumns {
  try {
    return readCsv(bytes, {
      onWarning: (warning) => warnAboutInput(`muster ${command}: warning: ${warning.message}`),
    });
  } catch (error) {
    // An encoding error names the file: readCsv only sees bytes.
    if ((error as Error).message?.startsWith('readCsv requires UTF-8')) {
      throw new InvalidArgumentError(
        'DATA',
        `muster ${command} cannot read '${path}': ${(error as Error).message}`,
      );
    }
    throw error;
  }
}

/** Largest count the lag commands accept (sums of larger counts lose all precision). */
const MAX_COUNT = 1e15;

function lookUp(command: string, data: DataColumns, name: string, option: string, of: string) {
  const values = data[name];
  if (values === undefined) {
    throw new InvalidArgumentError(
      option,
      `muster ${command} requires ${option} to name a column${of}; received '${name}' (columns: ${Object.keys(data).join(', ')})`,
    );
  }
  return values;
}

/** A column of DATA; an unknown name is a user error listing the columns. */
export function column(command: string, data: DataColumns, name: string, option: string) {
  return lookUp(command, data, name, option, ' of DATA');
}

/** A column of a lag command's CSV file; an unknown name lists the columns. */
export function csvColumn(command: string, data: DataColumns, name: string, option: string) {
  return lookUp(command, data, name, option, '');
}

/** A count column: numbers >= 0; a missing, text or negative value names its column and row. */
export function countColumn(
  command: string,
  data: DataColumns,
  name: string,
  option: string,
): number[] {
  const values = csvColumn(command, data, name, option);
  // A column with one text entry is all text: name the first entry that is not a number.
  const first = values.findIndex((v) => typeof v === 'string' && !isDecimalText(v));
  if (values.some((v) => typeof v === 'string') && first >= 0) {
    throw new DataError(
      `muster ${command} requires numeric counts in column '${name}'; received '${values[first]}' at row ${first + 1}`,
      { column: name, row: first + 1 },
    );
  }
  return values.map((v, i) => {
    if (typeof v !== 'number' || !Number.isFinite(v)) {
      throw new DataError(
        `muster ${command} requires numeric counts in column '${name}'; received '${v ?? ''}' at row ${i + 1}`,
        { column: name, row: i + 1 },
      );
    }
    if (v > MAX_COUNT) {
      throw new DataError(
        `muster ${command} requires counts of at most ${MAX_COUNT} in column '${name}'; received ${v} at row ${i + 1}`,
        { column: name, row: i + 1 },
      );
    }
    if (v < 0) {
      throw new DataError(
        `muster ${command} requires non-negative counts in column '${name}'; received ${v} at row ${i + 1}`,
        { column: name, row: i + 1 },
      );
    }
    return v;
  });
}
