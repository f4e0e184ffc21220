/**
 * R's number formatting for printed model summaries, so that Muster's text matches R's digit for
 * digit: `format(x, digits)` of a numeric vector (formatReal: one common number of decimals, or
 * scientific notation when that is narrower), `format.pval`, `printCoefmat` and `symnum`'s
 * significance stars, with R's defaults (`getOption("digits")` = 7, `scipen` = 0).
 */

interface Decomposed {
  negative: boolean;
  /** Decimal exponent of the value rounded to `digits` significant digits. */
  exponent: number;
  /** Significant digits needed (at most `digits`, trailing zeros dropped). */
  significant: number;
}

function decompose(x: number, digits: number): Decomposed {
  if (x === 0) return { negative: false, exponent: 0, significant: 1 };
  const mantissa = Math.abs(x).toExponential(digits - 1);
  const [digitsPart, exponentPart] = mantissa.split('e');
  const trimmed = digitsPart.replace('.', '').replace(/0+$/, '');
  return {
    negative: x < 0,
    exponent: Number(exponentPart),
    significant: Math.max(1, trimmed.length),
  };
}

/** Scientific notation as R prints it: two exponent digits at least (`6.36e-06`). */
function scientific(x: number, significant: number): string {
  return x.toExponential(significant - 1).replace(/e([+-])(\d)$/, 'e$10$2');
}

/**
 * R's `format(x, digits = digits)` of a numeric vector: every finite value shown with at most
 * `digits` significant digits, all with one number of decimals (fixed) or all in scientific
 * notation, whichever is narrower (fixed on a tie, R's `scipen = 0`); `NA` for null and NaN,
 * `Inf`/`-Inf`. Entries are not padded.
 *
 * @param values - the numbers (null for NA)
 * @param digits - significant digits (R's `digits`, 1 to 15; default 7)
 * @returns one string per value
 * @example
 * ```ts
 * formatR([0.00291, 0.49637, 0.3187], 3);
 * // => ['0.00291', '0.49637', '0.31870']
 * formatR([6.36e-6, 3.38e-10], 3);
 * // => ['6.36e-06', '3.38e-10']
 * ```
 */
export function formatR(values: readonly (number | null)[], digits = 7): string[] {
  const finite = values.filter((v): v is number => v !== null && Number.isFinite(v));
  if (finite.length === 0) return values.map(special);
  const parts = finite.map((x) => decompose(x, digits));
  const anyNegative = parts.some((p) => p.negative);
  const decimals = Math.max(0, ...parts.map((p) => p.significant - p.exponent - 1));
  const left = Math.max(...parts.map((p) => (p.negative ? 1 : 0) + Math.max(1, p.exponent + 1)));
  const fixedWidth = left + (decimals > 0 ? decimals + 1 : 0);
  const mantissa = Math.max(...parts.map((p) => p.significant));
  const bigExponent = parts.some((p) => Math.abs(p.exponent) >= 100);
  const sciWidth =
    (anyNegative ? 1 : 0) + (mantissa > 1 ? mantissa + 1 : mantissa) + (bigExponent ? 5 : 4);
  const fixed = fixedWidth <= sciWidth;
  return values.map((v) => {
    if (v === null || !Number.isFinite(v)) return special(v);
    return fixed ? v.toFixed(decimals) : scientific(v, mantissa);
  });
}

function special(v: number | null): string {
  if (v === null || Number.isNaN(v)) return 'NA';
  return v > 0 ? 'Inf' : '-Inf';
}

/**
 * R's `format.pval(pv, digits, eps)`: p-values of at least 1e-3 (1e-4 with more than one digit) in
 * fixed notation, smaller ones
 * in scientific notation (each group formatted together), those below `eps` as `<2e-16`.
 *
 * @param values - the p-values (null for NA)
 * @param digits - significant digits (printCoefmat uses 3)
 * @param eps - the floor (default .Machine$double.eps)
 * @returns one string per p-value
 * @example
 * ```ts
 * formatPValues([6.36e-6, 0.00291, 0.4964, 1e-20], 3);
 * // => ['6.36e-06', '0.00291', '0.49640', '< 2e-16']
 * ```
 */
