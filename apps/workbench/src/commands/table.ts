import { readFileSync } from 'node:fs';
import { type FitResultBase, InvalidArgumentError, isFitResult } from '@muster/core';
import { regressionTable, type UncertaintyStatistic } from '@muster/tables';
import { flushWarnings } from '../cli-support/output.ts';
import { parseCommandArgs } from '../cli-support/parse-options.ts';
import { tableFormat, tableText } from '../cli-support/regression-table.ts';
import type { Command } from '../command.ts';

const usage = `usage: muster table FIT.json [FIT.json ...] [--format text|markdown|latex|csv]
                    [--names A,B,...] [--exponentiate] [--stars]
                    [--uncertainty stdError|confInt|statistic|pValue|none] [--title TEXT]

Lays out fits saved with --json (muster glm, glmer, cox, aft, finegray ... --json > fit.json) side
by side, one column per file: estimates with standard errors beneath, N, events, clusters,
log-likelihood, AIC, BIC, deviance and McFadden's R² where they apply, and each model's method
and covariance. --names gives the column headings (default (1), (2), ...); --exponentiate shows
odds, hazard or rate ratios (delta-method standard errors); --stars adds * 0.05, ** 0.01,
*** 0.001. Prints aligned text, or Markdown, LaTeX (booktabs) or CSV with --format.`;

const UNCERTAINTIES = ['stdError', 'confInt', 'statistic', 'pValue', 'none'];

/** A saved fit: the JSON a command printed with --json, with the fields every fit shares. */
function readFit(file: string): FitResultBase {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new InvalidArgumentError('FIT', `muster table cannot read '${file}'`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new InvalidArgumentError(
      'FIT',
      `muster table requires saved fits (the --json output of a model command); '${file}' is not JSON`,
    );
  }
  if (!isFitResult(value)) {
    const kind = (value as { kind?: unknown } | null)?.kind;
    throw new InvalidArgumentError(
      'FIT',
      `muster table requires saved fits (the --json output of a model command); '${file}' is ${typeof kind === 'string' ? `a '${kind}' result without coefficients, vcovType, confLevel and nobs` : 'not one'}`,
    );
  }
  return value;
}

function modelNames(text: string | undefined, count: number): string[] | undefined {
  if (text === undefined) return undefined;
  const names = text.split(',');
  if (names.length !== count)
    throw new InvalidArgumentError(
      '--names',
      `muster table requires one name per FIT file in --names (${count}); received '${text}'`,
    );
  return names;
}

export const command: Command = {
  summary: 'Regression table of fits saved with --json, side by side',
  usage,
  async run(args: string[]): Promise<number> {
    const { values, positionals } = parseCommandArgs(args, {
      format: { type: 'string' },
      names: { type: 'string' },
      exponentiate: { type: 'boolean', default: false },
      stars: { type: 'boolean', default: false },
      uncertainty: { type: 'string' },
      title: { type: 'string' },
    });
    if (positionals.length === 0)
      throw new InvalidArgumentError(
        'FIT',
        `muster table requires at least one FIT.json file; received none\n${usage}`,
      );
    const format = tableFormat('table', values.format);
    if (values.uncertainty !== undefined && !UNCERTAINTIES.includes(values.uncertainty))
      throw new InvalidArgumentError(
        '--uncertainty',
        `muster table requires --uncertainty ${UNCERTAINTIES.join('|')}; received '${values.uncertainty}'`,
      );
    const fits = positionals.map(readFit);
    const table = regressionTable(fits, {
      modelNames: modelNames(values.names, fits.length),
      exponentiate: values.exponentiate,
      stars: values.stars,
      uncertainty: values.uncertainty as UncertaintyStatistic | undefined,
      title: values.title ?? null,
    });
    flushWarnings();
    process.stdout.write(tableText(table, format));
    return 0;
  },
};
