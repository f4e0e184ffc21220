/**
 * Column access for the competing-risks functions: a column is named in `data` or given directly
 * as an array. Missing values are `null`, `undefined`, `NaN` or the empty string.
 */
import { DataError, InvalidArgumentError } from '@muster/core';
import type { ColumnSpec, CompetingData } from '../../types.ts';

export function isMissing(value: unknown): boolean {
  return (
    value === null ||
    value === undefined ||
    (typeof value === 'number' && Number.isNaN(value)) ||
    value === ''
  );
}

/** Resolve a column; `label` is used in messages (the column name, or the option name). */
export function resolveColumn(
  fn: string,
  option: string,
  data: CompetingData | undefined,
  spec: ColumnSpec,
): { label: string; values: ArrayLike<unknown> } {
  if (typeof spec === 'string') {
    if (data === undefined || data === null) {
      throw new InvalidArgumentError(option, `${fn} needs data to look up column '${spec}'`);
    }
    let values: ArrayLike<unknown> | undefined;
    const table = data as {
      columnNames?: () => string[];
      array?: (name: string) => ArrayLike<unknown>;
      getter?: (name: string) => (row: number) => unknown;
      numRows?: () => number;
    };
    if (typeof table.columnNames === 'function') {
      if (table.columnNames().includes(spec)) {
        if (typeof table.array === 'function') values = table.array(spec);
        else if (typeof table.getter === 'function' && typeof table.numRows === 'function') {
          const get = table.getter(spec);
          values = Array.from({ length: table.numRows() }, (_, row) => get(row));
        }
      }
    } else if (Object.hasOwn(data, spec)) {
      values = (data as Record<string, ArrayLike<unknown>>)[spec];
    }
    if (values === undefined || values === null || typeof values.length !== 'number') {
      throw new DataError(
        `${fn} requires a column '${spec}' for ${option}; it is not in the data`,
        {
          column: spec,
        },
      );
    }
    return { label: spec, values };
  }
  if (spec === null || spec === undefined || typeof spec.length !== 'number') {
    throw new InvalidArgumentError(
      option,
      `${fn} requires ${option} to be a column name or an array; received ${String(spec)}`,
    );
  }
  return { label: option, values: spec };
}

/** Numeric value of a cell, or throw a DataError naming the column and the 1-based row. */
export function numericCell(fn: string, label: string, value: unknown, row: number): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'string') {
    const parsed = Number(value.trim());
    if (value.trim() !== '' && Number.isFinite(parsed)) return parsed;
  }
  throw new DataError(
    `${fn} requires numeric values in column '${label}'; row ${row + 1} has ${JSON.stringify(value)}`,
    { column: label, row: row + 1 },
  );
}

/** Key of a categorical cell: numbers and strings are compared through their string form. */
export function cellKey(value: unknown): string {
  return typeof value === 'number' ? String(value) : String(value);
}

/**
 * An event cell as Surv() reads a logical status: TRUE is an event (code 1), FALSE censored
 * (code 0), for logicals and for the text TRUE/FALSE that R's read.csv reads as logical; any
 * other value keeps its own code.
 */
export function eventValue(value: unknown): unknown {
  if (value === true || value === 'TRUE') return 1;
  if (value === false || value === 'FALSE') return 0;
  return value;
}

/** Key of an event cell: logicals as 1/0 (see {@link eventValue}), other codes as cellKey. */
export function eventKey(value: unknown): string {
  return cellKey(eventValue(value));
}

/**
 * Sorted levels of a categorical column, as R's `factor()` orders them: numerically when every
 * value is a number, otherwise by string (code-unit order).
 */
export function sortedLevels(values: readonly unknown[]): string[] {
  const seen = new Map<string, unknown>();
  for (const v of values) {
    const key = cellKey(v);
    if (!seen.has(key)) seen.set(key, v);
  }
  const entries = [...seen.entries()];
  const numeric = entries.every(([, v]) => typeof v === 'number');
  entries.sort(([ka, va], [kb, vb]) =>
    numeric ? (va as number) - (vb as number) : ka < kb ? -1 : ka > kb ? 1 : 0,
  );
  return entries.map(([k]) => k);
}
