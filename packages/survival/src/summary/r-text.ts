/** Small pieces of R's printing shared by the survival summaries. */
import { formatR } from '@muster/core';

/** R's `signif(x, digits)`. */
export function signif(x: number, digits: number): number {
  return x === 0 || !Number.isFinite(x) ? x : Number(x.toPrecision(digits));
}

/** R's `round(x, digits)` (half away from zero, as R's printed values show). */
export function round(x: number, digits: number): number {
  if (!Number.isFinite(x)) return x;
  const scale = 10 ** digits;
  return (Math.sign(x) * Math.round(Math.abs(x) * scale)) / scale;
}

/** `format(x)` of one number at R's default 7 digits (or `digits`). */
export function format1(x: number, digits = 7): string {
  return formatR([x], digits)[0];
}

/**
 * A named numeric vector as R's `print(x, digits)`: names right-aligned over their values, each
 * entry followed by one space, as many entries a line as fit in 80 characters.
 */
export function printNamedVector(
  names: readonly string[],
  values: readonly number[],
  digits: number,
): string[] {
  const formatted = formatR(values, digits);
  const width = Math.max(...names.map((n) => n.length), ...formatted.map((v) => v.length));
  const perLine = Math.max(1, Math.floor(80 / (width + 1)));
  const lines: string[] = [];
  for (let start = 0; start < names.length; start += perLine) {
    const slice = (items: readonly string[]) =>
      items
        .slice(start, start + perLine)
        .map((item) => `${item.padStart(width)} `)
        .join('');
    lines.push(slice(names), slice(formatted));
  }
  return lines;
}

/** `converged in 4 iterations` or `did not converge in 30 iterations`. */
export function convergence(fit: { converged: boolean; iterations: number }): string {
  return fit.converged
    ? `converged in ${fit.iterations} iterations`
    : `did not converge in ${fit.iterations} iterations`;
}

/** A level as R names it: `Inf` and `-Inf`, not JavaScript's `Infinity`. */
export function rLevel(level: string): string {
  return level.replace(/(^|=)(-?)Infinity(?=$|,)/g, '$1$2Inf');
}