export function formatPValues(
  values: readonly (number | null)[],
  digits = 3,
  eps = 2.220446049250313e-16,
): string[] {
  const out: string[] = values.map((v) => (v === null || Number.isNaN(v) ? 'NA' : ''));
  const indices = values.map((_, i) => i).filter((i) => out[i] === '');
  const small = indices.filter((i) => (values[i] as number) < eps);
  const rest = indices.filter((i) => (values[i] as number) >= eps);
  const exponent = (p: number) => Math.floor(Math.log10(p > 0 ? p : 1e-50));
  // R 4.2: fixed from 1e-3 up, and from 1e-4 up when more than one digit is asked for.
  const fixedAt = (p: number) => exponent(p) >= -3 || (exponent(p) === -4 && digits > 1);
  const fixedIndices = rest.filter((i) => fixedAt(values[i] as number));
  const sciIndices = rest.filter((i) => !fixedAt(values[i] as number));
  for (const group of [fixedIndices, sciIndices]) {
    const formatted = formatR(
      group.map((i) => values[i]),
      digits,
    );
    group.forEach((i, k) => {
      out[i] = formatted[k];
    });
  }
  if (small.length > 0) {
    let floorDigits = Math.max(1, digits - 2);
    let separator = floorDigits === 1 ? '' : ' ';
    if (rest.length > 0) {
      const width = Math.max(...rest.map((i) => out[i].length));
      if (floorDigits > 1 && floorDigits + 6 > width) floorDigits = Math.max(1, width - 7);
      separator = floorDigits === 1 && width <= 6 ? '' : ' ';
    }
    const floor = `<${separator}${formatR([eps], floorDigits)[0]}`;
    for (const i of small) out[i] = floor;
  }
  return out;
}

/** R's significance stars (symnum with cutpoints 0.001, 0.01, 0.05, 0.1). */
export function significanceStars(p: number | null): string {
  if (p === null || Number.isNaN(p)) return '';
  return p < 0.001 ? '***' : p < 0.01 ? '**' : p < 0.05 ? '*' : p < 0.1 ? '.' : ' ';
}

/** The legend R prints under a table with stars. */
export const SIGNIFICANCE_LEGEND = "Signif. codes:  0 '***' 0.001 '**' 0.01 '*' 0.05 '.' 0.1 ' ' 1";

/** Options of {@link printMatrix}. */
export interface PrintMatrixOptions {
  /** Cells and headers right-aligned (R's `right = TRUE`, the default) or left-aligned. */
  right?: boolean;
  /**
   * R's `width`: columns that do not fit go to further blocks, each with the row names and its
   * headers (a column joins a block while the line stays under the width). Default: one block.
   */
  width?: number;
}

/**
 * A character matrix printed as R's `print.default(m, quote = FALSE, right = TRUE)`: row names
 * left-aligned, every column right-aligned under its header (or left-aligned with
 * `right: false`), one space between columns, in blocks of columns that fit `width`.
 *
 * @param header - column headers (without the row-name column)
 * @param rows - row name and cells
 * @param options - `right`, `width`
 * @returns the lines
 * @example
 * ```ts
 * printMatrix(['a', 'bb'], [['x', '1', '2'], ['yy', '10', '3']]);
 * // => ['    a bb', 'x   1  2', 'yy 10  3']
 * printMatrix(['a', 'bb'], [['x', '1', '2']], { right: false, width: 6 });
 * // => ['  a', 'x 1', '  bb', 'x 2 ']
 * ```
 */
export function printMatrix(
  header: readonly string[],
  rows: readonly (readonly string[])[],
  options: PrintMatrixOptions = {},
): string[] {
  const right = options.right ?? true;
  const width = options.width ?? Number.POSITIVE_INFINITY;
  const nameWidth = Math.max(0, ...rows.map((row) => row[0]!.length));
  const widths = header.map((name, j) =>
    Math.max(name.length, ...rows.map((row) => row[j + 1]!.length)),
  );
  const pad = (cell: string, j: number) =>
    right ? cell.padStart(widths[j]!) : cell.padEnd(widths[j]!);
  const lines: string[] = [];
  let first = 0;
  do {
    let last = first;
    let used = nameWidth;
    while (last < header.length) {
      used += widths[last]! + 1;
      last++;
      if (last < header.length && used + widths[last]! + 1 >= width) break;
    }
    const line = (name: string, cells: readonly string[]) =>
      name.padEnd(nameWidth) +
      cells
        .slice(first, last)
        .map((cell, k) => ` ${pad(cell, first + k)}`)
        .join('');
    lines.push(line('', header), ...rows.map((row) => line(row[0]!, row.slice(1))));
    first = last;
  } while (first < header.length);
  return lines;
}

/** Options of {@link printCoefficients}. */
export interface PrintCoefficientsOptions {
  /** Significant digits (R's summary prints use max(3, getOption("digits") - 3) = 4). */
  digits?: number;
  /** Columns formatted together as estimates and standard errors (default the first two). */
  estimateColumns?: number;
  /** Whether the last column is a p-value (then stars and the legend follow). Default true. */
  pValue?: boolean;
  /** Stars and their legend (R's show.signif.stars). Default true. */
  stars?: boolean;
}

