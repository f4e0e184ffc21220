import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { InvalidArgumentError } from '@muster/core';
import { type DataColumns, readCsv } from '@muster/formula';
import { type ConfType, kaplanMeier } from '@muster/survival';
import type { Command } from '../command.ts';

const usage = `usage: muster km DATA --time T --event E [--group G] [--start S]
                 [--conf-type log|log-log|plain|none] [--conf-level 0.95]
                 [--times t1,t2,...] [--rmean H] [--json]

Kaplan-Meier survival curves (as R's survfit(Surv(T, E) ~ G)) with Greenwood standard errors and
pointwise intervals, median survival with its interval, and optionally survival at chosen times
and the restricted mean to horizon H. E is 0/1 (1 = event) or TRUE/FALSE; with --start S the data
are (S, T] intervals (late entry).`;

/** Read a CSV file for a command; a missing or unreadable file is a user error. */
export function readDataFile(command: string, path: string): DataColumns {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new InvalidArgumentError(
      'DATA',
      `muster ${command} cannot read DATA file '${path}': ${(error as Error).message}`,
    );
  }
  return readCsv(text);
}

/** A column of the data; an unknown name is a user error listing the columns. */
export function column(command: string, data: DataColumns, name: string, option: string) {
  const values = data[name];
  if (values === undefined) {
    throw new InvalidArgumentError(
      option,
      `muster ${command} requires ${option} to name a column of DATA; received '${name}' (columns: ${Object.keys(data).join(', ')})`,
    );
  }
  return values;
}

/** Format a number for a table, 4 significant digits; NA for null/NaN. */
export function fmt(x: number | null | undefined, digits = 4): string {
  if (x === null || x === undefined || Number.isNaN(x)) return 'NA';
  if (x !== 0 && Math.abs(x) < 1e-4) return x.toExponential(digits - 1);
  return Number(x.toPrecision(digits)).toString();
}

/** Align a table: first column left, others right. */
export function pad(cells: string[][]): string {
  const widths = cells[0].map((_, j) => Math.max(...cells.map((row) => row[j].length)));
  return cells
    .map((row) =>
      row
        .map((cell, j) => (j === 0 ? cell.padEnd(widths[j]) : cell.padStart(widths[j])))
        .join('  '),
    )
    .join('\n');
}

/** Parse a numeric option value. */
export function numberOption(command: string, option: string, text: string): number {
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value)) {
    throw new InvalidArgumentError(
      option,
      `muster ${command} requires a number for ${option}; received '${text}'`,
    );
  }
  return value;
}

const LOGICAL: Record<string, boolean> = {
  TRUE: true,
  FALSE: false,
  true: true,
  false: false,
  T: true,
  F: false,
};

/** Event column: numbers as they are, TRUE/FALSE text as logicals, anything else as text. */
function eventValues(values: (number | string | null)[]): (number | boolean | null)[] {
  return values.map((v) => {
    if (typeof v === 'string' && v in LOGICAL) return LOGICAL[v];
    return v as number | null;
  });
}

export const command: Command = {
  summary: 'Kaplan-Meier survival curves with Greenwood errors, median and intervals',
  usage,
  async run(args: string[]): Promise<number> {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      strict: true,
      options: {
        time: { type: 'string' },
        event: { type: 'string' },
        group: { type: 'string' },
        start: { type: 'string' },
        'conf-type': { type: 'string' },
        'conf-level': { type: 'string' },
        times: { type: 'string' },
        rmean: { type: 'string' },
        json: { type: 'boolean', default: false },
      },
    });
    if (positionals.length !== 1) {
      throw new InvalidArgumentError(
        'DATA',
        `muster km requires one DATA file; received ${positionals.length}\n${usage}`,
      );
    }
    if (values.time === undefined || values.event === undefined) {
      throw new InvalidArgumentError('--time', 'muster km requires --time and --event');
    }
    const data = readDataFile('km', positionals[0]);
    const time = column('km', data, values.time, '--time');
    const event = column('km', data, values.event, '--event');
    const group = values.group === undefined ? null : column('km', data, values.group, '--group');
    const start = values.start === undefined ? null : column('km', data, values.start, '--start');
    const times = values.times?.split(',').map((t) => numberOption('km', '--times', t));
    const result = kaplanMeier(time as number[], eventValues(event), {
      group,
      start: start as number[] | null,
      confType: values['conf-type'] as ConfType | undefined,
      confLevel:
        values['conf-level'] === undefined
          ? undefined
          : numberOption('km', '--conf-level', values['conf-level']),
      times,
      rmean: values.rmean === undefined ? undefined : numberOption('km', '--rmean', values.rmean),
      names: { time: values.time, event: values.event, start: values.start, group: values.group },
    });
    if (values.json) {
      process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
      return 0;
    }
    const level = `${result.confLevel * 100}%`;
    const label = (g: string) => (values.group === undefined ? 'all' : `${values.group}=${g}`);
    const lines: string[] = [];
    lines.push(
      `Kaplan-Meier estimate (${result.type === 'counting' ? 'counting-process data, ' : ''}Greenwood standard errors, ${result.confType} ${level} intervals)`,
    );
    lines.push(
      `n = ${result.nobs}${result.nDropped > 0 ? ` (${result.nDropped} row(s) dropped for missing values)` : ''}`,
    );
    lines.push('');
    const hasRmean = result.strata.some((s) => s.rmean);
    lines.push(
      pad([
        [
          '',
          'n',
          'events',
          ...(hasRmean ? ['rmean', 'se(rmean)'] : []),
          'median',
          `${level} LCL`,
          `${level} UCL`,
        ],
        ...result.strata.map((s) => [
          label(s.group),
          String(s.n),
          String(s.events),
          ...(hasRmean ? [fmt(s.rmean?.estimate), fmt(s.rmean?.stdError)] : []),
          fmt(s.median),
          fmt(s.medianLower),
          fmt(s.medianUpper),
        ]),
      ]),
    );
    for (const s of result.strata) {
      lines.push('', label(s.group));
      const rows = (s.survivalAt ?? s.table.filter((row) => row.nEvent > 0)).map((row) => [
        fmt(row.time, 6),
        String(row.nRisk),
        String(row.nEvent),
        fmt(row.surv),
        fmt(row.stdErr),
        fmt(row.lower),
        fmt(row.upper),
      ]);
      lines.push(
        pad([
          ['time', 'n.risk', 'n.event', 'survival', 'std.err', `lower ${level}`, `upper ${level}`],
          ...rows,
        ]),
      );
    }
    for (const w of result.warnings) lines.push(`warning: ${w.message}`);
    process.stdout.write(`${lines.join('\n')}\n`);
    return 0;
  },
};
