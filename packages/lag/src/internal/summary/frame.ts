/**
 * Tables and numbers as R prints them: a data frame by `print.data.frame` (row names 1..n
 * left-aligned, each column formatted on its own with `digits` significant digits and
 * right-aligned under its name, NA for a missing number), with a row limit.
 */
import { formatR, printMatrix } from '@muster/core';

/** A column of a printed data frame. */
export interface FrameColumn {
  name: string;
  values: readonly (number | string | boolean | null)[];
}

/** Options of the printed text (those of summary). */
export interface PrintSettings {
  digits: number;
  maxRows: number;
}

function formatColumn(values: readonly (number | string | boolean | null)[], digits: number) {
  if (values.every((v) => v === null || typeof v === 'number')) {
    return formatR(values as (number | null)[], digits);
  }
  if (values.every((v) => v === null || typeof v === 'boolean')) {
    return values.map((v) => (v === null ? 'NA' : v ? 'TRUE' : 'FALSE'));
  }
  return values.map((v) => (v === null ? '<NA>' : String(v)));
}

/**
 * R's `print(data.frame(...))` of the columns: columns whose every value is null are left out
 * (R would print a column of NA); with more rows than `maxRows`, the first `maxRows` rows and
 * R's note on the rows omitted.
 *
 * @param columns - named columns of equal length
 * @param settings - digits (R's 7) and maxRows
 * @returns the lines
 */
export function printFrame(columns: readonly FrameColumn[], settings: PrintSettings): string[] {
  const shownColumns = columns.filter((c) => c.values.some((v) => v !== null));
  const n = columns[0]?.values.length ?? 0;
  if (n === 0) return ['<0 rows> (or 0-length row.names)'];
  const shown = Math.min(n, settings.maxRows);
  const cells = shownColumns.map((c) => formatColumn(c.values.slice(0, shown), settings.digits));
  const rows = Array.from({ length: shown }, (_, i) => [String(i + 1), ...cells.map((c) => c[i])]);
  const lines = printMatrix(
    shownColumns.map((c) => c.name),
    rows,
  );
  if (shown < n) lines.push(` [ reached maxRows -- omitted ${n - shown} rows ]`);
  return lines;
}

/** One number as R's `format(x, digits)`. */
export function num(x: number | null, digits: number): string {
  return formatR([x], digits)[0];
}

/** A level as a percentage: 0.9 -> '90%'. */
export function percent(level: number): string {
  return `${Number((level * 100).toPrecision(4))}%`;
}

/** `n thing` or `n things`. */
export function plural(n: number, thing: string): string {
  return `${n} ${thing}${n === 1 ? '' : 's'}`;
}
