/**
 * Format a double as R's `as.character()` and `deparse()` do with 15 significant digits:
 * the fewest significant digits (at most 15) that represent the value, in fixed notation unless
 * scientific notation is narrower (R's `formatReal` with `scipen = 0`).
 * `1` -> "1", `0.5` -> "0.5", `1e-4` -> "1e-04", `1e5` -> "1e+05", `123456` -> "123456".
 */
export function formatNumber(x: number): string {
  if (Number.isNaN(x)) return 'NaN';
  if (x === Number.POSITIVE_INFINITY) return 'Inf';
  if (x === Number.NEGATIVE_INFINITY) return '-Inf';
  if (x === 0) return '0';
  const negative = x < 0;
  const exponential = Math.abs(x).toExponential(14); // d.dddddddddddddde[+-]k
  const [mantissaText, exponentText] = exponential.split('e') as [string, string];
  const digits = mantissaText.replace('.', '').replace(/0+$/, '');
  const significant = Math.max(1, digits.length);
  const power = Number(exponentText);
  const sign = negative ? 1 : 0;
  // Width in fixed notation.
  const decimals = Math.max(0, significant - power - 1);
  const fixedWidth = sign + (power >= 0 ? power + 1 : 1) + (decimals > 0 ? decimals + 1 : 0);
  // Width in scientific notation: mantissa, 'e', sign, at least two exponent digits.
  const exponentDigits = Math.abs(power) >= 100 ? 3 : 2;
  const sciWidth = sign + (significant > 1 ? significant + 1 : 1) + 2 + exponentDigits;
  if (fixedWidth <= sciWidth) {
    return (negative ? '-' : '') + Math.abs(x).toFixed(decimals);
  }
  const mantissa =
    significant > 1 ? `${digits[0]}.${digits.slice(1, significant)}` : (digits[0] ?? '0');
  const exponentAbs = String(Math.abs(power)).padStart(2, '0');
  return `${negative ? '-' : ''}${mantissa}e${power < 0 ? '-' : '+'}${exponentAbs}`;
}
