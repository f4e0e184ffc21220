/** Helpers shared by the texts: tidy rows as printed columns, the total line. */
import type { LagGlanceRow } from '../../glance.ts';
import type { LagTidyRow } from '../../tidy.ts';
import { type FrameColumn, num, percent } from './frame.ts';

/**
 * Columns of tidy rows: those named, in that order (default every column in the rows' key
 * order); columns with no value are dropped when printed.
 */
export function tableColumns(
  rows: readonly LagTidyRow[],
  names?: readonly string[],
): FrameColumn[] {
  return (names ?? Object.keys(rows[0] ?? {})).map((name) => ({
    name,
    values: rows.map((row) => row[name] ?? null),
  }));
}

/** `label: total (90% interval lower to upper)`, or without interval when there is none. */
export function totalLine(label: string, row: LagGlanceRow, d: number): string {
  const total = num(row.total, d);
  if (row.totalLower === null || row.totalUpper === null || row.confLevel === null) {
    return `${label}: ${total}`;
  }
  return `${label}: ${total} (${percent(row.confLevel)} interval ${num(row.totalLower, d)} to ${num(row.totalUpper, d)})`;
}
