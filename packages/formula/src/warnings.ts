/**
 * The warning catalogue of @muster/formula: every code its functions report, with one message
 * builder per code. Consumers switch on `warning.code`, never on the text.
 */
import { type MusterWarning, warning } from '@muster/core';

/** Codes of the warnings of @muster/formula (`readCsv`'s `onWarning`). */
export type WarningCode = 'text-in-numeric-column';

/** A warning of @muster/formula. */
export type FormulaWarning = MusterWarning<WarningCode>;

/**
 * One message builder per {@link WarningCode}.
 *
 * @example
 * ```ts
 * import { formulaWarnings } from '@muster/formula';
 * formulaWarnings.textInNumericColumn('x', ['row 3 "n/a"'], 1, 9).subjects;
 * // => ['x']
 * ```
 */
export const formulaWarnings = {
  /**
   * A column read as text although most of its entries are numbers: `examples` lists the first
   * few rows and values that are not, `count` how many there are of `total` entries.
   */
  textInNumericColumn: (
    name: string,
    examples: string[],
    count: number,
    total: number,
  ): FormulaWarning =>
    warning(
      'text-in-numeric-column',
      `readCsv reads column '${name}' as text, as R's read.csv does, because ${count} of its ${total} entries ${count === 1 ? 'is' : 'are'} not a number: ${examples.join(', ')}${count > examples.length ? ', ...' : ''}; correct or remove ${count === 1 ? 'it' : 'them'} to use '${name}' as numbers`,
      [name],
    ),
} satisfies Record<string, (...args: never[]) => FormulaWarning>;
