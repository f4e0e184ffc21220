import { deparseFormula } from './internal/deparse.ts';
import { parseFormula } from './parse-formula.ts';
import type { Formula } from './types.ts';

/**
 * Print a formula as R's `deparse` does: spaces around `~ + - * %in%`, none around `/`, `^` and
 * `:`, numbers with up to 15 significant digits (`1e-04`), non-syntactic names in backticks.
 * Parsing the output gives the same tree (parse -> print -> parse is stable).
 *
 * @param formula - A parsed formula, or formula text (parsed first).
 * @returns The formula text in R's canonical spelling.
 * @throws FormulaError when `formula` is text that does not parse.
 * @example
 * ```ts
 * formatFormula(parseFormula('y~x*z+I(x ** 2)'));
 * // => 'y ~ x * z + I(x^2)'
 * ```
 */
export function formatFormula(formula: Formula | string): string {
  return deparseFormula(typeof formula === 'string' ? parseFormula(formula) : formula);
}
