import { InvalidArgumentError } from '@muster/core';
import { fitCox } from '@muster/survival';
import { fmt, pad } from '../cli-support/format-table.ts';
import { printJson, printLines } from '../cli-support/output.ts';
import { parseCommandArgs, requireOneFile } from '../cli-support/parse-options.ts';
import { readDataFile } from '../cli-support/read-data.ts';
import type { Command } from '../command.ts';

const usage = `usage: muster cox DATA --formula F [--ties efron|breslow] [--robust] [--cluster COL]
                  [--no-zph] [--json]

Cox proportional-hazards model (as R's coxph): F is "Surv(time, status) ~ terms" or
"Surv(start, stop, event) ~ terms", with optional strata(x) and cluster(x) terms. --robust gives
sandwich standard errors (clustered with --cluster or cluster()). Prints coefficients, hazard
ratios, the likelihood-ratio, Wald and score tests, concordance and the cox.zph test.`;

export const command: Command = {
  summary: 'Cox proportional-hazards regression (ties, strata, clusters, zph)',
  usage,
  async run(args: string[]): Promise<number> {
    const { values, positionals } = parseCommandArgs(args, {
      formula: { type: 'string' },
      ties: { type: 'string' },
      robust: { type: 'boolean', default: false },
      cluster: { type: 'string' },
      'no-zph': { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
    });
    const file = requireOneFile('cox', positionals, usage);
    if (values.formula === undefined) {
      throw new InvalidArgumentError('--formula', 'muster cox requires --formula');
    }
    const ties = values.ties ?? 'efron';
    if (ties !== 'efron' && ties !== 'breslow') {
      throw new InvalidArgumentError(
        '--ties',
        `muster cox requires --ties efron or breslow; received '${ties}'`,
      );
    }
    const data = readDataFile('cox', file);
    const fit = fitCox(values.formula, data, {
      ties,
      robust: values.robust ? true : undefined,
      cluster: values.cluster,
      zph: !values['no-zph'],
    });
    if (values.json) return printJson(fit);
    const robust = fit.vcov !== 'model-based';
    const lines: string[] = [];
    lines.push(`Cox proportional hazards: ${fit.formula}`);
    lines.push(
      `ties = ${fit.ties}, ${robust ? `${fit.vcov} standard errors${fit.nClusters ? ` (${fit.nClusters} clusters)` : ''}` : 'model-based standard errors'}${fit.strata ? `, ${fit.strata.length} strata` : ''}`,
    );
    lines.push(
      `n = ${fit.nobs}, events = ${fit.nevent}${fit.nDropped > 0 ? ` (${fit.nDropped} row(s) dropped for missing values)` : ''}`,
    );
    lines.push('');
    lines.push(
      pad([
        ['', 'coef', 'exp(coef)', 'se(coef)', ...(robust ? ['robust se'] : []), 'z', 'Pr(>|z|)'],
        ...fit.coefficients.map((c) => [
          c.term,
          fmt(c.estimate),
          fmt(c.hazardRatio),
          fmt(c.naiveStdError),
          ...(robust ? [fmt(c.stdError)] : []),
          fmt(c.statistic),
          fmt(c.pValue, 3),
        ]),
      ]),
    );
    lines.push('');
    lines.push(
      pad([
        ['', 'exp(coef)', 'exp(-coef)', 'lower .95', 'upper .95'],
        ...fit.coefficients.map((c) => [
          c.term,
          fmt(c.hazardRatio),
          fmt(c.estimate === null ? null : Math.exp(-c.estimate)),
          fmt(c.lower),
          fmt(c.upper),
        ]),
      ]),
    );
    lines.push('');
    lines.push(
      `Concordance = ${fmt(fit.concordance, 3)} (se = ${fmt(fit.concordanceStdError, 3)})`,
    );
    const test = (name: string, t: { statistic: number; df: number; pValue: number } | null) =>
      t
        ? `${name} = ${fmt(t.statistic)} on ${t.df} df, p = ${fmt(t.pValue, 3)}`
        : `${name}: not available`;
    lines.push(test('Likelihood ratio test', fit.likelihoodRatioTest));
    lines.push(test('Wald test            ', fit.waldTest));
    lines.push(
      test('Score (logrank) test ', fit.scoreTest) +
        (fit.robustScoreTest
          ? `, robust = ${fmt(fit.robustScoreTest.statistic)}, p = ${fmt(fit.robustScoreTest.pValue, 3)}`
          : ''),
    );
    if (fit.zph) {
      lines.push('', 'Proportional hazards test (cox.zph, KM transform)');
      lines.push(
        pad([
          ['', 'chisq', 'df', 'p'],
          ...fit.zph.map((z) => [z.term, fmt(z.chisq), String(z.df), fmt(z.pValue, 3)]),
        ]),
      );
    }
    lines.push(
      '',
      fit.converged ? `converged in ${fit.iterations} iterations` : 'did not converge',
    );
    for (const w of fit.warnings) lines.push(`warning: ${w.message}`);
    return printLines(lines);
  },
};
