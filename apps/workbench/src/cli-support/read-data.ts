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
 * Read the DATA file of a command; a missing or unreadable file is a user error. With
 * `wrapParseErrors`, a CSV error other than a DataError (an empty file, no header) is reported
 * as unreadable DATA too; otherwise readCsv's own error propagates.
 */
export function readDataFile(
  command: string,
  path: string,
  { wrapParseErrors = false }: { wrapParseErrors?: boolean } = {},
): DataColumns {
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
