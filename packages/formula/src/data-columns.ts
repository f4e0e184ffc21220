import { columnsFromRows } from './internal/rows.ts';
import type { DataInput, TableLike } from './types.ts';

/**
 * The columns of a data input by name, in a new object: the arrays of an object of columns as
 * given, an array of row objects turned into columns (keys in order of first appearance, a
 * missing key missing in that row), or each column of an arquero-like table read out (`array(name)`, else `getter(name)` over
 * `numRows()` rows). Replacing a column in the result leaves the input unchanged.
 *
 * @param data - an object of columns, an array of row objects or an arquero-like table
 * @param caller - the function named in the error for a row that is not an object (default
 *   `'dataColumns'`), so that a model function converting its rows reports under its own name
 * @returns the columns by name
 * @throws InvalidArgumentError when a row of an array is not an object (naming the row)
 * @example
 * dataColumns({ x: [1, 2], g: ['a', 'b'] }); // => { x: [1, 2], g: ['a', 'b'] }
 * dataColumns([{ x: 1, g: 'a' }, { x: 2 }]); // => { x: [1, 2], g: ['a', undefined] }
 */
export function dataColumns(
  data: DataInput,
  caller = 'dataColumns',
): Record<string, ArrayLike<unknown>> {
  if (Array.isArray(data)) return columnsFromRows(caller, data);
  const table = data as TableLike;
  if (typeof table.columnNames !== 'function') {
    return { ...(data as Record<string, ArrayLike<unknown>>) };
  }
  const out: Record<string, ArrayLike<unknown>> = {};
  for (const name of table.columnNames()) {
    if (typeof table.array === 'function') out[name] = table.array(name);
    else if (typeof table.getter === 'function' && typeof table.numRows === 'function') {
      const get = table.getter(name);
      out[name] = Array.from({ length: table.numRows() }, (_, row) => get(row));
    }
  }
  return out;
}
