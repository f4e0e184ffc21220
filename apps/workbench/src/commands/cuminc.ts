import { InvalidArgumentError } from '@muster/core';
import { type CumulativeIncidenceConfType, cumulativeIncidence } from '@muster/survival';
import { fmt, pad } from '../cli-support/format-table.ts';
import { printJson, printLines } from '../cli-support/output.ts';
import {
  codeValue,
  numeric,
  parseCommandArgs,
  requireOneFile,
} from '../cli-support/parse-options.ts';
import { readDataFile } from '../cli-support/read-data.ts';
import type { Command } from '../command.ts';

const usage = `usage: muster cuminc DATA --time T --event E [--group G] [--causes 1=name,2=name]
                     [--censor-code C] [--conf-type log|log-log|plain] [--strata S] [--rho R]
                     [--cluster UNIT] [--start S --id ID] [--start-time T0] [--json]

Aalen-Johansen cumulative incidence of each cause (as R's survfit(Surv(T, factor(E)) ~ G)), with
infinitesimal-jackknife standard errors and, when there are groups, Gray's test per cause
(cmprsk::cuminc). E holds the censoring code (default 0) or a cause code. --cluster UNIT sums
the influences within units (clustered standard errors and limits). --start S --id ID read each
row as a (S, T] interval of soldier ID (late entry, or follow-up split in contiguous rows), as
survfit(Surv(S, T, factor(E)) ~ G, id = ID); --start-time T0 leaves out rows ending before T0
(survfit's start.time).`;

function parseCauses(text: string): Record<string, string> {
  const causes: Record<string, string> = {};
  for (const part of text.split(',')) {
    const [code, name, ...rest] = part.split('=').map((s) => s.trim());
    if (code === undefined || code === '' || name === undefined || name === '' || rest.length > 0) {
      throw new InvalidArgumentError(
        '--causes',
        `muster cuminc requires --causes as code=name pairs separated by commas; received '${text}'`,
      );
    }
    causes[code] = name;
  }
  return causes;
}

export const command: Command = {
  summary: "Aalen-Johansen cumulative incidence per cause and group, with Gray's test",
  usage,
  async run(args: string[]): Promise<number> {
    const { values, positionals } = parseCommandArgs(args, {
      time: { type: 'string' },
      event: { type: 'string' },
      group: { type: 'string' },
      causes: { type: 'string' },
      'censor-code': { type: 'string' },
      'conf-type': { type: 'string' },
      strata: { type: 'string' },
      cluster: { type: 'string' },
      rho: { type: 'string' },
      start: { type: 'string' },
      id: { type: 'string' },
      'start-time': { type: 'string' },
      json: { type: 'boolean', default: false },
    });
    const file = requireOneFile('cuminc', positionals, usage);
    if (values.time === undefined || values.event === undefined) {
      throw new InvalidArgumentError('--time', 'muster cuminc requires --time and --event');
    }
    const data = await readDataFile('cuminc', file);
    const censorText = values['censor-code'];
    const censorCode = censorText === undefined ? 0 : codeValue(censorText);
    let rho: number | undefined;
    if (values.rho !== undefined) {
      rho = Number(values.rho);
      if (!Number.isFinite(rho))
        throw new InvalidArgumentError(
          '--rho',
          `muster cuminc requires a numeric --rho; received '${values.rho}'`,
        );
    }
    const result = cumulativeIncidence(data, {
      time: values.time,
      event: values.event,
      group: values.group ?? null,
      strata: values.strata ?? null,
      cluster: values.cluster ?? null,
      causes: values.causes === undefined ? null : parseCauses(values.causes),
      censorCode,
      confType: values['conf-type'] as CumulativeIncidenceConfType | undefined,
      rho,
      start: values.start ?? null,
      id: values.id ?? null,
      ...(values['start-time'] === undefined
        ? {}
        : { startTime: numeric('cuminc', '--start-time', values['start-time']) }),
    });
    if (values.json) return printJson(result);
    const names = result.causes.map((c) => c.name);
    const lines: string[] = [];
    lines.push(
      `Aalen-Johansen cumulative incidence (${result.variance} standard errors${result.nClusters ? ` clustered in ${result.nClusters} units` : ''}, ${result.confType} ${result.confLevel * 100}% intervals)`,
    );
    lines.push(
      `n = ${result.nobs}${result.start ? ` (start, ${result.time}] rows of ${result.id}` : ''}${result.nDropped > 0 ? ` (${result.nDropped} rows dropped for missing values)` : ''}`,
    );
    for (const stratum of result.strata) {
      lines.push('');
      if (stratum.group !== null) lines.push(`${result.group}=${stratum.group} (n = ${stratum.n})`);
      const header = [
        'time',
        'n.risk',
        ...names.flatMap((name) => [name, 'std.err', 'lower', 'upper']),
      ];
      const rows = stratum.table
        .filter((row) => Object.values(row.nEvent).some((d) => d > 0))
        .map((row) => [
          String(row.time),
          String(row.nRisk),
          ...names.flatMap((name) => [
            fmt(row.cif[name]),
            fmt(row.stdErr[name]),
            fmt(row.lower[name]),
            fmt(row.upper[name]),
          ]),
        ]);
      lines.push(pad([header, ...rows]));
    }
    if (result.grayTest) {
      lines.push('', `Gray's test (rho = ${result.rho})`);
      lines.push(
        pad([
          ['cause', 'statistic', 'df', 'p-value'],
          ...result.grayTest.map((g) => [g.cause, fmt(g.statistic), String(g.df), fmt(g.pValue)]),
        ]),
      );
    }
    for (const w of result.warnings) lines.push(`warning: ${w.message}`);
    return printLines(lines);
  },
};
