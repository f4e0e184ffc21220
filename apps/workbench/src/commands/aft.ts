import { InvalidArgumentError, NumericalError } from '@muster/core';
import { type AftDistribution, fitAft, predictAft } from '@muster/survival';
import { fmt, pad } from '../cli-support/format-table.ts';
import { printJson, printLines } from '../cli-support/output.ts';
import {
  integerOption,
  numeric,
  parseCommandArgs,
  requireOneFile,
  requireWith,
} from '../cli-support/parse-options.ts';
import { readDataFile } from '../cli-support/read-data.ts';
import { MAX_ITER } from '../cli-support/sizes.ts';
import { survivalSummaryLines, warningLines } from '../cli-support/survival-summary.ts';
import type { Command } from '../command.ts';

const usage = `usage: muster aft DATA --formula F [--dist weibull|exponential|lognormal|loglogistic]
                  [--profile a=1,b=2] [--p 0.1,0.5,0.9] [--max-iter N] [--json]

Parametric accelerated failure time model, as R's survreg(F, dist = D) (default weibull):
prints R's print(summary(fit)) (coefficients with standard errors, Log(scale), scale,
log-likelihoods) under a line naming the distribution and convergence. --profile adds predicted
quantiles of survival time for that covariate profile (predict type = 'quantile', se.fit).`;

const distributions: AftDistribution[] = ['weibull', 'exponential', 'lognormal', 'loglogistic'];

function parseProfile(text: string): Record<string, number | string> {
  const profile: Record<string, number | string> = {};
  for (const part of text.split(',')) {
    const [name, value] = part.split('=').map((s) => s.trim());
    if (!name || value === undefined || value === '') {
      throw new InvalidArgumentError(
        '--profile',
        `muster aft requires --profile as name=value pairs; received '${text}'`,
      );
    }
    profile[name] = Number.isFinite(Number(value)) ? Number(value) : value;
  }
  return profile;
}

/**
 * A fit whose scale or log-likelihood is not finite, or with no estimable coefficient, has failed
 * (one row, say): refuse it rather than print a table of NA with exit status 0.
 */
function refuseFailedFit(fit: ReturnType<typeof fitAft>): void {
  const scales = Array.isArray(fit.scale) ? fit.scale : [fit.scale];
  const estimable = fit.coefficients.some(
    (c) => c.estimate !== null && Number.isFinite(c.estimate),
  );
  if (
    estimable &&
    scales.every((s) => Number.isFinite(s)) &&
    Number.isFinite(fit.logLik) &&
    Number.isFinite(fit.logLikNull)
  )
    return;
  throw new NumericalError(
    `muster aft cannot fit ${fit.formula}: an AFT model needs more observations than parameters and some spread in the times; received n = ${fit.nobs} and ${estimable ? `scale ${scales.join(', ')}` : 'no estimable coefficient'}`,
  );
}

export const command: Command = {
  summary: 'Parametric AFT model (Weibull, exponential, log-normal, log-logistic), as survreg',
  usage,
  async run(args: string[]): Promise<number> {
    const { values, positionals } = parseCommandArgs(args, {
      formula: { type: 'string' },
      dist: { type: 'string', default: 'weibull' },
      profile: { type: 'string' },
      p: { type: 'string' },
      'max-iter': { type: 'string' },
      json: { type: 'boolean', default: false },
    });
    const file = requireOneFile('aft', positionals, usage);
    requireWith('aft', values, 'p', 'profile');
    if (values.formula === undefined)
      throw new InvalidArgumentError('--formula', 'muster aft requires --formula');
    const dist = values.dist as AftDistribution;
    if (!distributions.includes(dist)) {
      throw new InvalidArgumentError(
        '--dist',
        `muster aft requires --dist ${distributions.join('|')}; received '${values.dist}'`,
      );
    }
    const p =
      values.p === undefined
        ? undefined
        : values.p.split(',').map((text) => numeric('aft', '--p', text));
    const fit = fitAft(values.formula, await readDataFile('aft', file, { wrapParseErrors: true }), {
      dist,
      maxIter: integerOption('aft', '--max-iter', values['max-iter'], MAX_ITER),
    });
    refuseFailedFit(fit);
    const prediction =
      values.profile === undefined
        ? undefined
        : predictAft(fit, parseProfile(values.profile), { p })[0];
    if (values.json) return printJson(prediction ? { ...fit, prediction } : fit);
    const lines = survivalSummaryLines(fit);
    if (prediction) {
      lines.push('', `Predicted survival-time quantiles for ${values.profile}`);
      lines.push(
        pad([
          ['p', 'quantile', 'std.err', 'lower', 'upper'],
          ...prediction.values.map((v) => [
            String(v.p),
            fmt(v.estimate),
            fmt(v.stdError),
            fmt(v.lower),
            fmt(v.upper),
          ]),
        ]),
      );
    }
    return printLines([...lines, ...warningLines(fit)]);
  },
};
