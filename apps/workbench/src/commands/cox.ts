import { InvalidArgumentError } from '@muster/core';
import { fitCox } from '@muster/survival';
import { coxChoices, coxSummaryLines, RESIDUAL_TYPES } from '../cli-support/cox-summary.ts';
import { printJson, printLines } from '../cli-support/output.ts';
import { parseCommandArgs, requireOneFile } from '../cli-support/parse-options.ts';
import { readDataFile } from '../cli-support/read-data.ts';
import type { Command } from '../command.ts';

const usage = `usage: muster cox DATA --formula F [--ties efron|breslow] [--robust] [--cluster COL]
                  [--weights COL] [--no-zph] [--curves] [--residuals TYPE] [--json]

Cox proportional-hazards model (as R's coxph): F is "Surv(time, status) ~ terms" or
"Surv(start, stop, event) ~ terms", with optional strata(x) and cluster(x) terms. --robust gives
sandwich standard errors (clustered with --cluster or cluster(); (start, stop] data need a
cluster, as coxph); --weights takes case weights. Prints R's print(summary(fit)) (coefficients,
hazard ratios, concordance, likelihood-ratio, Wald and score tests) under a line naming the
standard errors and convergence, then print(cox.zph(fit)). --curves adds the
predicted survival curve at the covariate means (survfit(fit)); --residuals TYPE adds residuals
by data row, TYPE one of ${RESIDUAL_TYPES.join(', ')} (residuals(fit, TYPE)).`;

export const command: Command = {
  summary: 'Cox proportional-hazards regression (ties, strata, clusters, zph)',
  usage,
  async run(args: string[]): Promise<number> {
    const { values, positionals } = parseCommandArgs(args, {
      formula: { type: 'string' },
      ties: { type: 'string' },
      robust: { type: 'boolean', default: false },
      cluster: { type: 'string' },
      weights: { type: 'string' },
      curves: { type: 'boolean', default: false },
      residuals: { type: 'string' },
      'no-zph': { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
    });
    const file = requireOneFile('cox', positionals, usage);
    if (values.formula === undefined) {
      throw new InvalidArgumentError('--formula', 'muster cox requires --formula');
    }
    const { ties, residualType } = coxChoices('cox', values);
    const data = await readDataFile('cox', file);
    const ttTerm = /\btt\s*\(/.exec(values.formula);
    if (ttTerm) {
      throw new InvalidArgumentError(
        '--formula',
        `muster cox cannot fit tt() terms: the time transform is a JavaScript function (fitCox's tt option, as coxph's tt = function(x, t, ...)), which a command line cannot carry; use fitCox in a notebook or script, or split follow-up into (start, stop] rows; received ${values.formula}`,
      );
    }
    const fit = fitCox(values.formula, data, {
      ties,
      robust: values.robust ? true : undefined,
      cluster: values.cluster,
      weights: values.weights,
      zph: !values['no-zph'],
      residuals: residualType !== undefined,
      survivalCurves: values.curves ? 'means' : undefined,
    });
    if (values.json) return printJson(fit);
    return printLines(coxSummaryLines(fit, { residuals: residualType }));
  },
};
