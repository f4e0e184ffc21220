import { InvalidArgumentError } from '@muster/core';
import { backProject, format } from '@muster/lag';
import { printJson, printLines } from '../cli-support/output.ts';
import { parseDelay } from '../cli-support/parse-delay.ts';
import {
  integerOption,
  numeric,
  parseCommandArgs,
  requireOneFile,
  requireWith,
} from '../cli-support/parse-options.ts';
import { countColumn, csvColumn, readCsvFile } from '../cli-support/read-data.ts';
import { BOOTSTRAP, K, MAX_ITER } from '../cli-support/sizes.ts';
import type { Command } from '../command.ts';

const usage = `usage: muster backproject COUNTS.csv --count COL
                 (--delay gamma:mean=M,sd=S,max=D | --delay-pmf p0,p1,...)
                 [--k K] [--eps E] [--max-iter N] [--period COL | --start YYYY-MM]
                 [--bootstrap B] [--seed S] [--alpha A] [--json]

Back-projection of offences from lagged counts (court cases received, sentences) by Becker's EMS
algorithm, as R's surveillance::backprojNP(sts, pmf, control = list(k, eps, iter.max, B)).
Defaults are backprojNP's: k = 2, eps = 0.005, max-iter = 250. The delay is a discretised
distribution (gamma:, lognormal: or negbin: with mean, sd and max in periods) or an explicit pmf
that sums to 1. --bootstrap B adds backprojNP's parametric bootstrap intervals (level 1 - alpha).`;

export const command: Command = {
  summary: 'back-projection of offences from lagged counts (EMS, as surveillance::backprojNP)',
  usage,
  async run(args: string[]): Promise<number> {
    const name = 'backproject';
    const { values, positionals } = parseCommandArgs(args, {
      count: { type: 'string' },
      delay: { type: 'string' },
      'delay-pmf': { type: 'string' },
      k: { type: 'string' },
      eps: { type: 'string' },
      'max-iter': { type: 'string' },
      period: { type: 'string' },
      start: { type: 'string' },
      bootstrap: { type: 'string' },
      seed: { type: 'string' },
      alpha: { type: 'string' },
      json: { type: 'boolean', default: false },
    });
    const file = requireOneFile(name, positionals, usage, 'COUNTS');
    requireWith(name, values, 'seed', 'bootstrap');
    requireWith(name, values, 'alpha', 'bootstrap');
    if (values.count === undefined)
      throw new InvalidArgumentError('--count', `muster ${name} requires --count COL`);
    const delay = parseDelay(name, values.delay, values['delay-pmf']);
    const data = readCsvFile(name, file);
    const counts = countColumn(name, data, values.count, '--count');
    const labels =
      values.period === undefined
        ? undefined
        : csvColumn(name, data, values.period, '--period').map(String);
    const replicates = integerOption(name, '--bootstrap', values.bootstrap, BOOTSTRAP);
    const result = backProject(counts, delay, {
      k: integerOption(name, '--k', values.k, K),
      tolerance: numeric(name, '--eps', values.eps),
      maxIter: integerOption(name, '--max-iter', values['max-iter'], MAX_ITER),
      start: values.start,
      bootstrap:
        replicates === undefined
          ? undefined
          : {
              replicates,
              seed: numeric(name, '--seed', values.seed) ?? 1,
              confLevel: confLevelOf(numeric(name, '--alpha', values.alpha)),
            },
    });
    if (labels) result.periods = labels;
    if (values.json) return printJson(result);
    return printLines([format(result)]);
  },
};

/** backprojNP's alpha as a confidence level (undefined keeps the default 0.95). */
function confLevelOf(alpha: number | undefined): number | undefined {
  return alpha === undefined ? undefined : 1 - alpha;
}
