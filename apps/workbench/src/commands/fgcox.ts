import { InvalidArgumentError } from '@muster/core';
import { fitFineGrayCox } from '@muster/survival';
import { coxChoices, coxSummaryLines } from '../cli-support/cox-summary.ts';
import { printJson, printLines } from '../cli-support/output.ts';
import { codeValue, parseCommandArgs, requireOneFile } from '../cli-support/parse-options.ts';
import { readDataFile } from '../cli-support/read-data.ts';
import type { Command } from '../command.ts';

const usage = `usage: muster fgcox DATA --formula F --cause K [--id ID] [--censoring-strata S]
                    [--censor-code C] [--ties efron|breslow] [--cluster COL] [--weights COL]
                    [--residuals TYPE] [--json]

Fine-Gray subdistribution hazards by R survival's route: finegray() expands the data (rows of
other causes stay at risk with censoring weights), then a weighted Cox model, as
coxph(Surv(fgstart, fgstop, fgstatus) ~ terms, weights = fgwt). F is "Surv(time, event) ~ terms"
or "Surv(start, stop, event) ~ terms" (time-varying covariates; give --id), event holding the
censoring code (default 0) or a cause code; add cluster(unit) to F (or --cluster unit) for
cluster-robust standard errors. --censoring-strata S estimates the censoring distribution per
level of S (finegray's strata()). Prints what muster cox prints.`;

export const command: Command = {
  summary:
    'Fine-Gray regression by finegray() rows and a weighted Cox model (clusters, time-varying covariates)',
  usage,
  async run(args: string[]): Promise<number> {
    const { values, positionals } = parseCommandArgs(args, {
      formula: { type: 'string' },
      cause: { type: 'string' },
      id: { type: 'string' },
      'censoring-strata': { type: 'string' },
      'censor-code': { type: 'string' },
      ties: { type: 'string' },
      cluster: { type: 'string' },
      weights: { type: 'string' },
      residuals: { type: 'string' },
      'no-zph': { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
    });
    const file = requireOneFile('fgcox', positionals, usage);
    if (values.formula === undefined) {
      throw new InvalidArgumentError('--formula', 'muster fgcox requires --formula');
    }
    if (values.cause === undefined) {
      throw new InvalidArgumentError('--cause', 'muster fgcox requires --cause (the cause code)');
    }
    const { ties, residualType } = coxChoices('fgcox', values);
    const fit = fitFineGrayCox(values.formula, await readDataFile('fgcox', file), {
      cause: codeValue(values.cause),
      ...(values['censor-code'] === undefined
        ? {}
        : { censorCode: codeValue(values['censor-code']) }),
      ...(values.id === undefined ? {} : { id: values.id }),
      ...(values['censoring-strata'] === undefined
        ? {}
        : { censoringStrata: values['censoring-strata'] }),
      ties,
      cluster: values.cluster,
      weights: values.weights,
      zph: !values['no-zph'],
      residuals: residualType !== undefined,
    });
    if (values.json) return printJson(fit);
    return printLines(coxSummaryLines(fit, { residuals: residualType }));
  },
};
