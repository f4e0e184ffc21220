import { DataError, InvalidArgumentError } from '@muster/core';
import type { DataColumns } from '@muster/formula';
import { type Figure, format, reconstruct } from '@muster/lag';
import { printJson, printLines } from '../cli-support/output.ts';
import { parseDelay } from '../cli-support/parse-delay.ts';
import {
  integerOption,
  numeric,
  parseCommandArgs,
  requireOneFile,
} from '../cli-support/parse-options.ts';
import { csvColumn, readCsvFile } from '../cli-support/read-data.ts';
import { DRAWS } from '../cli-support/sizes.ts';
import type { Command } from '../command.ts';
import { parseDelayPrior } from './reconstruct-delay-prior.ts';

const usage = `usage: muster reconstruct FIGURES.csv [--where COL=VALUE ...]
                 [--id COL] [--start COL] [--end COL] [--value COL] [--qualifier COL] [--per COL]
                 [--from YYYY-MM] [--to YYYY-MM] [--approximate-sd 0.1] [--order 1|2|auto]
                 [--breaks auto|none|DATE,... | --break-candidates DATE,...]
                 [--smoothing TAU] [--level 0.9] [--draws N] [--seed S]
                 [--delay gamma:mean=M,sd=S,max=D | --delay-pmf p0,p1,...
                  | --delay-prior gamma:mean=M,sd=S,max=D[,mean-spread=0.3,shape-spread=0.3]
                      [,lengthening=true | ,lengthening-from=YYYY-MM,lengthening-per-year=R,
                       lengthening-per-year-sd=RS]]
                 [--no-checks] [--json]

Monthly series from published figures over irregular windows: each row is a figure with a window
[start, end] (YYYY-MM-DD or YYYY-MM), a value and a qualifier (exact, approximate, lower_bound).
Poisson likelihood with a random-walk roughness penalty on the log series, lower bounds censored,
intervals. The series is whatever the figures count (court cases received, sentences); with a
delay it is also back-projected to offences (--delay-prior: over a prior on the delay's mean and
shape; lengthening=true lets the mean delay lengthen or shorten by about a month a year, a prior
centred at no change; lengthening-from, -per-year and -per-year-sd state a backlog you expect:
the mean delay changes by R months a year, prior sd RS, from that month, or around the middle
month without lengthening-from). --breaks names dates where the series may jump (the
mobilisation: 2022-09-21); by default (auto) the breaks are searched among the figure window edges by marginal likelihood and
named in a warning, --breaks none fits without; --break-candidates lets the marginal likelihood
choose among given dates; --order auto (the default) chooses the penalty order. Every figure is checked against the others (leave-one-out): figures
that do not fit are named in warnings (--no-checks skips this). --where keeps rows with COL equal to VALUE (repeat
it to combine). Column defaults follow the AWOL figure tables: figure_id, as_of_or_period_start
or period_start, period_end, value, qualifier; --per names a column whose text says "per month",
"per week" or "per day" for rates.`;

function pick(
  data: DataColumns,
  given: string | undefined,
  candidates: string[],
  option: string,
  required: boolean,
) {
  if (given !== undefined) return csvColumn('reconstruct', data, given, option);
  for (const name of candidates) if (data[name] !== undefined) return data[name];
  if (!required) return undefined;
  throw new InvalidArgumentError(
    option,
    `muster reconstruct requires ${option} COL (no column named ${candidates.join(' or ')}; columns: ${Object.keys(data).join(', ')})`,
  );
}

function perUnit(text: string | number | null): Figure['per'] {
  const s = String(text ?? '').toLowerCase();
  if (/per[ _]month/.test(s)) return 'month';
  if (/per[ _]week/.test(s)) return 'week';
  if (/per[ _]day/.test(s)) return 'day';
  return 'total';
}

