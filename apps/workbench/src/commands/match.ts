import { InvalidArgumentError } from '@muster/core';
import {
  type BalanceRow,
  type CutPoints,
  type EffectResult,
  estimateEffect,
  type MatchItOptions,
  type MatchResult,
  matchIt,
} from '@muster/matching';
import { fmt, pad, pvalue } from '../cli-support/format-table.ts';
import { printJson, printLines } from '../cli-support/output.ts';
import {
  integerOption,
  numeric,
  parseCommandArgs,
  requireOneFile,
} from '../cli-support/parse-options.ts';
import { column, readDataFile } from '../cli-support/read-data.ts';
import { RATIO, SUBCLASSES } from '../cli-support/sizes.ts';
import type { Command } from '../command.ts';

const usage = `usage: muster match DATA --treat T --covariates a,b,... [--method nearest|cem|subclass]
                    [--estimand ATT|ATC|ATE] [--ratio K] [--replace] [--caliper SD]
                    [--exact v,w] [--order largest|smallest|data|random] [--seed N]
                    [--link logit|probit|linear.logit|...] [--distance COL]
                    [--discard none|both|control|treated] [--subclasses K]
                    [--cut-points v=sturges|BINS|c1:c2:...,w=...]
                    [--outcome Y] [--json]

Matching as R's MatchIt::matchit(T ~ a + b, method = ...): nearest neighbour on a propensity
score (a logistic regression of T on the covariates, or --link, or the column --distance), 1:K
with --ratio, with --replace, greedy in --order (largest score first by default), with a
--caliper in standard deviations of the score and --exact columns; cem (coarsened exact
matching: Sturges' bins, or per variable a number of bins or cut points c1:c2:... with
--cut-points); subclass (--subclasses quantile subclasses). Covariates are R terms
separated by commas (log(troops) works). Prints summary(m)'s balance before and after matching
(standardised mean differences, variance ratios, eCDF statistics) and the sample sizes; with
--outcome, the weighted logistic regression of Y on T in the matched sample with errors clustered
by pair (HC3 after --replace, cem or subclass). --json prints the result object.`;

/** Split a comma list at the top level (commas inside parentheses stay: poly(x, 2)). */
export function splitTerms(text: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of text) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      out.push(current.trim());
      current = '';
    } else current += ch;
  }
  out.push(current.trim());
  return out.filter((t) => t !== '');
}

function balanceTable(title: string, rows: BalanceRow[], pairs: boolean): string[] {
  const header = [
    '',
    'Means Treated',
    'Means Control',
    'Std. Mean Diff.',
    'Var. Ratio',
    'eCDF Mean',
    'eCDF Max',
  ];
  if (pairs) header.push('Std. Pair Dist.');
  const f = (x: number | null) => (x === null ? '.' : fmt(x));
  return [
    '',
    title,
    pad([
      header,
      ...rows.map((r) => {
        const cells = [
          r.term,
          f(r.meansTreated),
          f(r.meansControl),
          f(r.stdMeanDiff),
          f(r.varRatio),
          f(r.ecdfMean),
          f(r.ecdfMax),
        ];
        if (pairs) cells.push(f(r.stdPairDist));
        return cells;
      }),
    ]),
  ];
}

function methodLine(m: MatchResult): string {
  if (m.method === 'cem') return 'coarsened exact matching';
  if (m.method === 'subclass')
    return `subclassification (${new Set(m.subclass!.filter((s) => s !== null)).size} subclasses)`;
  const n = m.nearest!;
  return `${n.ratio}:1 nearest neighbor matching ${n.replace ? 'with' : 'without'} replacement (order: ${n.order}${n.exact.length > 0 ? `; exact on ${n.exact.join(', ')}` : ''})`;
}

/** A readable report like print(m) and summary(m) in R. */
export function formatMatch(m: MatchResult, effect: EffectResult | null): string[] {
  const sizes = m.balance.sizes;
  const matched = sizes.matched.control + sizes.matched.treated;
  const lines = ['A matchit object', ` - method: ${methodLine(m)}`];
  if (m.distanceInfo !== null) {
    const d = m.distanceInfo;
    lines.push(
      ` - distance: ${d.kind === 'user' ? 'user-supplied' : `propensity score, ${d.link === 'logit' ? 'logistic' : d.link} regression${d.linear ? ' (linear predictor)' : ''}`}`,
    );
  }
  if (m.caliper !== null) lines.push(` - caliper: <distance> (${fmt(m.caliper)})`);
  lines.push(` - number of obs.: ${m.treat.length} (original), ${matched} (matched)`);
  lines.push(` - target estimand: ${m.estimand}`);
  lines.push(` - covariates: ${m.covariates.join(', ')}`);
  lines.push(...balanceTable('Summary of Balance for All Data:', m.balance.all, false));
  const pairs = m.balance.matched.some((r) => r.stdPairDist !== null);
  lines.push(...balanceTable(`Summary of Balance for Matched Data:`, m.balance.matched, pairs));
  const row = (name: string, s: { control: number; treated: number }) => [
    name,
    fmt(s.control),
    fmt(s.treated),
  ];
  lines.push('', 'Sample Sizes:');
  lines.push(
    pad([
      ['', 'Control', 'Treated'],
      row('All', sizes.all),
      row('Matched (ESS)', sizes.matchedEss),
      row('Matched', sizes.matched),
      row('Unmatched', sizes.unmatched),
      row('Discarded', sizes.discarded),
    ]),
  );
  if (effect !== null) {
    lines.push(
      '',
      `Effect of ${effect.term} on the matched sample (weighted glm, ${effect.vcovType === 'cluster' ? `errors clustered by pair, ${effect.nClusters} pairs` : 'HC3 errors'}):`,
    );
    lines.push(
      pad([
        ['', 'Estimate', 'Std. Error', 'z value', 'Pr(>|z|)', '95% lower', '95% upper'],
        [
          effect.term,
          fmt(effect.estimate),
          fmt(effect.stdError),
          fmt(effect.statistic),
          pvalue(effect.pValue),
          fmt(effect.lower),
          fmt(effect.upper),
        ],
      ]),
    );
  }
  for (const w of [...m.warnings, ...(effect?.warnings ?? [])])
    lines.push('', `warning: ${w.message}`);
  return lines;
}

