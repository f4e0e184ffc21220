import { InvalidArgumentError } from '@muster/core';
import { backProject, format, pipelineEstimate } from '@muster/lag';
import { printJson, printLines } from '../cli-support/output.ts';
import { parseDelay } from '../cli-support/parse-delay.ts';
import {
  boundedOption,
  integerOption,
  numeric,
  parseCommandArgs,
} from '../cli-support/parse-options.ts';
import { countColumn, csvColumn, readCsvFile } from '../cli-support/read-data.ts';
import { BOOTSTRAP, K, MAX_ITER, RATE } from '../cli-support/sizes.ts';
import type { Command } from '../command.ts';

const usage = `usage: muster pipeline (COUNTS.csv --count COL | --rate R)
                 (--delay gamma:mean=M,sd=S,max=D | --delay-pmf p0,p1,...)
                 [--at PERIOD] [--period COL] [--level 0.9]
                 [--bootstrap B] [--seed S] [--k K] [--eps E] [--max-iter N] [--json]

Offences committed by a period that have not reached court by then: sum_d lambda(at - d) P(delay > d).
With --rate R the offence rate is steady at R per period (R E[delay] pending). With COUNTS the
lagged counts (court cases received) are first back-projected to offences (EMS as backprojNP, k
2, eps 0.005, max-iter 250 by default) and the interval mixes the Poisson count over B bootstrap
replicates of the offence series (default 200). --at names a period (a value of --period, or a
1-based row number); default the last.`;

/** With --rate there is no series to back-project: its options would have no effect. */
function refuseWithRate(values: Record<string, unknown>): void {
  for (const option of ['count', 'at', 'period', 'bootstrap', 'seed', 'k', 'eps', 'max-iter']) {
    if (values[option] !== undefined) {
      throw new InvalidArgumentError(
        `--${option}`,
        `muster pipeline requires a COUNTS file for --${option} to have an effect; received --${option} with --rate`,
      );
    }
  }
}

export const command: Command = {
  summary: 'offences not yet in court (pipeline) with an interval',
  usage,
  async run(args: string[]): Promise<number> {
    const name = 'pipeline';
    const { values, positionals } = parseCommandArgs(args, {
      count: { type: 'string' },
      rate: { type: 'string' },
      delay: { type: 'string' },
      'delay-pmf': { type: 'string' },
      at: { type: 'string' },
      period: { type: 'string' },
      level: { type: 'string' },
      bootstrap: { type: 'string' },
      seed: { type: 'string' },
      k: { type: 'string' },
      eps: { type: 'string' },
      'max-iter': { type: 'string' },
      json: { type: 'boolean', default: false },
    });
    const delay = parseDelay(name, values.delay, values['delay-pmf']);
    const level = numeric(name, '--level', values.level);
    const rate = boundedOption(name, '--rate', values.rate, RATE);
    if ((rate === undefined) === (positionals.length === 0)) {
      throw new InvalidArgumentError(
        '--rate',
        `muster ${name} requires either a COUNTS file with --count or --rate\n${usage}`,
      );
    }
    if (rate !== undefined) {
      refuseWithRate(values);
      const result = pipelineEstimate({ rate, delay, confLevel: level });
      return values.json ? printJson(result) : printLines([format(result)]);
    }
    if (positionals.length !== 1) {
      throw new InvalidArgumentError(
        'COUNTS',
        `muster ${name} requires one COUNTS file; received ${positionals.length}`,
      );
    }
    if (values.count === undefined)
      throw new InvalidArgumentError(
        '--count',
        `muster ${name} requires --count COL with a COUNTS file`,
      );
    const data = readCsvFile(name, positionals[0]);
    const counts = countColumn(name, data, values.count, '--count');
    const labels =
      values.period === undefined
        ? counts.map((_, i) => String(i + 1))
        : csvColumn(name, data, values.period, '--period').map(String);
    let at = counts.length - 1;
    if (values.at !== undefined) {
      at = labels.indexOf(values.at);
      if (at < 0) {
        throw new InvalidArgumentError(
          '--at',
          `muster ${name} requires --at to name a period of ${values.period === undefined ? 'the rows (1-based)' : `column '${values.period}'`}; received '${values.at}'`,
        );
      }
    }
    const replicates = integerOption(name, '--bootstrap', values.bootstrap, BOOTSTRAP) ?? 200;
    const fit = backProject(counts, delay, {
      k: integerOption(name, '--k', values.k, K),
      tolerance: numeric(name, '--eps', values.eps),
      maxIter: integerOption(name, '--max-iter', values['max-iter'], MAX_ITER),
      bootstrap: {
        replicates,
        seed: numeric(name, '--seed', values.seed) ?? 1,
        keepReplicates: true,
      },
    });
    const result = pipelineEstimate({
      offences: fit.lambda,
      delay,
      at,
      confLevel: level,
      samples: fit.bootstrap?.samples,
      periods: labels,
    });
    const output = {
      ...result,
      period: labels[at],
      offences: {
        method: fit.method,
        periods: labels,
        lambda: fit.lambda,
        iterations: fit.iterations,
        converged: fit.converged,
      },
      warnings: fit.warnings,
    };
    return values.json ? printJson(output) : printLines([format(output)]);
  },
};
