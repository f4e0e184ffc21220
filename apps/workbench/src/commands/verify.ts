import { relative } from 'node:path';
import { parseArgs } from 'node:util';
import { InvalidArgumentError } from '@muster/core';
import { verifyReport } from '@muster/report';
import type { Command } from '../command.ts';

const usage = `usage: muster verify REPORT... [--notebook PATH] [--json]

Re-run the notebook a report was rendered from (found through the report's provenance manifest,
or given with --notebook), with the recorded parameters, render the same format and compare
bytes. Prints what differs: notebook, input files (SHA-256), parameters, seed, versions of Node
and packages, each cell whose output changed, or where the rendering differs.
Exit status: 0 when every report is reproduced byte for byte, 1 otherwise, 2 for usage errors.`;

export const command: Command = {
  summary: 'Re-run a report and say exactly what differs',
  usage,
  async run(args: string[]): Promise<number> {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      strict: true,
      options: {
        notebook: { type: 'string' },
        json: { type: 'boolean', default: false },
      },
    });
    if (positionals.length === 0)
      throw new InvalidArgumentError('REPORT', 'muster verify requires at least one REPORT file');
    if (values.notebook !== undefined && positionals.length > 1) {
      throw new InvalidArgumentError(
        '--notebook',
        'muster verify accepts --notebook with a single REPORT only',
      );
    }
    process.env.TZ = 'UTC';
    const results = [];
    for (const report of positionals) {
      results.push(await verifyReport(report, { notebook: values.notebook }));
    }
    if (values.json) {
      process.stdout.write(
        `${JSON.stringify(results.length === 1 ? results[0] : results, null, 2)}\n`,
      );
    } else {
      for (const result of results) {
        const report = relative(process.cwd(), result.report);
        const notebook = relative(process.cwd(), result.notebook);
        if (result.identical) {
          process.stdout.write(`${report}: identical to a fresh render of ${notebook}\n`);
          continue;
        }
        process.stdout.write(`${report}: differs from a fresh render of ${notebook}\n`);
        for (const difference of result.differences)
          process.stdout.write(`  ${difference.message}\n`);
      }
    }
    return results.every((result) => result.identical) ? 0 : 1;
  },
};
