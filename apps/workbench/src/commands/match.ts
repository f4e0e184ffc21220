import { InvalidArgumentError } from '@muster/core';
import {
  type CutPoints,
  type EffectResult,
  estimateEffect,
  type MatchItOptions,
  type MatchResult,
  matchIt,
  summary,
} from '@muster/matching';
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
separated by commas (log(troops) works). Prints R's print(summary(m)) (MatchIt: balance before
and after matching with standardised mean differences, variance ratios, eCDF statistics; the
sample sizes) under a line naming the matching, distance, caliper and estimand; with --outcome,
the weighted logistic regression of Y on T in the matched sample with errors clustered by pair
(HC3 after --replace, cem or subclass), as R's print(coeftest(fit, vcov. = vcovCL)) under a line
naming the model. --json prints the result object.`;

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

/** summary(x, { header: true }) of @muster/matching as lines, without R's closing blank lines. */
function summaryLines(x: MatchResult | EffectResult, data: string): string[] {
  const lines = summary(x, { data, header: true }).split('\n');
  while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/**
 * The text of a match: MatchIt's print(summary(m)) under a line naming the matching, then with an
 * outcome coeftest's print under a line naming the outcome model, then the warnings.
 */
export function matchLines(m: MatchResult, effect: EffectResult | null, data: string): string[] {
  const lines = summaryLines(m, data);
  if (effect !== null) lines.push('', ...summaryLines(effect, data));
  const warnings = [...m.warnings, ...(effect?.warnings ?? [])];
  if (warnings.length > 0) lines.push('', ...warnings.map((w) => `warning: ${w.message}`));
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
    return printLines(matchLines(m, effect, file));
  },
};
