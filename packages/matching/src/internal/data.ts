import { DataError, InvalidArgumentError } from '@muster/core';
import { type DataInput, dataColumns, type ModelFrame, modelFrame } from '@muster/formula';

/** Plain columns by name (a copy of the input's column arrays, so a column can be replaced). */
export type Columns = Record<string, ArrayLike<unknown>>;

/** The data as plain columns: an object of columns as given, an arquero-like table read out. */
export function toColumns(fn: string, data: DataInput): Columns {
  if (data === null || typeof data !== 'object') {
    throw new InvalidArgumentError(
      'data',
      `${fn} requires data as columns or a table; received ${String(data)}`,
    );
  }
  return dataColumns(data);
}

/** Number of rows of the columns (they must agree). */
export function rowCount(fn: string, columns: Columns): number {
  let n = -1;
  for (const [name, values] of Object.entries(columns)) {
    if (n === -1) n = values.length;
    else if (values.length !== n) {
      throw new InvalidArgumentError(
        'data',
        `${fn} requires columns of equal length; column '${name}' has ${values.length} rows, not ${n}`,
      );
    }
  }
  return Math.max(n, 0);
}

/**
 * The model frame of a formula over every row: a row with a missing value is an error (MatchIt
 * refuses missing treatments and covariates), naming the row and the columns it could be in.
 */
export function completeFrame(fn: string, formula: string, columns: Columns): ModelFrame {
  const frame = modelFrame(formula, columns);
  if (frame.nDropped > 0) {
    const row = frame.dropped[0]!;
    const missing = Object.keys(columns).filter(
      (name) =>
        new RegExp(`(^|[^A-Za-z0-9._])${escapeRegExp(name)}($|[^A-Za-z0-9._])`).test(formula) &&
        isMissing(columns[name]![row]),
    );
    throw new DataError(
      `${fn} requires no missing values in the treatment and covariates; data row ${row + 1} has a missing value${missing.length > 0 ? ` in ${missing.join(', ')}` : ''} (${frame.nDropped} rows in all)`,
      { row: row + 1, ...(missing.length > 0 ? { column: missing[0] } : {}) },
    );
  }
  return frame;
}

function isMissing(value: unknown): boolean {
  return (
    value === null ||
    value === undefined ||
    value === '' ||
    (typeof value === 'number' && Number.isNaN(value))
  );
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
