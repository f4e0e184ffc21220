/** The readable summary of a Cox fit (as R's print of summary.coxph), shared by cox and cscox. */
import { InvalidArgumentError } from '@muster/core';
import type { CauseSpecificCoxResult, CoxResult, FineGrayCoxResult } from '@muster/survival';
import { fmt, pad } from './format-table.ts';

export const RESIDUAL_TYPES = [
  'martingale',
  'deviance',
  'score',
  'schoenfeld',
  'dfbeta',
  'dfbetas',
] as const;
export type ResidualType = (typeof RESIDUAL_TYPES)[number];

/** The --ties and --residuals choices of a Cox command, checked (ties default to Efron). */
export function coxChoices(
  command: string,
  values: { ties?: string; residuals?: string },
): { ties: 'efron' | 'breslow'; residualType: ResidualType | undefined } {
  const ties = values.ties ?? 'efron';
  if (ties !== 'efron' && ties !== 'breslow') {
    throw new InvalidArgumentError(
      '--ties',
      `muster ${command} requires --ties efron or breslow; received '${ties}'`,
    );
  }
  const residualType = values.residuals as ResidualType | undefined;
  if (residualType !== undefined && !RESIDUAL_TYPES.includes(residualType)) {
    throw new InvalidArgumentError(
      '--residuals',
      `muster ${command} requires --residuals to be one of ${RESIDUAL_TYPES.join(', ')}; received '${residualType}'`,
    );
  }
  return { ties, residualType };
}

/** Coefficients, tests, concordance, zph, and on request curves and residuals of a Cox fit. */
export function coxSummaryLines(
  fit: CoxResult | CauseSpecificCoxResult | FineGrayCoxResult,
  options: { residuals?: ResidualType },
): string[] {
  const residualType = options.residuals;
  const robust = fit.vcovType !== 'classical';
  const lines: string[] = [];
  lines.push(`Cox proportional hazards: ${fit.formula}`);
  lines.push(
    `ties = ${fit.ties}, ${robust ? `${fit.vcovType} standard errors${fit.nClusters ? ` (${fit.nClusters} clusters)` : ''}` : 'model-based standard errors'}${fit.strata ? `, ${fit.strata.length} strata` : ''}`,
  );
  lines.push(
    `n = ${fit.nobs}, events = ${fit.nEvents}${fit.nDropped > 0 ? ` (${fit.nDropped} row(s) dropped for missing values)` : ''}`,
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
        fmt(c.hazardRatioLower),
        fmt(c.hazardRatioUpper),
      ]),
    ]),
  );
  lines.push('');
  lines.push(`Concordance = ${fmt(fit.concordance, 3)} (se = ${fmt(fit.concordanceStdError, 3)})`);
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
  lines.push('', fit.converged ? `converged in ${fit.iterations} iterations` : 'did not converge');
  if (fit.survivalCurves) lines.push(...curveLines(fit));
  if (residualType && fit.residuals) lines.push(...residualLines(fit, residualType));
  for (const w of fit.warnings) lines.push(`warning: ${w.message}`);
  return lines;
}

/** survfit(fit): the predicted curve at the covariate means, per stratum. */
function curveLines(fit: CoxResult | CauseSpecificCoxResult | FineGrayCoxResult): string[] {
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
function residualLines(
  fit: CoxResult | CauseSpecificCoxResult | FineGrayCoxResult,
  type: ResidualType,
): string[] {
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
