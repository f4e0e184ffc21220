import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { DataError, InvalidArgumentError } from '@muster/core';
import { type DataColumns, readCsv } from '@muster/formula';
import { backProject, type DelayDistribution, delayPmf } from '@muster/lag';
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

/** Read a CSV file for a lag command; a missing or unreadable file is a user error. */
export function readCsvFile(command: string, path: string): DataColumns {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new InvalidArgumentError(
      'DATA',
      `muster ${command} cannot read '${path}': ${(error as Error).message}`,
    );
  }
  return readCsv(text);
}

/** A column by name; an unknown name lists the columns. */
export function csvColumn(command: string, data: DataColumns, name: string, option: string) {
  const values = data[name];
  if (values === undefined) {
    throw new InvalidArgumentError(
      option,
      `muster ${command} requires ${option} to name a column; received '${name}' (columns: ${Object.keys(data).join(', ')})`,
    );
  }
  return values;
}

/** A count column: numbers >= 0; a missing, text or negative value names its column and row. */
export function countColumn(
  command: string,
  data: DataColumns,
  name: string,
  option: string,
): number[] {
  const values = csvColumn(command, data, name, option);
  return values.map((v, i) => {
    if (typeof v !== 'number' || !Number.isFinite(v)) {
      throw new DataError(
        `muster ${command} requires numeric counts in column '${name}'; received '${v ?? ''}' at row ${i + 1}`,
        { column: name, row: i + 1 },
      );
    }
    if (v < 0) {
      throw new DataError(
        `muster ${command} requires non-negative counts in column '${name}'; received ${v} at row ${i + 1}`,
        { column: name, row: i + 1 },
      );
    }
    return v;
  });
}

/** Parse a numeric option. */
export function numeric(
  command: string,
  option: string,
  text: string | undefined,
): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value)) {
    throw new InvalidArgumentError(
      option,
      `muster ${command} requires a number for ${option}; received '${text}'`,
    );
  }
  return value;
}

/**
 * The delay from --delay FAMILY:mean=M,sd=S,max=D (gamma, lognormal, negbin) or --delay-pmf
 * p0,p1,... (exactly one of them).
 */
export function parseDelay(
  command: string,
  spec: string | undefined,
  pmf: string | undefined,
): DelayDistribution | number[] {
  if ((spec === undefined) === (pmf === undefined)) {
    throw new InvalidArgumentError(
      '--delay',
      `muster ${command} requires exactly one of --delay and --delay-pmf`,
    );
  }
  if (pmf !== undefined)
    return pmf.split(',').map((p) => numeric(command, '--delay-pmf', p) as number);
  const match = /^(gamma|lognormal|negbin|negative-binomial):(.*)$/.exec((spec as string).trim());
  if (!match) {
    throw new InvalidArgumentError(
      '--delay',
      `muster ${command} requires --delay as gamma:mean=M,sd=S,max=D (or lognormal:, negbin:); received '${spec}'`,
    );
  }
  const parameters: Record<string, number> = {};
  for (const part of match[2].split(',')) {
    const [key, value] = part.split('=');
    if (!['mean', 'sd', 'max'].includes(key) || value === undefined) {
      throw new InvalidArgumentError(
        '--delay',
        `muster ${command} requires --delay parameters mean, sd and max; received '${part}'`,
      );
    }
    parameters[key] = numeric(command, '--delay', value) as number;
  }
  for (const key of ['mean', 'sd', 'max']) {
    if (parameters[key] === undefined) {
      throw new InvalidArgumentError(
        '--delay',
        `muster ${command} requires --delay to give ${key}; received '${spec}'`,
      );
    }
  }
  const family =
    match[1] === 'negbin'
      ? 'negative-binomial'
      : (match[1] as 'gamma' | 'lognormal' | 'negative-binomial');
  return delayPmf({
    distribution: family,
    mean: parameters.mean,
    sd: parameters.sd,
    maxDelay: parameters.max,
  });
}

/** Format a number for a table: 4 significant digits, NA for missing. */
export function fmt(x: number | null | undefined, digits = 4): string {
  if (x === null || x === undefined || Number.isNaN(x)) return 'NA';
  if (x !== 0 && Math.abs(x) < 1e-3) return x.toExponential(digits - 1);
  return Number(x.toPrecision(digits)).toString();
}

/** Align a table: first column left, the others right. */
export function table(cells: string[][]): string {
  const widths = cells[0].map((_, j) => Math.max(...cells.map((row) => row[j].length)));
  return cells
    .map((row) =>
      row.map((c, j) => (j === 0 ? c.padEnd(widths[j]) : c.padStart(widths[j]))).join('  '),
    )
    .join('\n');
}

export const command: Command = {
  summary: 'back-projection of offences from lagged counts (EMS, as surveillance::backprojNP)',
  usage,
  async run(args: string[]): Promise<number> {
    const name = 'backproject';
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      strict: true,
      options: {
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
      },
    });
    if (positionals.length !== 1) {
      throw new InvalidArgumentError(
        'COUNTS',
        `muster ${name} requires one COUNTS file; received ${positionals.length}\n${usage}`,
      );
    }
    if (values.count === undefined)
      throw new InvalidArgumentError('--count', `muster ${name} requires --count COL`);
    const delay = parseDelay(name, values.delay, values['delay-pmf']);
    const data = readCsvFile(name, positionals[0]);
    const counts = countColumn(name, data, values.count, '--count');
    const labels =
      values.period === undefined
        ? undefined
        : csvColumn(name, data, values.period, '--period').map(String);
    const replicates = numeric(name, '--bootstrap', values.bootstrap);
    const result = backProject(counts, delay, {
      k: numeric(name, '--k', values.k),
      eps: numeric(name, '--eps', values.eps),
      maxIter: numeric(name, '--max-iter', values['max-iter']),
      start: values.start,
      bootstrap:
        replicates === undefined
          ? undefined
          : {
              replicates,
              seed: numeric(name, '--seed', values.seed) ?? 1,
              alpha: numeric(name, '--alpha', values.alpha),
            },
    });
    if (labels) result.periods = labels;
    if (values.json) {
      process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
      return 0;
    }
    const lines = [result.method];
    lines.push(
      `k = ${result.k}, eps = ${result.eps}, ${result.iterations} iterations, ${result.converged ? 'converged' : 'NOT converged'} (relative change ${fmt(result.criterion, 3)})`,
    );
    lines.push('');
    const header = ['period', 'count', 'lambda', 'fitted'];
    const boot = result.bootstrap;
    if (boot) header.push(`lower ${(1 - boot.alpha) * 100}%`, 'upper');
    const rows = [header];
    result.lambda.forEach((lambda, t) => {
      const row = [
        result.periods?.[t] ?? String(t + 1),
        fmt(result.counts[t]),
        fmt(lambda),
        fmt(result.fitted[t]),
      ];
      if (boot) row.push(fmt(boot.lower[t]), fmt(boot.upper[t]));
      rows.push(row);
    });
    lines.push(table(rows));
    if (boot)
      lines.push('', `bootstrap: ${boot.method}, B = ${boot.replicates}, seed ${boot.seed}`);
    for (const w of result.warnings) lines.push(`warning: ${w.message}`);
    process.stdout.write(`${lines.join('\n')}\n`);
    return 0;
  },
};
