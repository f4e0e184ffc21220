import { InvalidArgumentError } from '@muster/core';
import { type CoxResult, fitCox } from '@muster/survival';
import { fmt, pad } from '../cli-support/format-table.ts';
import { printJson, printLines } from '../cli-support/output.ts';
import { parseCommandArgs, requireOneFile } from '../cli-support/parse-options.ts';
import { readDataFile } from '../cli-support/read-data.ts';
import type { Command } from '../command.ts';

const RESIDUAL_TYPES = [
  'martingale',
  'deviance',
  'score',
  'schoenfeld',
  'dfbeta',
  'dfbetas',
] as const;
type ResidualType = (typeof RESIDUAL_TYPES)[number];

const usage = `usage: muster cox DATA --formula F [--ties efron|breslow] [--robust] [--cluster COL]
                  [--weights COL] [--no-zph] [--curves] [--residuals TYPE] [--json]

Cox proportional-hazards model (as R's coxph): F is "Surv(time, status) ~ terms" or
"Surv(start, stop, event) ~ terms", with optional strata(x) and cluster(x) terms. --robust gives
sandwich standard errors (clustered with --cluster or cluster(); (start, stop] data need a
cluster, as coxph); --weights takes case weights. Prints coefficients, hazard ratios, the
likelihood-ratio, Wald and score tests, concordance and the cox.zph test. --curves adds the
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
    const ties = values.ties ?? 'efron';
    if (ties !== 'efron' && ties !== 'breslow') {
      throw new InvalidArgumentError(
        '--ties',
        `muster cox requires --ties efron or breslow; received '${ties}'`,
      );
    }
    const residualType = values.residuals as ResidualType | undefined;
    if (residualType !== undefined && !RESIDUAL_TYPES.includes(residualType)) {
      throw new InvalidArgumentError(
        '--residuals',
        `muster cox requires --residuals to be one of ${RESIDUAL_TYPES.join(', ')}; received '${residualType}'`,
      );
    }
    const data = readDataFile('cox', file);
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
    if (fit.survivalCurves) lines.push(...curveLines(fit));
    if (residualType && fit.residuals) lines.push(...residualLines(fit, residualType));
    for (const w of fit.warnings) lines.push(`warning: ${w.message}`);
    return printLines(lines);
  },
};

/** survfit(fit): the predicted curve at the covariate means, per stratum. */
function curveLines(fit: CoxResult): string[] {
  const lines: string[] = [];
  for (const curve of fit.survivalCurves ?? []) {
    for (const stratum of curve.strata) {
      lines.push(
        '',
        `Survival curve at the covariate means${stratum.stratum ? ` (${stratum.stratum})` : ''}`,
      );
      lines.push(
        pad([
          ['time', 'n.risk', 'n.event', 'survival', 'std.err', 'lower 95%', 'upper 95%'],
          ...stratum.table
            .filter((row) => row.nEvent > 0)
            .map((row) => [
              fmt(row.time, 6),
              fmt(row.nRisk, 6),
              fmt(row.nEvent, 6),
              fmt(row.surv),
              fmt(row.stdErr),
              fmt(row.lower),
              fmt(row.upper),
            ]),
        ]),
      );
    }
  }
  return lines;
}

/** residuals(fit, type) by data row (Schoenfeld: by event), one column per coefficient. */
function residualLines(fit: CoxResult, type: ResidualType): string[] {
  const residuals = fit.residuals;
  if (!residuals) return [];
  const terms = fit.coefficients.map((c) => c.term);
  const lines = ['', `Residuals (${type})`];
  if (type === 'schoenfeld') {
    lines.push(
      pad([
        ['row', 'time', ...terms],
        ...residuals.schoenfeld.map((r) => [
          String(r.row),
          fmt(r.time, 6),
          ...r.values.map((v) => fmt(v)),
        ]),
      ]),
    );
    return lines;
  }
  const columns: (number | null)[][] =
    type === 'martingale' || type === 'deviance' ? [residuals[type]] : residuals[type];
  const header = type === 'martingale' || type === 'deviance' ? [type] : terms;
  lines.push(
    pad([
      ['row', ...header],
      ...columns[0].map((_, i) => [String(residuals.rows[i]), ...columns.map((c) => fmt(c[i]))]),
    ]),
  );
  return lines;
}
