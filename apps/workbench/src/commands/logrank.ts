import { parseArgs } from 'node:util';
import { InvalidArgumentError } from '@muster/core';
import { logRank } from '@muster/survival';
import type { Command } from '../command.ts';
import { fmt, numberOption, pad, readDataFile } from './km.ts';

const usage = `usage: muster logrank DATA --formula "Surv(time, status) ~ g [+ strata(s)]" [--rho R] [--json]

Weighted log-rank test of the G-rho family (as R's survdiff): rho = 0 (default) is the log-rank
test, rho = 1 the Peto-Peto test. strata() terms stratify the test.`;

export const command: Command = {
  summary: 'Log-rank (G-rho) test comparing survival between groups',
  usage,
  async run(args: string[]): Promise<number> {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      strict: true,
      options: {
        formula: { type: 'string' },
        rho: { type: 'string' },
        json: { type: 'boolean', default: false },
      },
    });
    if (positionals.length !== 1) {
      throw new InvalidArgumentError(
        'DATA',
        `muster logrank requires one DATA file; received ${positionals.length}\n${usage}`,
      );
    }
    if (values.formula === undefined) {
      throw new InvalidArgumentError('--formula', 'muster logrank requires --formula');
    }
    const data = readDataFile('logrank', positionals[0]);
    const rho = values.rho === undefined ? 0 : numberOption('logrank', '--rho', values.rho);
    const result = logRank(values.formula, data, { rho });
    if (values.json) {
      process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
      return 0;
    }
    const lines: string[] = [];
    lines.push(
      `${result.method === 'G-rho' ? `G-rho (rho = ${rho})` : result.method} test: ${result.formula}`,
    );
    if (result.strata) lines.push(`stratified by ${result.strata.length} strata`);
    lines.push(
      `n = ${result.nobs}${result.nDropped > 0 ? ` (${result.nDropped} row(s) dropped for missing values)` : ''}`,
    );
    lines.push('');
    lines.push(
      pad([
        ['', 'N', 'Observed', 'Expected', '(O-E)^2/E', '(O-E)^2/V'],
        ...result.groups.map((g, i) => [
          g.group,
          String(g.n),
          fmt(g.observed),
          fmt(g.expected),
          fmt((g.observed - g.expected) ** 2 / g.expected),
          fmt((g.observed - g.expected) ** 2 / result.variance[i][i]),
        ]),
      ]),
    );
    lines.push(
      '',
      ` Chisq = ${fmt(result.chisq)} on ${result.df} degrees of freedom, p = ${fmt(result.pValue, 3)}`,
    );
    for (const w of result.warnings) lines.push(`warning: ${w.message}`);
    process.stdout.write(`${lines.join('\n')}\n`);
    return 0;
  },
};
