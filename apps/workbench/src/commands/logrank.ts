import { InvalidArgumentError } from '@muster/core';
import { logRank, summary } from '@muster/survival';
import { printJson, printLines } from '../cli-support/output.ts';
import { numeric, parseCommandArgs, requireOneFile } from '../cli-support/parse-options.ts';
import { readDataFile } from '../cli-support/read-data.ts';
import type { Command } from '../command.ts';

const usage = `usage: muster logrank DATA --formula "Surv(time, status) ~ g [+ strata(s)]" [--rho R] [--json]

Weighted log-rank test of the G-rho family (as R's survdiff): rho = 0 (default) is the log-rank
test, rho = 1 the Peto-Peto test. strata() terms stratify the test. Prints R's print(survdiff(...))
under a line naming the test.`;

export const command: Command = {
  summary: 'Log-rank (G-rho) test comparing survival between groups',
  usage,
  async run(args: string[]): Promise<number> {
    const { values, positionals } = parseCommandArgs(args, {
      formula: { type: 'string' },
      rho: { type: 'string' },
      json: { type: 'boolean', default: false },
    });
    const file = requireOneFile('logrank', positionals, usage);
    if (values.formula === undefined) {
      throw new InvalidArgumentError('--formula', 'muster logrank requires --formula');
    }
    const data = await readDataFile('logrank', file);
    const rho = values.rho === undefined ? 0 : numeric('logrank', '--rho', values.rho);
    const result = logRank(values.formula, data, { rho });
    if (values.json) return printJson(result);
    const lines = summary(result, { header: true }).split('\n');
    for (const w of result.warnings) lines.push(`warning: ${w.message}`);
    return printLines(lines);
  },
};
