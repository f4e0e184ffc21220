/**
 * R-like text of this package's regression fits: `summary(fit)` prints a Cox or cause-specific
 * Cox fit as R's `print(summary(coxph))`, an AFT fit as `print(summary(survreg))` and a Fine-Gray
 * fit as `print(summary(crr))`; `format(fit)` adds the fit's warnings.
 */
import {
  formatPValues,
  formatR,
  InvalidArgumentError,
  printCoefficients,
  printMatrix,
} from '@muster/core';
import type { AftResult } from './aft/fit-aft.ts';
import type { CauseSpecificCoxResult } from './competing/fit-cause-specific-cox.ts';
import type { FineGrayResult } from './competing/fit-fine-gray.ts';
import type { FineGrayCoxResult } from './competing/fit-fine-gray-cox.ts';
import type { CoxResult } from './cox/fit-cox.ts';

/** The regression results of this package. */
export type SurvivalFitResult =
  | CoxResult
  | CauseSpecificCoxResult
  | FineGrayCoxResult
  | AftResult
  | FineGrayResult;

/** Options of {@link summary} and {@link format}. */
export interface SurvivalSummaryOptions {
  /** What the call shows as `data = ...` (default `data`). */
  data?: string;
}

/** R's digits inside print.summary.coxph: max(getOption("digits") - 3, 3). */
const DIGITS = 4;

const percent = (level: number) => Number((level * 100).toPrecision(4));

/** ` on 3 df,   p=1e-06`: a chi-square test as print.summary.coxph writes it. */
function testLine(
  name: string,
  test: { statistic: number; df: number; pValue: number } | null,
): string {
  if (test === null) return `${name}not available`;
  const statistic = formatR([Math.round(test.statistic * 100) / 100], DIGITS)[0];
  return `${name}${statistic}  on ${test.df} df,   p=${formatPValues([test.pValue], 1)[0]}`;
}

function missingLine(nDropped: number): string[] {
  return nDropped > 0
    ? [`   (${nDropped} observation${nDropped === 1 ? '' : 's'} deleted due to missingness)`]
    : [];
}

function coxLines(
  fit: CoxResult | CauseSpecificCoxResult | FineGrayCoxResult,
  data: string,
): string[] {
  const robust = fit.vcovType !== 'classical';
  const lines = ['Call:', `coxph(formula = ${fit.formula}, data = ${data}, ties = "${fit.ties}")`];
  if (fit.kind === 'cause-specific-cox') {
    const c = fit.causeSpecific;
    lines.push(
      `Cause-specific hazard of ${c.event} = ${c.cause}: ${c.nCompeting} events of other causes censored at their times`,
    );
  }
  lines.push(
    '',
    `  n= ${fit.nobs}, number of events= ${fit.nEvents} `,
    ...missingLine(fit.nDropped),
  );
  lines.push('');
  lines.push(
    ...printCoefficients(
      ['coef', 'exp(coef)', 'se(coef)', ...(robust ? ['robust se'] : []), 'z', 'Pr(>|z|)'],
      fit.coefficients.map((c) => ({
        term: c.term,
        values: [
          c.estimate,
          c.hazardRatio,
          c.naiveStdError,
          ...(robust ? [c.stdError] : []),
          c.statistic,
          c.pValue,
        ],
      })),
      { digits: DIGITS, estimateColumns: robust ? 4 : 3 },
    ),
  );
  const level = percent(fit.confLevel) / 100;
  const columns = [
    fit.coefficients.map((c) => c.hazardRatio),
    fit.coefficients.map((c) => (c.estimate === null ? null : Math.exp(-c.estimate))),
    fit.coefficients.map((c) => c.hazardRatioLower),
    fit.coefficients.map((c) => c.hazardRatioUpper),
  ].map((column) => formatR(column, DIGITS));
  lines.push(
    '',
    ...printMatrix(
      [
        'exp(coef)',
        'exp(-coef)',
        `lower ${String(level).slice(1)}`,
        `upper ${String(level).slice(1)}`,
      ],
      fit.coefficients.map((c, j) => [c.term, ...columns.map((column) => column[j])]),
    ),
  );
  const concordance = formatR([Math.round(fit.concordance * 1000) / 1000], DIGITS)[0];
  const concordanceSe = formatR([Math.round(fit.concordanceStdError * 1000) / 1000], DIGITS)[0];
  lines.push('', `Concordance= ${concordance}  (se = ${concordanceSe} )`);
  lines.push(testLine('Likelihood ratio test= ', fit.likelihoodRatioTest));
  lines.push(testLine('Wald test            = ', fit.waldTest));
  let score = testLine('Score (logrank) test = ', fit.scoreTest);
  if (fit.robustScoreTest !== null) {
    const r = fit.robustScoreTest;
    score += `,   Robust = ${formatR([Math.round(r.statistic * 100) / 100], DIGITS)[0]}  p=${formatPValues([r.pValue], 1)[0]}`;
  }
  lines.push(score, '');
  if (robust) {
    lines.push(
      '  (Note: the likelihood ratio and score tests assume independence of',
      '     observations within a cluster, the Wald and robust score tests do not).',
    );
  }
  return lines;
}

