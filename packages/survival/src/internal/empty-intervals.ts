/**
 * R's Surv(start, stop, event) makes an interval with stop <= start NA (with a warning) and the
 * model frame then drops it. The formula layer refuses such rows instead, so formula-based
 * survival functions mask them first: the stop value of each such row becomes missing in a copy
 * of the data, the model frame drops the row as missing (data row numbers unchanged), and the
 * caller reports the rows in a warning.
 */
import { type DataInput, dataColumns, parseFormula } from '@muster/formula';

function asNumber(value: unknown): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && value.trim() !== '') return Number(value);
  return Number.NaN;
}

/**
 * The data with the stop of every (start, stop] row with stop <= start set to missing, and those
 * 1-based data rows. Only `Surv(start, stop, event)` with plain column names is inspected; the
 * data come back unchanged otherwise.
 */
export function maskEmptyIntervals(
  formula: string,
  data: DataInput,
): { data: DataInput; rows: number[] } {
  let parsed: ReturnType<typeof parseFormula>;
  try {
    parsed = parseFormula(formula);
  } catch {
    return { data, rows: [] }; // the model frame reports the formula error
  }
  const lhs = parsed.lhs;
  if (lhs?.type !== 'call' || lhs.name !== 'Surv' || lhs.args.length !== 3) {
    return { data, rows: [] };
  }
  const [startArg, stopArg] = lhs.args.map((a) => a.value);
  if (startArg.type !== 'name' || stopArg.type !== 'name') return { data, rows: [] };
  const columns = dataColumns(data);
  const start = columns[startArg.name];
  const stop = columns[stopArg.name];
  if (!start || !stop) return { data, rows: [] };
  const rows: number[] = [];
  for (let i = 0; i < stop.length; i++) {
    const a = asNumber(start[i]);
    const b = asNumber(stop[i]);
    if (Number.isFinite(a) && Number.isFinite(b) && b <= a) rows.push(i + 1);
  }
  if (rows.length === 0) return { data, rows };
  const masked: unknown[] = Array.from(stop);
  for (const row of rows) masked[row - 1] = null;
  return { data: { ...columns, [stopArg.name]: masked } as DataInput, rows };
}