export const command: Command = {
  summary: 'monthly series from published aggregates over irregular windows (and offences)',
  usage,
  async run(args: string[]): Promise<number> {
    const name = 'reconstruct';
    const { values, positionals } = parseCommandArgs(args, {
      where: { type: 'string', multiple: true },
      id: { type: 'string' },
      start: { type: 'string' },
      end: { type: 'string' },
      value: { type: 'string' },
      qualifier: { type: 'string' },
      per: { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
      'approximate-sd': { type: 'string' },
      order: { type: 'string' },
      smoothing: { type: 'string' },
      level: { type: 'string' },
      draws: { type: 'string' },
      seed: { type: 'string' },
      delay: { type: 'string' },
      'delay-pmf': { type: 'string' },
      'delay-prior': { type: 'string' },
      breaks: { type: 'string' },
      'break-candidates': { type: 'string' },
      'no-checks': { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
    });
    const file = requireOneFile(name, positionals, usage, 'FIGURES');
    const data = readCsvFile(name, file);
    const ids = pick(data, values.id, ['figure_id', 'id'], '--id', false);
    const starts = pick(
      data,
      values.start,
      ['start', 'period_start', 'as_of_or_period_start'],
      '--start',
      true,
    )!;
    const ends = pick(data, values.end, ['end', 'period_end'], '--end', true)!;
    const figureValues = pick(data, values.value, ['value'], '--value', true)!;
    const qualifiers = pick(data, values.qualifier, ['qualifier'], '--qualifier', true)!;
    const per = values.per === undefined ? undefined : csvColumn(name, data, values.per, '--per');
    const filters = (values.where ?? []).map((clause) => {
      const at = clause.indexOf('=');
      if (at <= 0)
        throw new InvalidArgumentError(
          '--where',
          `muster ${name} requires --where COL=VALUE; received '${clause}'`,
        );
      const column = clause.slice(0, at);
      return { values: csvColumn(name, data, column, '--where'), wanted: clause.slice(at + 1) };
    });
    const figures: Figure[] = [];
    for (let i = 0; i < starts.length; i++) {
      if (!filters.every((f) => String(f.values[i] ?? '') === f.wanted)) continue;
      const value = figureValues[i];
      const id = ids?.[i] ?? `row ${i + 1}`;
      if (typeof value !== 'number') {
        throw new DataError(
          `muster ${name} requires a numeric value for figure ${id}; received '${value ?? ''}' at row ${i + 1}`,
          {
            column: values.value ?? 'value',
            row: i + 1,
          },
        );
      }
      figures.push({
        id: String(id),
        start: String(starts[i] ?? ''),
        end: String(ends[i] ?? ''),
        value,
        qualifier: String(qualifiers[i] ?? '') as Figure['qualifier'],
        per: per === undefined ? 'total' : perUnit(per[i]),
      });
    }
    if (figures.length === 0) {
      throw new InvalidArgumentError(
        '--where',
        `muster ${name} found no figures${filters.length > 0 ? ' matching --where' : ''}`,
      );
    }
    const delay =
      values.delay === undefined && values['delay-pmf'] === undefined
        ? undefined
        : parseDelay(name, values.delay, values['delay-pmf']);
    const order = values.order === 'auto' ? 'auto' : numeric(name, '--order', values.order);
    if (values.breaks !== undefined && values['break-candidates'] !== undefined) {
      throw new InvalidArgumentError(
        '--breaks',
        `muster ${name} requires --breaks or --break-candidates, not both`,
      );
    }
    const dates = (text: string) => text.split(',').map((d) => d.trim());
    const breaks =
      values.breaks === 'auto'
        ? 'auto'
        : values.breaks === 'none'
          ? []
          : values.breaks !== undefined
            ? dates(values.breaks)
            : values['break-candidates'] !== undefined
              ? { candidates: dates(values['break-candidates']) }
              : undefined;
    const delayPrior =
      values['delay-prior'] === undefined
        ? undefined
        : parseDelayPrior(name, values['delay-prior']);
    if (delayPrior !== undefined && delay !== undefined) {
      throw new InvalidArgumentError(
        '--delay-prior',
        `muster ${name} requires --delay-prior or --delay/--delay-pmf, not both`,
      );
    }
    const result = reconstruct(figures, {
      from: values.from,
      to: values.to,
      approximateSd: numeric(name, '--approximate-sd', values['approximate-sd']),
      order: order as 1 | 2 | 'auto' | undefined,
      breaks,
      delayPrior,
      checks: !values['no-checks'],
      smoothing: numeric(name, '--smoothing', values.smoothing),
      confLevel: numeric(name, '--level', values.level),
      draws: integerOption(name, '--draws', values.draws, DRAWS),
      seed: numeric(name, '--seed', values.seed),
      delay,
    });
    if (values.json) return printJson(result);
    return printLines([format(result)]);
  },
};
