/**
 * Regression tables (`regressionTable` of @muster/tables) as display items, recognised by their
 * shape so that the report does not depend on the package that builds them.
 */
import type { RegressionTableDisplay } from '../types.ts';

type Row = RegressionTableDisplay['rows'][number];
const SECTIONS: Row['section'][] = ['estimate', 'uncertainty', 'gof', 'method'];

const isStrings = (value: unknown): value is string[] =>
  Array.isArray(value) && value.every((item) => typeof item === 'string');

/** True for a value with `kind: 'regression-table'`, model headings, rows of cells and notes. */
export function isRegressionTable(value: unknown): value is RegressionTableDisplay & {
  title?: string | null;
} {
  if (value === null || typeof value !== 'object') return false;
  const table = value as Record<string, unknown>;
  return (
    table.kind === 'regression-table' &&
    isStrings(table.models) &&
    isStrings(table.notes) &&
    Array.isArray(table.rows) &&
    table.rows.every((row: unknown) => {
      const r = row as Partial<Row> | null;
      return (
        r !== null &&
        typeof r === 'object' &&
        typeof r.label === 'string' &&
        SECTIONS.includes(r.section as Row['section']) &&
        isStrings(r.cells) &&
        r.cells.length === (table.models as string[]).length
      );
    })
  );
}

/** The table's headings, rows and notes, copied as plain strings. */
export function displayRegressionTable(
  table: RegressionTableDisplay & { title?: string | null },
): RegressionTableDisplay {
  return {
    kind: 'regression-table',
    caption: typeof table.title === 'string' ? table.title : null,
    models: [...table.models],
    rows: table.rows.map(({ section, label, cells }) => ({ section, label, cells: [...cells] })),
    notes: [...table.notes],
  };
}
