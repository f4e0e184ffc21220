/** print(summary(coxph)) for Cox, cause-specific Cox and Fine-Gray Cox (finegray rows) fits. */
import { formatPValues, formatR, printCoefficients, printMatrix } from '@muster/core';
import type { CauseSpecificCoxResult } from '../competing/fit-cause-specific-cox.ts';
import type { FineGrayCoxResult } from '../competing/fit-fine-gray-cox.ts';
import type { CoxResult } from '../cox/fit-cox.ts';
import { convergence, round } from './r-text.ts';

type CoxFit = CoxResult | CauseSpecificCoxResult | FineGrayCoxResult;

/** R's digits inside print.summary.coxph: max(getOption("digits") - 3, 3). */
const DIGITS = 4;

/** ` on 3 df,   p=1e-06`: a chi-square test as print.summary.coxph writes it. */
function testLine(
  name: string,
  test: { statistic: number; df: number; pValue: number } | null,
): string {
  if (test === null) return `${name}not available`;
  const statistic = formatR([round(test.statistic, 2)], DIGITS)[0];
  return `${name}${statistic}  on ${test.df} df,   p=${formatPValues([test.pValue], 1)[0]}`;
}

/** The header Muster adds on request: the model, its variance, strata and convergence. */
export function coxHeader(fit: CoxFit): string {
  const name =
    fit.kind === 'cox'
      ? 'Cox proportional hazards model'
      : fit.kind === 'cause-specific-cox'
        ? 'Cause-specific Cox proportional hazards model'
        : 'Fine-Gray subdistribution hazards model (weighted Cox model on finegray() rows)';
  const variance =
    fit.vcovType === 'classical'
      ? 'model-based standard errors'
      : `${fit.vcovType} standard errors${fit.nClusters ? ` (${fit.nClusters} clusters)` : ''}`;
  const strata = fit.strata ? `, ${fit.strata.length} strata` : '';
  return `${name}: ties = ${fit.ties}, ${variance}${strata}; ${convergence(fit)}`;
}

/** What the call of a competing-risks Cox fit does not show: the cause and its rows. */
function competingLine(fit: CoxFit): string[] {
  if (fit.kind === 'cause-specific-cox') {
    const c = fit.causeSpecific;
    return [
      `Cause-specific hazard of ${c.event} = ${c.cause}: ${c.nCompeting} events of other causes censored at their times, ${c.nCensored} censored (code ${c.censorCode})`,
    ];
  }
  if (fit.kind === 'fine-gray-cox') {
    const g = fit.fineGray;
    return [
      `Fine-Gray subdistribution hazard of ${g.event} = ${g.cause} (censoring code ${g.censorCode}): ${g.nSourceRows} rows expanded by finegray() to ${g.nExpandedRows}, weighted by fgwt${g.delayedEntry ? ' (corrected for late entry)' : ''}`,
    ];
  }
  return [];
}

function coefficientLines(fit: CoxFit): string[] {
  const robust = fit.vcovType !== 'classical';
  // coxph's variance has zeros in the rows of aliased terms: R prints their se as 0.
  const se = (c: CoxFit['coefficients'][number], value: number | null) =>
    c.estimate === null ? 0 : value;
  return printCoefficients(
    ['coef', 'exp(coef)', 'se(coef)', ...(robust ? ['robust se'] : []), 'z', 'Pr(>|z|)'],
    fit.coefficients.map((c) => ({
      term: c.term,
      values: [
        c.estimate,
        c.hazardRatio,
        se(c, c.naiveStdError),
        ...(robust ? [se(c, c.stdError)] : []),
        c.statistic,
        c.pValue,
      ],
    })),
    { digits: DIGITS, estimateColumns: robust ? 4 : 3 },
  );
}

function hazardRatioLines(fit: CoxFit): string[] {
  const level = String(Number(fit.confLevel.toPrecision(4))).replace(/^0/, '');
  const columns = [
    fit.coefficients.map((c) => c.hazardRatio),
    fit.coefficients.map((c) => (c.estimate === null ? null : Math.exp(-c.estimate))),
    fit.coefficients.map((c) => c.hazardRatioLower),
    fit.coefficients.map((c) => c.hazardRatioUpper),
  ].map((column) => formatR(column, DIGITS));
  return printMatrix(
    ['exp(coef)', 'exp(-coef)', `lower ${level}`, `upper ${level}`],
    fit.coefficients.map((c, j) => [c.term, ...columns.map((column) => column[j])]),
  );
}

function testLines(fit: CoxFit): string[] {
  const concordance = formatR([round(fit.concordance, 3)], DIGITS)[0];
  const concordanceSe = formatR([round(fit.concordanceStdError, 3)], DIGITS)[0];
  let score = testLine('Score (logrank) test = ', fit.scoreTest);
  if (fit.robustScoreTest !== null) {
    const r = fit.robustScoreTest;
    score += `,   Robust = ${formatR([round(r.statistic, 2)], DIGITS)[0]}  p=${formatPValues([r.pValue], 1)[0]}`;
  }
  return [
    `Concordance= ${concordance}  (se = ${concordanceSe} )`,
    testLine('Likelihood ratio test= ', fit.likelihoodRatioTest),
    testLine('Wald test            = ', fit.waldTest),
    score,
  ];
}

/** The lines of print(summary(coxph)); `header` puts {@link coxHeader} first. */
export function coxLines(fit: CoxFit, data: string, header: boolean): string[] {
  const nDropped = fit.nDropped;
  const lines = [
    ...(header ? [coxHeader(fit)] : []),
    'Call:',
    `coxph(formula = ${fit.formula}, data = ${data}, ties = "${fit.ties}")`,
    ...competingLine(fit),
    '',
    `  n= ${fit.nobs}, number of events= ${fit.nEvents} `,
    ...(nDropped > 0
      ? [`   (${nDropped} observation${nDropped === 1 ? '' : 's'} deleted due to missingness)`]
      : []),
    '',
    ...coefficientLines(fit),
    '',
    ...hazardRatioLines(fit),
    '',
    ...testLines(fit),
    '',
  ];
  if (fit.vcovType !== 'classical') {
    lines.push(
      '  (Note: the likelihood ratio and score tests assume independence of',
      '     observations within a cluster, the Wald and robust score tests do not).',
    );
  }
  return lines;
}