function aftLines(fit: AftResult, data: string): string[] {
  const lines = [
    'Call:',
    `survreg(formula = ${fit.formula}, data = ${data}, dist = "${fit.dist}")`,
    ...printCoefficients(
      ['Value', 'Std. Error', 'z', 'p'],
      fit.coefficients.map((c) => ({
        term: c.term,
        values: [c.estimate, c.stdError, c.statistic, c.pValue],
      })),
      { digits: DIGITS, stars: false },
    ),
    '',
  ];
  if (fit.scaleEstimated || typeof fit.scale !== 'number') {
    const scales = Array.isArray(fit.scale) ? fit.scale : [fit.scale];
    lines.push(`Scale= ${formatR(scales, 3).join(' ')} `, '');
  } else {
    lines.push(`Scale fixed at ${formatR([fit.scale], 3)[0]} `, '');
  }
  const name = fit.dist.charAt(0).toUpperCase() + fit.dist.slice(1);
  const test = fit.likelihoodRatioTest;
  lines.push(
    `${name} distribution`,
    `Loglik(model)= ${formatR([Math.round(fit.logLik * 10) / 10], 7)[0]}   Loglik(intercept only)= ${formatR([Math.round(fit.logLikNull * 10) / 10], 7)[0]}`,
    `\tChisq= ${formatR([Math.round(test.statistic * 100) / 100], 7)[0]} on ${test.df} degrees of freedom, p= ${formatPValues([test.pValue], 2)[0]} `,
    `Number of Newton-Raphson Iterations: ${fit.iterations} `,
    `n= ${fit.nobs} ${fit.nDropped > 0 ? `(${fit.nDropped} observation${fit.nDropped === 1 ? '' : 's'} deleted due to missingness)` : ''}`,
    '',
  );
  return lines;
}

