import type { TableDisplay } from '../types.ts';
import { formatValue } from './format.ts';

/** Rows shown for a table unless the notebook's front matter says otherwise (`rows`). */
export const TABLE_ROWS = 10;

/** The minimal arquero table interface the renderer needs. */
export interface ArqueroLike {
  numRows(): number;
  numCols(): number;
  columnNames(): string[];
  objects(options?: { limit?: number }): Record<string, unknown>[];
}

/** True for arquero tables (and anything shaped like one). */
export function isArqueroTable(value: unknown): value is ArqueroLike {
  const table = value as Partial<ArqueroLike> | null;
  return (
    table !== null &&
    typeof table === 'object' &&
    typeof table.numRows === 'function' &&
    typeof table.numCols === 'function' &&
    typeof table.columnNames === 'function' &&
    typeof table.objects === 'function'
  );
}

/** True for a non-empty array of plain objects whose values are all primitives or null. */
export function isRecordArray(value: unknown): value is Record<string, unknown>[] {
  if (!Array.isArray(value) || value.length === 0) return false;
  return value.every(
    (row) =>
      row !== null &&
      typeof row === 'object' &&
      !Array.isArray(row) &&
      Object.getPrototypeOf(row) === Object.prototype &&
      Object.values(row).every(
        (cell) => cell === null || (typeof cell !== 'object' && typeof cell !== 'function'),
      ),
  );
}

/** Build a table display from rows, formatting numbers with 6 significant digits. */
export function tableFromRows(
  columns: string[],
  rows: Record<string, unknown>[],
  nrow: number,
  caption: string | null,
  limit = TABLE_ROWS,
): TableDisplay {
  const shown = rows.slice(0, limit);
  const numeric = columns.map(
    (column) =>
      shown.some((row) => typeof row[column] === 'number') &&
      shown.every(
        (row) =>
          row[column] === null || row[column] === undefined || typeof row[column] === 'number',
      ),
  );
  return {
    kind: 'table',
    caption,
    columns,
    align: numeric.map((isNumeric) => (isNumeric ? 'right' : 'left')),
    rows: shown.map((row) => columns.map((column) => formatValue(row[column], 6))),
    nrow,
    ncol: columns.length,
    note: nrow > shown.length ? `first ${shown.length} of ${nrow} rows` : null,
  };
}

/** Display an arquero table: its shape and first rows. */
export function displayArquero(table: ArqueroLike, limit = TABLE_ROWS): TableDisplay {
  const nrow = table.numRows();
  const ncol = table.numCols();
  const rows = table.objects({ limit });
  return tableFromRows(
    table.columnNames(),
    rows,
    nrow,
    `${nrow} ${nrow === 1 ? 'row' : 'rows'} × ${ncol} ${ncol === 1 ? 'column' : 'columns'}`,
    limit,
  );
}

/** Display an array of records as a table (columns in order of first appearance). */
export function displayRecords(
  records: Record<string, unknown>[],
  limit = TABLE_ROWS,
): TableDisplay {
  const columns: string[] = [];
  for (const row of records)
    for (const key of Object.keys(row)) if (!columns.includes(key)) columns.push(key);
  return tableFromRows(columns, records, records.length, null, limit);
}
