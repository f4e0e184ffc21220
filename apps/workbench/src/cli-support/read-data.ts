import { readFileSync } from 'node:fs';
import { DataError, InvalidArgumentError } from '@muster/core';
import { type DataColumns, readCsv } from '@muster/formula';

function readText(command: string, path: string, what: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw new InvalidArgumentError(
      'DATA',
      `muster ${command} cannot read ${what}'${path}': ${(error as Error).message}`,
    );
  }
}

/**
 * Read the DATA file of a command; a missing or unreadable file is a user error. With
 * `wrapParseErrors`, a CSV error other than a DataError (an empty file, no header) is reported
 * as unreadable DATA too; otherwise readCsv's own error propagates.
 */
export function readDataFile(
  command: string,
  path: string,
  { wrapParseErrors = false }: { wrapParseErrors?: boolean } = {},
): DataColumns {
  const text = readText(command, path, 'DATA file ');
  if (!wrapParseErrors) return readCsv(text);
  try {
    return readCsv(text);
  } catch (error) {
    if ((error as { name?: string }).name === 'DataError') throw error;
    throw new InvalidArgumentError(
      'DATA',
      `muster ${command} cannot read DATA file '${path}': ${(error as Error).message}`,
    );
  }
}

/** Read the CSV file of a lag command (counts, figures); a missing or unreadable file is a user error. */
export function readCsvFile(command: string, path: string): DataColumns {
  return readCsv(readText(command, path, ''));
}

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
  return values.map((v, i) => {
    if (typeof v !== 'number' || !Number.isFinite(v)) {
      throw new DataError(
        `muster ${command} requires numeric counts in column '${name}'; received '${v ?? ''}' at row ${i + 1}`,
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
