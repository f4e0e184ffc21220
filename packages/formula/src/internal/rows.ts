import { InvalidArgumentError } from '@muster/core';

/**
 * Columns from an array of row objects (d3.csv, Observable Plot and Vega-Lite data have this
 * shape): one column per key, in the order keys first appear; a row without a key is missing there
 * (undefined). Values are kept as given, so the columns are classified and validated as any other.
 * Contract: `rows` is an array; every element must be a plain object (not null, not an array).
 */
export function columnsFromRows(
  caller: string,
  rows: readonly unknown[],
): Record<string, unknown[]> {
  const columns: Record<string, unknown[]> = Object.create(null);
  const names: string[] = [];
  for (let row = 0; row < rows.length; row++) {
    const record = rows[row];
    if (record === null || typeof record !== 'object' || Array.isArray(record)) {
      const what = record === null ? 'null' : Array.isArray(record) ? 'an array' : typeof record;
      throw new InvalidArgumentError(
        'data',
        `${caller} requires data rows to be objects of values by column; row ${row + 1} is ${what}`,
      );
    }
    for (const name of Object.keys(record)) {
      if (!(name in columns)) {
        columns[name] = new Array(rows.length).fill(undefined);
        names.push(name);
      }
      columns[name]![row] = (record as Record<string, unknown>)[name];
    }
  }
  const ordered: Record<string, unknown[]> = {};
  for (const name of names) ordered[name] = columns[name]!;
  return ordered;
}
