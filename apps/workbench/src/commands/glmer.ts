import { formatPValues, formatR, InvalidArgumentError } from '@muster/core';
import {
  fitGlmer,
  type GlmerResult,
  type MixedFamilyName,
  type MixedLinkName,
  summary,
} from '@muster/mixed';
import { printJson, printLines } from '../cli-support/output.ts';
import { numeric, parseCommandArgs, requireOneFile } from '../cli-support/parse-options.ts';
import { readDataFile } from '../cli-support/read-data.ts';
import type { Command } from '../command.ts';

const usage = `usage: muster glmer DATA --formula F [--family binomial|poisson] [--link logit|probit|log]
                    [--nagq N] [--level 0.95] [--no-profile] [--json]

Generalised linear mixed model (as lme4's glmer): F is "y ~ x + (1 | war)" with lme4's random
terms: (1 + x | war) for a random slope, (1 | war/belligerent) for nested and
(1 | war) + (1 | era) for crossed grouping factors. --nagq 1 (default) is the Laplace
approximation; 2..25 adaptive Gauss-Hermite quadrature for one random intercept. Prints R's
print(summary(fit)) (lme4) under a line naming the standard errors and convergence, then the
intraclass correlation, a profile interval for a single random intercept's standard deviation
and the likelihood-ratio test against the pooled glm; or the result object with --json.`;

/** The sections lme4's summary does not print: ICC, the profile interval and the LR test. */
function extraLines(fit: GlmerResult): string[] {
  const g = (x: number, digits = 4) => formatR([x], digits)[0]!;
  const p = (x: number) => formatPValues([x])[0]!;
  const lines: string[] = [];
  if (fit.icc.length > 0) {
    lines.push(
      '',
      `Intraclass correlation (${fit.icc[0]!.method}): ${fit.icc.map((i) => `${i.group} ${g(i.value)}`).join('; ')}`,
    );
  }
  const ci = fit.profileInterval;
  if (ci !== null) {
    const level = `${Number((ci.confLevel * 100).toPrecision(4))}%`;
    lines.push(
      `${level} profile interval for the ${ci.group} standard deviation: [${g(ci.lower)}, ${g(ci.upper)}]${ci.lowerAtBoundary ? ' (lower limit at the boundary 0)' : ''}`,
    );
  }
  const lr = fit.lrTest;
  if (lr !== null) {
    lines.push(
      '',
      'Likelihood-ratio test against the pooled glm (same fixed effects):',
      `  logLik pooled ${g(lr.pooledLogLik, 6)}, mixed ${g(lr.statistic / 2 + lr.pooledLogLik, 6)}; Chisq ${g(lr.statistic)} on ${lr.df} df, p = ${p(lr.pValue)}${lr.pValueBoundary === null ? '' : `; boundary-corrected (50:50 chi2(0):chi2(1)) p = ${p(lr.pValueBoundary)}`}`,
    );
  }
  return lines;
}

/**
 * The text of a glmer fit: summary(fit) of @muster/mixed (lme4's print(summary(glmer))) under its
 * header line, then the ICC, profile interval and LR test, then the warnings.
 */
export function glmerLines(fit: GlmerResult, data: string): string[] {
  const lines = summary(fit, { data, header: true }).split('\n');
  while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  lines.push(...extraLines(fit));
  if (fit.warnings.length > 0) lines.push('', ...fit.warnings.map((w) => `warning: ${w.message}`));
  return lines;
}

export const command: Command = {
  summary: 'Multilevel (mixed) logistic and Poisson regression, as lme4 glmer',
  usage,
  async run(args: string[]): Promise<number> {
    const { values, positionals } = parseCommandArgs(args, {
      formula: { type: 'string' },
      family: { type: 'string' },
      link: { type: 'string' },
      nagq: { type: 'string' },
      level: { type: 'string' },
      'no-profile': { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
    });
    const file = requireOneFile('glmer', positionals, usage);
    if (values.formula === undefined) {
      throw new InvalidArgumentError(
        '--formula',
        'muster glmer requires --formula (for example "y ~ x + (1 | war)")',
      );
    }
    const family = values.family ?? 'binomial';
    if (family !== 'binomial' && family !== 'poisson') {
      throw new InvalidArgumentError(
        '--family',
        `muster glmer requires --family binomial|poisson; received '${family}'`,
      );
    }
    const data = await readDataFile('glmer', file);
    const fit = await fitGlmer(values.formula, data, {
      family: family as MixedFamilyName,
      link: values.link as MixedLinkName | undefined,
      nAGQ: numeric('glmer', '--nagq', values.nagq),
      confLevel: numeric('glmer', '--level', values.level),
      profile: values['no-profile'] ? false : undefined,
    });
    if (values.json) return printJson(fit);
    return printLines(glmerLines(fit, file));
  },
};