function fineGrayLines(fit: FineGrayResult): string[] {
  const level = percent(fit.confLevel);
  const tail = (100 - level) / 2;
  const columns = [
    fit.coefficients.map((c) => c.hazardRatio),
    fit.coefficients.map((c) => Math.exp(-c.estimate)),
    fit.coefficients.map((c) => c.hazardRatioLower),
    fit.coefficients.map((c) => c.hazardRatioUpper),
  ].map((column) => formatR(column, DIGITS));
  const test = 2 * (fit.logLik - fit.logLikNull);
  return [
    'Competing Risks Regression',
    '',
    'Call:',
    `crr(ftime = ${fit.time}, fstatus = ${fit.event}, cov1 = ${fit.formula.replace(/^.*~\s*/, '')}, failcode = ${fit.cause}, cencode = ${fit.censorCode})`,
    '',
    ...printCoefficients(
      ['coef', 'exp(coef)', 'se(coef)', 'z', 'p-value'],
      fit.coefficients.map((c) => ({
        term: c.term,
        values: [c.estimate, c.hazardRatio, c.stdError, c.statistic, c.pValue],
      })),
      { digits: DIGITS, estimateColumns: 3, stars: false },
    ),
    '',
    ...printMatrix(
      ['exp(coef)', 'exp(-coef)', `${tail}%`, `${100 - tail}%`],
      fit.coefficients.map((c, j) => [c.term, ...columns.map((column) => column[j])]),
    ),
    '',
    `Num. cases = ${fit.nobs}${fit.nDropped > 0 ? ` (${fit.nDropped} cases omitted due to missing values)` : ''}`,
    `Pseudo Log-likelihood = ${formatR([fit.logLik], 5)[0]} `,
    `Pseudo likelihood ratio test = ${formatR([test], 4)[0]}  on ${fit.df} df,`,
    '',
  ];
}

/**
 * A fit of this package as R prints its summary: a Cox or cause-specific Cox model as
 * `print(summary(coxph))` (the coefficient table by printCoefmat with exp(coef) and, when robust,
 * the robust standard error; the hazard ratios with exp(-coef) and their interval; concordance;
 * likelihood ratio, Wald and score tests), an AFT model as `print(summary(survreg))` and a
 * Fine-Gray model as `print(summary(crr))`.
 *
 * Deliberate differences from R: the call is one line and names `ties`; a cause-specific fit adds
 * a line naming the cause; the legend's quotes are plain (R in the C locale).
 *
 * @param fit - a result of {@link fitCox}, {@link fitCauseSpecificCox}, {@link fitAft} or
 *   {@link fitFineGray}
 * @param options - `data`: the name the call shows
 * @returns the text, lines joined by newlines
 * @throws InvalidArgumentError when `fit` is not one of those results
 * @example
 * ```ts
 * const fit = fitCox('Surv(time, status) ~ x', { time: [5, 8, 3, 9, 12, 4], status: [1, 1, 0, 1, 1, 1], x: [1, 0, 1, 0, 0, 1] });
 * summary(fit).split('\n')[3];
 * // => '  n= 6, number of events= 5 '
 * ```
 */
export function summary(fit: SurvivalFitResult, options: SurvivalSummaryOptions = {}): string {
  const data = options.data ?? 'data';
  switch (fit?.kind) {
    case 'cox':
    case 'cause-specific-cox':
    case 'fine-gray-cox':
      return coxLines(fit, data).join('\n');
    case 'aft':
      return aftLines(fit, data).join('\n');
    case 'fine-gray':
      return fineGrayLines(fit).join('\n');
    default:
      throw new InvalidArgumentError(
        'fit',
        'summary requires a result of fitCox, fitCauseSpecificCox, fitFineGrayCox, fitAft or fitFineGray',
      );
  }
}

/**
 * {@link summary} followed by the fit's warnings (`warning: ...`, one a line).
 *
 * @param fit - a result of fitCox, fitCauseSpecificCox, fitAft or fitFineGray
 * @param options - `data`: the name the call shows
 * @returns the text
 * @throws InvalidArgumentError when `fit` is not one of those results
 * @example
 * ```ts
 * const fit = fitCox('Surv(time, status) ~ x', { time: [5, 8, 3, 9, 12, 4], status: [1, 1, 0, 1, 1, 1], x: [1, 0, 1, 0, 0, 1] });
 * format(fit).startsWith(summary(fit));
 * // => true
 * ```
 */
export function format(fit: SurvivalFitResult, options: SurvivalSummaryOptions = {}): string {
  const text = summary(fit, options);
  const warnings = fit.warnings.map((w) => `warning: ${w.message}`);
  return warnings.length > 0 ? [text, ...warnings].join('\n') : text;
}