/**
 * R's `printCoefmat()`: estimates and standard errors rounded and formatted together, the test
 * statistic to `digits - 1` decimals, p-values by `format.pval` with 3 digits, stars and the
 * legend when some p-value is below 0.1.
 *
 * @param header - column names (`Estimate`, `Std. Error`, `z value`, `Pr(>|z|)`)
 * @param rows - per term: its name and its numbers in header order (null for NA)
 * @param options - digits, which columns are estimates, p-value and stars
 * @returns the lines of the table (and the legend after `---`)
 * @example
 * ```ts
 * printCoefficients(['Estimate', 'Std. Error', 'z value', 'Pr(>|z|)'],
 *   [{ term: 'x', values: [0.4355, 0.1463, 2.977, 0.00291] }]);
 * // => ['  Estimate Std. Error z value Pr(>|z|)   ', 'x   0.4355     0.1463   2.977  0.00291 **', '---', "Signif. codes:  0 '***' 0.001 '**' 0.01 '*' 0.05 '.' 0.1 ' ' 1"]
 * ```
 */
export function printCoefficients(
  header: readonly string[],
  rows: readonly { term: string; values: readonly (number | null)[] }[],
  options: PrintCoefficientsOptions = {},
): string[] {
  const digits = options.digits ?? 4;
  const hasP = options.pValue ?? true;
  const nc = header.length;
  const k = options.estimateColumns ?? 2;
  const testColumns = Array.from({ length: nc - (hasP ? 1 : 0) - k }, (_, i) => k + i);
  const column = (j: number) => rows.map((row) => row.values[j]);
  const cells: string[][] = rows.map(() => new Array<string>(nc).fill(''));
  const setColumn = (j: number, formatted: string[]) => {
    formatted.forEach((text, i) => {
      cells[i][j] = text;
    });
  };
  // Estimates and standard errors: round to max(1, digits - digmin) decimals, format together.
  const estimates = rows.flatMap((row) => row.values.slice(0, k));
  const magnitudes = estimates
    .filter((v): v is number => v !== null && Number.isFinite(v) && v !== 0)
    .map(Math.abs);
  const digmin =
    magnitudes.length > 0
      ? [Math.min(...magnitudes), Math.max(...magnitudes)].map((v) => 1 + Math.floor(Math.log10(v)))
      : [1, 1];
  const roundTo = Math.max(1, digits - digmin[0], digits - digmin[1]);
  const formattedEstimates = formatR(
    estimates.map((v) => roundOrNull(v, roundTo)),
    digits,
  );
  // format() of a matrix pads every entry to the widest, so these columns share one width.
  const estimateWidth = Math.max(0, ...formattedEstimates.map((text) => text.length));
  rows.forEach((_, i) => {
    for (let j = 0; j < k; j++) cells[i][j] = formattedEstimates[i * k + j].padStart(estimateWidth);
  });
  const testDigits = Math.max(1, Math.min(5, digits - 1));
  for (const j of testColumns) {
    setColumn(
      j,
      formatR(
        column(j).map((v) => roundOrNull(v, testDigits)),
        digits,
      ),
    );
  }
  // A non-zero estimate shown as 0 is reformatted with one digit less, as R does.
  rows.forEach((row, i) => {
    for (let j = 0; j < k; j++) {
      const v = row.values[j];
      if (v !== null && v !== 0 && Number(cells[i][j]) === 0) {
        cells[i][j] = formatR([v], Math.max(1, digits - 1))[0];
      }
    }
  });
  let showStars = false;
  if (hasP) {
    const p = column(nc - 1);
    setColumn(nc - 1, formatPValues(p, testDigits));
    showStars = (options.stars ?? true) && p.some((v) => v !== null && v < 0.1);
  }
  // format(symnum(...)): the stars left-aligned to the widest present.
  const stars = showStars ? rows.map((row) => significanceStars(row.values[nc - 1])) : null;
  const starWidth = stars ? Math.max(...stars.map((star) => star.length)) : 0;
  const starColumn = stars ? stars.map((star) => star.padEnd(starWidth)) : null;
  const lines = printMatrix(
    starColumn ? [...header, ''] : header,
    rows.map((row, i) => [row.term, ...cells[i], ...(starColumn ? [starColumn[i]] : [])]),
  );
  if (showStars) lines.push('---', SIGNIFICANCE_LEGEND);
  return lines;
}

function roundOrNull(v: number | null, decimals: number): number | null {
  if (v === null || !Number.isFinite(v)) return v;
  const scale = 10 ** decimals;
  return (Math.sign(v) * Math.round(Math.abs(v) * scale)) / scale;
}
