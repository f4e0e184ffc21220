import type { TableDisplay } from '../types.ts';
import { table } from './display-survival.ts';
import { formatNumber } from './format.ts';

type Row = Record<string, unknown>;

const num = (value: unknown): number | null =>
  typeof value === 'number' && !Number.isNaN(value) ? value : null;
const isRow = (value: unknown): value is Row =>
  value !== null && typeof value === 'object' && !Array.isArray(value);
const numbers = (value: unknown): number[] | null =>
  Array.isArray(value) && value.every((item) => typeof item === 'number')
    ? (value as number[])
    : null;
const f = (value: unknown, digits = 5) => formatNumber(num(value), digits);

/** First `rows` rows, and a note counting the rest. */
function limited(
  caption: string,
  columns: string[],
  rows: string[][],
  limit: number,
  note: string,
): TableDisplay {
  const shown = rows.slice(0, limit);
  const rest = rows.length > limit ? `first ${limit} of ${rows.length} periods; ` : '';
  const display = table(caption, columns, shown, `${rest}${note}`);
  display.nrow = rows.length;
  return display;
}

/** A back-projection (`backProject`): lambda, fitted and observed counts per period. */
export function isBackProjection(value: unknown): value is Row {
  return (
    isRow(value) &&
    numbers(value.lambda) !== null &&
    numbers(value.fitted) !== null &&
    numbers(value.counts) !== null &&
    typeof value.k === 'number'
  );
}

/** backprojNP's estimate per period, with the bootstrap interval when there is one. */
export function displayBackProjection(result: Row, limit: number): TableDisplay {
  const lambda = numbers(result.lambda)!;
  const fitted = numbers(result.fitted)!;
  const counts = numbers(result.counts)!;
  const periods = Array.isArray(result.periods) ? (result.periods as string[]) : null;
  const bootstrap = isRow(result.bootstrap) ? result.bootstrap : null;
  const lower = bootstrap ? numbers(bootstrap.lower) : null;
  const upper = bootstrap ? numbers(bootstrap.upper) : null;
  const columns = ['Period', 'Observed', 'Fitted', 'Offences (lambda)'];
  if (lower && upper) columns.push('Lower', 'Upper');
  const rows = lambda.map((value, index) => {
    const cells = [
      periods?.[index] ?? String(index + 1),
      f(counts[index], 7),
      f(fitted[index]),
      f(value),
    ];
    if (lower && upper) cells.push(f(lower[index]), f(upper[index]));
    return cells;
  });
  const interval =
    bootstrap && lower
      ? `; ${formatNumber((num(bootstrap.confLevel) ?? 0.95) * 100, 4)}% bootstrap interval from ${f(bootstrap.replicates, 7)} replicates`
      : '';
  return limited(
    `Back-projection (${String(result.method)}, k = ${f(result.k, 4)})`,
    columns,
    rows,
    limit,
    `${result.converged ? 'converged' : 'did not converge'} in ${f(result.iterations, 7)} iterations${interval}`,
  );
}

/** A reconstruction from published figures (`reconstruct`). */
export function isReconstruction(value: unknown): value is Row {
  return (
    isRow(value) &&
    Array.isArray(value.months) &&
    numbers(value.estimate) !== null &&
    Array.isArray(value.figures) &&
    isRow(value.smoothing)
  );
}

/** The figures as fitted (with intervals), then the monthly series (and the offences). */
export function displayReconstruction(result: Row, limit: number): TableDisplay[] {
  const percent = `${formatNumber((num(result.confLevel) ?? 0.9) * 100, 4)}%`;
  const figures = (result.figures as unknown[])
    .filter(isRow)
    .map((figure) => [
      String(figure.id),
      String(figure.qualifier).replace('_', ' '),
      `${String(figure.start)} to ${String(figure.end)}`,
      f(figure.value, 6),
      f(figure.total, 6),
      f(figure.fitted),
      f(figure.lower),
      f(figure.upper),
    ]);
  const out = [
    table(
      `Published figures and the reconstruction's totals over their windows (${percent} intervals)`,
      ['Figure', 'Qualifier', 'Window', 'Value', 'As total', 'Fitted', 'Lower', 'Upper'],
      figures,
      null,
      3,
    ),
  ];
  const months = result.months as string[];
  const estimate = numbers(result.estimate)!;
  const lower = numbers(result.lower);
  const upper = numbers(result.upper);
  const offences = isRow(result.offences) ? result.offences : null;
  const lambda = offences ? numbers(offences.lambda) : null;
  const columns = ['Month', 'Expected count', 'Lower', 'Upper'];
  if (lambda) columns.push('Offences');
  const rows = months.map((month, index) => {
    const cells = [month, f(estimate[index]), f(lower?.[index]), f(upper?.[index])];
    if (lambda) cells.push(f(lambda[index]));
    return cells;
  });
  const smoothing = result.smoothing as Row;
  out.push(
    limited(
      `Reconstructed monthly series (${String(result.method)}), ${percent} ${String(result.intervalMethod ?? '')} intervals`,
      columns,
      rows,
      limit,
      `smoothing order ${f(smoothing.order, 3)}, tau ${f(smoothing.tau)} (${String(smoothing.selection)}); ${result.converged ? 'converged' : 'did not converge'} in ${f(result.iterations, 7)} iterations`,
    ),
  );
  return out;
}
