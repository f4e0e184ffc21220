/** Regression tables on the command line: the format option and the table's text. */
import { InvalidArgumentError } from '@muster/core';
import { type RegressionTable, regressionTable } from '@muster/tables';
import { flushWarnings } from './output.ts';

export const TABLE_FORMATS = ['text', 'markdown', 'latex', 'csv'] as const;
export type TableFormat = (typeof TABLE_FORMATS)[number];

/** `--format` checked (default text). */
export function tableFormat(command: string, text: string | undefined): TableFormat {
  if (text === undefined) return 'text';
  if (!(TABLE_FORMATS as readonly string[]).includes(text))
    throw new InvalidArgumentError(
      '--format',
      `muster ${command} requires --format ${TABLE_FORMATS.join('|')}; received '${text}'`,
    );
  return text as TableFormat;
}

/** The table in the chosen format, ending with one newline. */
export function tableText(table: RegressionTable, format: TableFormat): string {
  switch (format) {
    case 'text':
      return table.toText();
    case 'markdown':
      return table.toMarkdown();
    case 'latex':
      return table.toLatex();
    case 'csv':
      return table.toCsv();
  }
}

/** `--table`: the regression table of one fit as text, its warnings after it; exit code 0. */
export function printTable(fit: { warnings: { message: string }[] }): number {
  const table = regressionTable([fit]);
  flushWarnings();
  const warnings = fit.warnings.map((w) => `warning: ${w.message}\n`).join('');
  process.stdout.write(`${table.toText()}${warnings}`);
  return 0;
}
