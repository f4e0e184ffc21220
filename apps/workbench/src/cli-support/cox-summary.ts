/** The readable text of a Cox fit (R's print of summary.coxph and cox.zph), for cox, cscox, fgcox. */
import { InvalidArgumentError, printCoefficients } from '@muster/core';
import type { CauseSpecificCoxResult, CoxResult, FineGrayCoxResult } from '@muster/survival';
import { fmt, pad } from './format-table.ts';
import { survivalSummaryLines, warningLines } from './survival-summary.ts';

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

/**
 * A Cox fit's text: summary(fit) of @muster/survival (R's print(summary(coxph)) under a header
 * line), then R's print(cox.zph(fit)), and on request the curves and residuals; the warnings last.
 */
export function coxSummaryLines(
  fit: CoxResult | CauseSpecificCoxResult | FineGrayCoxResult,
  options: { residuals?: ResidualType },
): string[] {
  const residualType = options.residuals;
  const lines = survivalSummaryLines(fit);
  if (fit.zph)
    lines.push('', 'Proportional hazards test (cox.zph, KM transform)', ...zphLines(fit.zph));
  if (fit.survivalCurves) lines.push(...curveLines(fit));
  if (residualType && fit.residuals) lines.push(...residualLines(fit, residualType));
  lines.push(...warningLines(fit));
  return lines;
}

/** print(cox.zph(fit)): printCoefmat at 3 digits, chisq as the estimate, df as the statistic. */
function zphLines(zph: NonNullable<CoxResult['zph']>): string[] {
  return printCoefficients(
    ['chisq', 'df', 'p'],
    zph.map((z) => ({ term: z.term, values: [z.chisq, z.df, z.pValue] })),
    { digits: 3, estimateColumns: 1, stars: false },
  );
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
