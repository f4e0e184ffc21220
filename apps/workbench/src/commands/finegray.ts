import { InvalidArgumentError } from '@muster/core';
import { fitFineGray, predictFineGray } from '@muster/survival';
import { fmt, pad } from '../cli-support/format-table.ts';
import { printJson, printLines } from '../cli-support/output.ts';
import { codeValue, parseCommandArgs, requireOneFile } from '../cli-support/parse-options.ts';
import { readDataFile } from '../cli-support/read-data.ts';
import { survivalSummaryLines, warningLines } from '../cli-support/survival-summary.ts';
import type { Command } from '../command.ts';

const usage = `usage: muster finegray DATA --time T --event E --cause K (--covariates a,b,c | --formula "~ a + factor(b)")
                       [--censor-code C] [--max-iter N] [--cengroup G] [--profile a=1,b=2,c=3] [--json]

Fine-Gray subdistribution hazards regression for cause K (as cmprsk::crr): prints R's
print(summary(fit)) (coefficients, hazard ratios, sandwich standard errors, z tests, the log
pseudo-likelihood; only "crr converged: FALSE" for a fit that did not converge, as crr) under a
line naming the cause and convergence. --cengroup G estimates
the censoring distribution separately per level of G (crr's cengroup). --profile adds the
predicted cumulative incidence of K for that covariate profile (as predict.crr). For
cluster-robust errors or time-varying covariates use muster fgcox (finegray() + coxph).`;

function parseProfile(text: string): Record<string, number> {
  const profile: Record<string, number> = {};
  for (const part of text.split(',')) {
    const [name, value] = part.split('=').map((s) => s.trim());
    const v = Number(value);
    if (!name || value === undefined || value === '' || !Number.isFinite(v)) {
      throw new InvalidArgumentError(
        '--profile',
        `muster finegray requires --profile as name=number pairs; received '${text}'`,
      );
    }
    profile[name] = v;
  }
  return profile;
}

export const command: Command = {
  summary: 'Fine-Gray subdistribution hazards regression for one cause',
  usage,
  async run(args: string[]): Promise<number> {
    const { values, positionals } = parseCommandArgs(args, {
      time: { type: 'string' },
      event: { type: 'string' },
      cause: { type: 'string' },
      covariates: { type: 'string' },
      formula: { type: 'string' },
      'censor-code': { type: 'string' },
      'max-iter': { type: 'string' },
      cengroup: { type: 'string' },
      profile: { type: 'string' },
      json: { type: 'boolean', default: false },
    });
    const file = requireOneFile('finegray', positionals, usage);
    if (values.covariates === undefined && values.formula === undefined) {
      throw new InvalidArgumentError(
        '--covariates',
        'muster finegray requires --covariates or --formula',
      );
    }
    for (const option of ['time', 'event', 'cause'] as const) {
      if (values[option] === undefined)
        throw new InvalidArgumentError(`--${option}`, `muster finegray requires --${option}`);
    }
    const maxIter = values['max-iter'] === undefined ? undefined : Number(values['max-iter']);
    const fit = fitFineGray(await readDataFile('finegray', file, { wrapParseErrors: true }), {
      time: values.time!,
      event: values.event!,
      cause: codeValue(values.cause!),
      covariates:
        values.covariates === undefined
          ? undefined
          : values.covariates
              .split(',')
              .map((s) => s.trim())
              .filter((s) => s !== ''),
      formula: values.formula,
      censorCode: values['censor-code'] === undefined ? 0 : codeValue(values['censor-code']),
      maxIter,
      ...(values.cengroup === undefined ? {} : { cengroup: values.cengroup }),
    });
    const prediction =
      values.profile === undefined ? undefined : predictFineGray(fit, parseProfile(values.profile));
    if (values.json) return printJson(prediction ? { ...fit, prediction } : fit);
    const lines = survivalSummaryLines(fit);
    if (prediction) {
      lines.push(
        '',
        `Predicted cumulative incidence for ${Object.entries(prediction.profile)
          .map(([k, v]) => `${k}=${v}`)
          .join(', ')}`,
      );
      lines.push(
        pad([
          ['time', 'cif'],
          ...prediction.time.map((t, k) => [String(t), fmt(prediction.cif[k])]),
        ]),
      );
    }
    return printLines([...lines, ...warningLines(fit)]);
  },
};
