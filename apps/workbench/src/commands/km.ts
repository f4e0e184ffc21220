import { InvalidArgumentError } from '@muster/core';
import { type ConfType, kaplanMeier, summary } from '@muster/survival';
import { fmt, pad } from '../cli-support/format-table.ts';
import { printJson, printLines } from '../cli-support/output.ts';
import { numeric, parseCommandArgs, requireOneFile } from '../cli-support/parse-options.ts';
import { column, readDataFile } from '../cli-support/read-data.ts';
import type { Command } from '../command.ts';

const usage = `usage: muster km DATA --time T --event E [--group G] [--start S]
                 [--weights W] [--cluster C] [--stype 1|2] [--ctype 1|2] [--start-time T0]
                 [--conf-type log|log-log|plain|none] [--conf-level 0.95]
                 [--times t1,t2,...] [--quantiles p1,p2,...] [--rmean H|common|individual]
                 [--json]

Kaplan-Meier survival curves (as R's survfit(Surv(T, E) ~ G)) with Greenwood standard errors and
pointwise intervals, median survival with its interval, and optionally survival at chosen times,
quantiles (quantile.survfit) and the restricted mean to horizon H (or to the largest last time,
common, or each curve's own, individual). E is 0/1 (1 = event) or TRUE/FALSE; with --start S the
data are (S, T] intervals (late entry). --weights takes case weights; --cluster (a unit, or the
subject id of (start, stop] rows) gives clustered (robust) standard errors and limits, as
survfit(..., cluster = C). --stype 2 gives exp(-cumulative hazard), --ctype 2 Fleming-Harrington
ties; --start-time T0 starts the curves at T0 (survfit's start.time). Prints R's print(survfit(...))
under a line naming the estimator, then the quantiles and the survival table.`;

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
    const { values, positionals } = parseCommandArgs(args, {
      time: { type: 'string' },
      event: { type: 'string' },
      group: { type: 'string' },
      start: { type: 'string' },
      'conf-type': { type: 'string' },
      'conf-level': { type: 'string' },
      times: { type: 'string' },
      quantiles: { type: 'string' },
      rmean: { type: 'string' },
      weights: { type: 'string' },
      cluster: { type: 'string' },
      stype: { type: 'string' },
      ctype: { type: 'string' },
      'start-time': { type: 'string' },
      json: { type: 'boolean', default: false },
    });
    const file = requireOneFile('km', positionals, usage);
    if (values.time === undefined || values.event === undefined) {
      throw new InvalidArgumentError('--time', 'muster km requires --time and --event');
    }
    const data = await readDataFile('km', file);
    const time = column('km', data, values.time, '--time');
    const event = column('km', data, values.event, '--event');
    const group = values.group === undefined ? null : column('km', data, values.group, '--group');
    const start = values.start === undefined ? null : column('km', data, values.start, '--start');
    const times = values.times?.split(',').map((t) => numeric('km', '--times', t));
    const quantiles = values.quantiles?.split(',').map((p) => numeric('km', '--quantiles', p));
    const weights =
      values.weights === undefined ? null : column('km', data, values.weights, '--weights');
    const cluster =
      values.cluster === undefined ? null : column('km', data, values.cluster, '--cluster');
    const rmean =
      values.rmean === 'common' || values.rmean === 'individual'
        ? values.rmean
        : numeric('km', '--rmean', values.rmean);
    const result = kaplanMeier(time as number[], eventValues(event), {
      group,
      start: start as number[] | null,
      confType: values['conf-type'] as ConfType | undefined,
      confLevel: numeric('km', '--conf-level', values['conf-level']),
      times,
      quantiles,
      rmean,
      weights: weights as number[] | null,
      cluster,
      stype: numeric('km', '--stype', values.stype) as 1 | 2 | undefined,
      ctype: numeric('km', '--ctype', values.ctype) as 1 | 2 | undefined,
      startTime: numeric('km', '--start-time', values['start-time']),
      names: { time: values.time, event: values.event, start: values.start, group: values.group },
    });
    if (values.json) return printJson(result);
    const level = `${result.confLevel * 100}%`;
    // Group values print as R prints them (Inf, not JavaScript's Infinity).
    const label = (g: string) =>
      values.group === undefined
        ? 'all'
        : `${values.group}=${g.replace(/^(-?)Infinity$/, '$1Inf')}`;
    // print(survfit(...)) as @muster/survival prints it, under a line naming the estimator.
    const formula = `Surv(${values.start === undefined ? '' : `${values.start}, `}${values.time}, ${values.event}) ~ ${values.group ?? '1'}`;
    const lines = summary(result, { header: true, formula }).split('\n');
    if (quantiles) {
      lines.push('', 'Quantiles (quantile.survfit)');
      lines.push(
        pad([
          ['', 'p', 'time', `lower ${level}`, `upper ${level}`],
          ...result.strata.flatMap((s) =>
            (s.quantiles ?? []).map((q) => [
              label(s.group),
              String(q.probability),
              fmt(q.time),
              fmt(q.lower),
              fmt(q.upper),
            ]),
          ),
        ]),
      );
    }
    for (const s of result.strata) {
      lines.push('', label(s.group));
      const rows = (s.survivalAt ?? s.table.filter((row) => row.nEvent > 0)).map((row) => [
        fmt(row.time, 6),
        fmt(row.nRisk, 6),
        fmt(row.nEvent, 6),
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
    return printLines(lines);
  },
};
