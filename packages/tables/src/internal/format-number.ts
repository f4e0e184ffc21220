/** Number formatting of table cells: significant digits, fixed decimals and R's p-values. */

const EPSILON = 2.220446049250313e-16;

/** R's two-digit exponent: `1.2e-5` -> `1.2e-05`. */
function rExponent(text: string): string {
  return text.replace(/e([+-])(\d)$/, 'e$10$2');
}

/**
 * `value` rounded to `digits` significant digits and printed as R's `format(signif(x, digits),
 * digits = digits)` prints one number: trailing zeros dropped (0.1, 1230, 10), fixed notation
 * unless scientific is shorter (2e-05, 1.23e+08; a tie stays fixed).
 */
export function formatSignificant(value: number | null, digits: number): string {
  if (value === null) return '';
  if (Number.isNaN(value)) return 'NaN';
  if (!Number.isFinite(value)) return value > 0 ? 'Inf' : '-Inf';
  const rounded = Number(value.toPrecision(digits));
  if (rounded === 0) return '0';
  let significant = digits;
  while (significant > 1 && Number(rounded.toPrecision(significant - 1)) === rounded)
    significant -= 1;
  const scientific = rounded.toExponential(significant - 1);
  const exponent = Number(scientific.slice(scientific.indexOf('e') + 1));
  const fixed = rounded.toFixed(Math.min(100, Math.max(0, significant - 1 - exponent)));
  const sci = rExponent(scientific);
  return fixed.length <= sci.length ? fixed : sci;
}

/** Fixed decimals (counts as integers: `decimals` 0). */
export function formatFixed(value: number | null, decimals: number): string {
  if (value === null) return '';
  if (Number.isNaN(value)) return 'NaN';
  if (!Number.isFinite(value)) return value > 0 ? 'Inf' : '-Inf';
  const text = value.toFixed(decimals);
  return /^-0\.?0*$/.test(text) ? text.slice(1) : text;
}

/**
 * A p-value as R's `format.pval(p, digits)` prints one value: `<2e-16` below machine epsilon,
 * else as {@link formatSignificant} (`0.0123`, `0.5`, `1.23e-05`, `3e-10`).
 */
export function formatPValue(value: number | null, digits: number): string {
  if (value === null) return '';
  if (!Number.isNaN(value) && value < EPSILON) return '<2e-16';
  return formatSignificant(value, digits);
}

/** The stars of a p-value: the symbol of the smallest threshold above it (thresholds sorted). */
export function starsOf(pValue: number | null, thresholds: [string, number][] | null): string {
  if (thresholds === null || pValue === null || Number.isNaN(pValue)) return '';
  let symbol = '';
  for (const [mark, threshold] of thresholds) if (pValue < threshold) symbol = mark;
  return symbol;
}
