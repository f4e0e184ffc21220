/**
 * R-like text of a glmer fit: `summary(fit)` in the layout of R's `print(summary(glmer))` (lme4),
 * `format(fit)` with the fit's warnings.
 */
import { InvalidArgumentError, printCoefficients } from '@muster/core';
import { deparseLines } from './internal/deparse-lines.ts';
import { catFill } from './internal/r-print.ts';
import {
  DIGITS,
  fitStatisticLines,
  fixedCorrelationLines,
  optimizerLines,
  randomEffectLines,
  residualLines,
  titleLines,
} from './internal/summary-sections.ts';
import type { GlmerResult } from './types.ts';

/** Options of {@link summary} and {@link format}. */
export interface GlmerSummaryOptions {
  /** What the `Data:` line shows (default `data`). */
  data?: string;
  /**
   * Put Muster's line naming the standard errors and the convergence first, as the survival
   * summaries' `header` (R prints neither; default false).
   */
  header?: boolean;
}

/** The header {@link summary} prints on request: the standard errors and the convergence. */
function headerLine(fit: GlmerResult): string {
  const se =
    fit.vcovType === 'hessian'
      ? 'standard errors from the finite-difference Hessian over theta and beta, as glmer'
      : 'standard errors conditional on the covariance parameters (RX)';
  const convergence = fit.converged
    ? `converged in ${fit.iterations} deviance evaluations`
    : `did not converge in ${fit.iterations} deviance evaluations`;
  return `Generalized linear mixed model: ${se}; ${convergence}`;
}

/**
 * A glmer fit as text, line for line lme4's `print(summary(glmer))` (lme4 1.1-31, R's default
 * width of 80 and 4 digits): the method title, family, formula and data; AIC, BIC, logLik,
 * deviance and residual df; the quantiles of the scaled Pearson residuals; the random-effect
 * variances, standard deviations and correlations with the number of groups; the fixed effects by
 * printCoefmat (format.pval, stars); the correlation of the fixed effects (2 to 12 of them); and
 * lme4's note after a boundary (singular) fit. The README lists what differs on purpose. With
 * `header`, a first line (which R does not print) names the standard errors and the convergence.
 *
 * @param fit - a result of {@link fitGlmer}
 * @param options - `data`: the name the `Data:` line shows; `header`: the line above R's
 * @returns the text, lines joined by newlines
 * @throws InvalidArgumentError when `fit` is not a glmer result
 * @example
 * ```ts
 * const d = { y: [0, 1, 0, 1, 1, 0, 1, 1, 0, 0, 1, 1], x: [1, 2, 3, 4, 5, 6, 1, 2, 3, 4, 5, 6], g: ['a', 'a', 'a', 'b', 'b', 'b', 'c', 'c', 'c', 'd', 'd', 'd'] };
 * const fit = await fitGlmer('y ~ x + (1 | g)', d, { profile: false, lrTest: false });
 * summary(fit).split('\n').slice(0, 2);
 * // => ['Generalized linear mixed model fit by maximum likelihood (Laplace', '  Approximation) [glmerMod]']
 * summary(fit, { header: true }).split('\n')[0].startsWith('Generalized linear mixed model: standard errors');
 * // => true
 * ```
 */
export function summary(fit: GlmerResult, options: GlmerSummaryOptions = {}): string {
  if (fit?.kind !== 'glmer') {
    throw new InvalidArgumentError('fit', 'summary requires a result of fitGlmer');
  }
  const lines = [
    ...(options.header ? [headerLine(fit)] : []),
    ...titleLines(fit),
    ` Family: ${fit.family}  ( ${fit.link} )`,
    ...catFill(['Formula:', ...deparseLines(fit.formula)]),
    `   Data: ${options.data ?? 'data'}`,
    '',
    ...fitStatisticLines(fit),
    '',
    ...residualLines(fit),
    ...randomEffectLines(fit),
    '',
    'Fixed effects:',
    ...printCoefficients(
      ['Estimate', 'Std. Error', 'z value', 'Pr(>|z|)'],
      fit.coefficients.map((c) => ({
        term: c.term,
        values: [c.estimate, c.stdError, c.statistic, c.pValue],
      })),
      { digits: DIGITS },
    ),
    ...fixedCorrelationLines(fit),
    ...optimizerLines(fit),
  ];
  return lines.join('\n');
}

/**
 * {@link summary} followed by the fit's warnings (`warning: ...`, one a line).
 *
 * @param fit - a result of fitGlmer
 * @param options - `data`: the name the `Data:` line shows; `header`: the line above R's
 * @returns the text
 * @throws InvalidArgumentError when `fit` is not a glmer result
 * @example
 * ```ts
 * const d = { y: [0, 1, 0, 1, 1, 0, 1, 1, 0, 0, 1, 1], x: [1, 2, 3, 4, 5, 6, 1, 2, 3, 4, 5, 6], g: ['a', 'a', 'a', 'b', 'b', 'b', 'c', 'c', 'c', 'd', 'd', 'd'] };
 * const fit = await fitGlmer('y ~ x + (1 | g)', d, { profile: false, lrTest: false });
 * format(fit).startsWith(summary(fit));
 * // => true
 * ```
 */
export function format(fit: GlmerResult, options: GlmerSummaryOptions = {}): string {
  const text = summary(fit, options);
  const warnings = fit.warnings.map((w) => `warning: ${w.message}`);
  return warnings.length > 0 ? [text, ...warnings].join('\n') : text;
}
