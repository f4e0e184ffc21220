function significant(x: number | null | undefined, digits: number, exponentBelow: number): string {
  if (x === null || x === undefined || Number.isNaN(x)) return 'NA';
  if (x === Number.POSITIVE_INFINITY || x === Number.NEGATIVE_INFINITY)
    return x > 0 ? 'Inf' : '-Inf';
  if (x !== 0 && Math.abs(x) < exponentBelow) return x.toExponential(digits - 1);
  return Number(x.toPrecision(digits)).toString();
}

/** Format a number for a table, 4 significant digits (exponent notation below 1e-4); NA for null/NaN. */
export function fmt(x: number | null | undefined, digits = 4): string {
  return significant(x, digits, 1e-4);
}

/** Format a p-value: '< 2e-16' below that, NA for null, otherwise 3 significant digits. */
export function pvalue(p: number | null): string {
  return p === null ? 'NA' : p < 2e-16 ? '< 2e-16' : fmt(p, 3);
}

/** Align a table: first column left, others right, two spaces between columns. */
export function pad(cells: string[][]): string {
  const widths = cells[0].map((_, j) => Math.max(...cells.map((row) => row[j].length)));
  return cells
    .map((row) =>
      row
        .map((cell, j) => (j === 0 ? cell.padEnd(widths[j]) : cell.padStart(widths[j])))
        .join('  '),
    )
    .join('\n');
}