/** --cut-points duration=2:4:8,log(troops)=3,initiator=sturges (0 bins: exact; 1 bin: left out). */
export function parseCutPoints(text: string): Record<string, CutPoints> {
  const out: Record<string, CutPoints> = {};
  for (const part of splitTerms(text)) {
    const at = part.lastIndexOf('=');
    const name = part.slice(0, at).trim();
    const spec = part.slice(at + 1).trim();
    if (at <= 0 || spec === '') {
      throw new InvalidArgumentError(
        '--cut-points',
        `muster match requires --cut-points as variable=sturges|BINS|c1:c2:...; received '${part}'`,
      );
    }
    out[name] =
      spec === 'sturges'
        ? 'sturges'
        : spec.includes(':')
          ? spec.split(':').map((v) => numeric('match', '--cut-points', v))
          : numeric('match', '--cut-points', spec);
  }
  return out;
}

function options(values: Record<string, string | boolean | undefined>): MatchItOptions {
  const text = (key: string) => values[key] as string | undefined;
  const ratio = integerOption('match', '--ratio', text('ratio'), RATIO);
  const caliper = numeric('match', '--caliper', text('caliper'));
  const seed = numeric('match', '--seed', text('seed'));
  const subclasses = integerOption('match', '--subclasses', text('subclasses'), SUBCLASSES);
  return {
    method: text('method') as MatchItOptions['method'],
    estimand: text('estimand') as MatchItOptions['estimand'],
    link: text('link'),
    distance: text('distance'),
    ratio,
    replace: values.replace === true ? true : undefined,
    caliper,
    exact: text('exact') === undefined ? undefined : splitTerms(text('exact')!),
    order: text('order') as MatchItOptions['order'],
    seed,
    discard: text('discard') as MatchItOptions['discard'],
    subclasses,
    cutPoints: text('cut-points') === undefined ? undefined : parseCutPoints(text('cut-points')!),
  };
}

export const command: Command = {
  summary:
    'Matching and balance as MatchIt (nearest neighbour, cem, subclassification), with the matched effect',
  usage,
  async run(args: string[]): Promise<number> {
    const { values, positionals } = parseCommandArgs(args, {
      treat: { type: 'string' },
      covariates: { type: 'string' },
      method: { type: 'string' },
      estimand: { type: 'string' },
      ratio: { type: 'string' },
      replace: { type: 'boolean', default: false },
      caliper: { type: 'string' },
      exact: { type: 'string' },
      order: { type: 'string' },
      seed: { type: 'string' },
      link: { type: 'string' },
      distance: { type: 'string' },
      discard: { type: 'string' },
      subclasses: { type: 'string' },
      'cut-points': { type: 'string' },
      outcome: { type: 'string' },
      json: { type: 'boolean', default: false },
    });
    const file = requireOneFile('match', positionals, usage);
    if (values.treat === undefined) {
      throw new InvalidArgumentError(
        '--treat',
        'muster match requires --treat (the treatment column)',
      );
    }
    const covariates = splitTerms(values.covariates ?? '');
    if (covariates.length === 0) {
      throw new InvalidArgumentError(
        '--covariates',
        'muster match requires --covariates a,b,... (terms of the propensity model)',
      );
    }
    const data = await readDataFile('match', file);
    column('match', data, values.treat, '--treat');
    if (values.outcome !== undefined) column('match', data, values.outcome, '--outcome');
    const m = await matchIt(
      `\`${values.treat}\` ~ ${covariates.join(' + ')}`,
      data,
      options(values),
    );
    const effect =
      values.outcome === undefined
        ? null
        : await estimateEffect(m, data, { outcome: values.outcome });
    if (values.json) return printJson(effect === null ? m : { ...m, effect });
    return printLines(formatMatch(m, effect));
  },
};
