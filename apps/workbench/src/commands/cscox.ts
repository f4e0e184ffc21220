import { InvalidArgumentError } from '@muster/core';
import { fitCauseSpecificCox } from '@muster/survival';
import { coxChoices, coxSummaryLines } from '../cli-support/cox-summary.ts';
import { printJson, printLines } from '../cli-support/output.ts';
import { parseCommandArgs, requireOneFile } from '../cli-support/parse-options.ts';
import { readDataFile } from '../cli-support/read-data.ts';
import type { Command } from '../command.ts';

const usage = `usage: muster cscox DATA --formula F --cause K [--censor-code C] [--ties efron|breslow]
                    [--robust] [--cluster COL] [--weights COL] [--residuals TYPE] [--json]

Cause-specific Cox model: the hazard of cause K among those still at risk, the other causes
censored at their times, as R's coxph(Surv(time, event == K) ~ terms). F is
"Surv(time, event) ~ terms" (or Surv(start, stop, event)) with event holding the censoring code
(default 0) or a cause code. Prints what muster cox prints, and the counts of events of the
cause, of other causes (censored) and of censored rows.`;

export const command: Command = {
  summary: 'Cause-specific Cox regression for one cause of a competing-risks event column',
  usage,
  async run(args: string[]): Promise<number> {
    const { values, positionals } = parseCommandArgs(args, {
      formula: { type: 'string' },
      cause: { type: 'string' },
      'censor-code': { type: 'string' },
      ties: { type: 'string' },
      robust: { type: 'boolean', default: false },
      cluster: { type: 'string' },
      weights: { type: 'string' },
      residuals: { type: 'string' },
      'no-zph': { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
    });
    const file = requireOneFile('cscox', positionals, usage);
    if (values.formula === undefined) {
      throw new InvalidArgumentError('--formula', 'muster cscox requires --formula');
    }
    if (values.cause === undefined) {
      throw new InvalidArgumentError('--cause', 'muster cscox requires --cause (the cause code)');
    }
    const { ties, residualType } = coxChoices('cscox', values);
    const code = (text: string) => (Number.isFinite(Number(text)) ? Number(text) : text);
    const fit = fitCauseSpecificCox(values.formula, await readDataFile('cscox', file), {
      cause: code(values.cause),
      censorCode: values['censor-code'] === undefined ? undefined : code(values['censor-code']),
      ties,
      robust: values.robust ? true : undefined,
      cluster: values.cluster,
      weights: values.weights,
      zph: !values['no-zph'],
      residuals: residualType !== undefined,
    });
    if (values.json) return printJson(fit);
    return printLines(coxSummaryLines(fit, { residuals: residualType }));
  },
};
