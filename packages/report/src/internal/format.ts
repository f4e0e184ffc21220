/**
 * Number formatting for reports, independent of locale and platform: `digits` significant digits,
 * trailing zeros dropped, scientific notation (two-digit exponent, as R prints) below 1e-4 and from
 * 1e15 on, and R's spellings of the special values (`NaN`, `Inf`, `-Inf`, `NA` for null).
 */
export function formatNumber(value: number | null | undefined, digits = 7): string {
  if (value === null || value === undefined) return 'NA';
  if (Number.isNaN(value)) return 'NaN';
  if (value === Number.POSITIVE_INFINITY) return 'Inf';
  if (value === Number.NEGATIVE_INFINITY) return '-Inf';
  if (value === 0) return '0';
  if (Number.isInteger(value) && Math.abs(value) < 1e15) return String(value);
  const magnitude = Math.abs(value);
  if (magnitude < 1e-4 || magnitude >= 1e15) {
    const [mantissa, exponent] = value.toExponential(digits - 1).split('e');
    const trimmed = mantissa.includes('.')
      ? mantissa.replace(/0+$/, '').replace(/\.$/, '')
      : mantissa;
    const sign = exponent[0] === '-' ? '-' : '+';
    const power = exponent.replace(/^[+-]/, '').padStart(2, '0');
    return `${trimmed}e${sign}${power}`;
  }
  const fixed = value.toPrecision(digits);
  if (fixed.includes('e')) return formatNumber(Number(fixed), digits);
  return fixed.includes('.') ? fixed.replace(/0+$/, '').replace(/\.$/, '') : fixed;
}

/** A p-value as R's `format.pval` shows it in model summaries: 3 significant digits, `< 2e-16`. */
export function formatPValue(value: number | null | undefined): string {
  if (value === null || value === undefined) return 'NA';
  if (value < 2.220446e-16) return '< 2e-16';
  return formatNumber(value, 3);
}

/** Characters of one text value a report shows; the rest is counted in a note. */
export const TEXT_LIMIT = 100_000;

/** Cut a text to {@link TEXT_LIMIT} characters, with a note saying how much was left out. */
export function truncateText(text: string): string {
  if (text.length <= TEXT_LIMIT) return text;
  return `${text.slice(0, TEXT_LIMIT)}\n... (${text.length - TEXT_LIMIT} more characters not shown: a report shows at most ${TEXT_LIMIT} characters of a value)`;
}

/** Any value as a short line of text (tables, inline expressions); long text is cut with a note. */
export function formatValue(value: unknown, digits = 7): string {
  if (value === null || value === undefined) return value === null ? 'NA' : '';
  if (typeof value === 'number') return formatNumber(value, digits);
  if (typeof value === 'string') return truncateText(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'bigint') return value.toString();
  if (value instanceof Date)
    return Number.isNaN(value.getTime()) ? 'Invalid Date' : value.toISOString();
  if (Array.isArray(value) || ArrayBuffer.isView(value)) {
    const items = Array.from(value as ArrayLike<unknown>);
    const shown = items.slice(0, 20).map((item) => formatValue(item, digits));
    return items.length > 20
      ? `${shown.join(', ')}, ... (${items.length} values)`
      : shown.join(', ');
  }
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
