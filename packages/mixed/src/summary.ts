/**
 * R-like text of a glmer fit: `summary(fit)` in the layout of R's `print(summary(glmer))` (lme4),
 * `format(fit)` with the fit's warnings.
 */
import { formatR, InvalidArgumentError, printCoefficients, printMatrix } from '@muster/core';
import type { GlmerResult } from './types.ts';

/** Options of {@link summary} and {@link format}. */
export interface GlmerSummaryOptions {
  /** What the call shows as `data = ...` (default `data`). */
  data?: string;
}

/** lme4's summary digits: max(3, getOption("digits") - 3). */
const DIGITS = 4;

function fitLines(fit: GlmerResult): string[] {
  const stats = [fit.aic, fit.bic, fit.logLik, fit.deviance].map(
    (v) => formatR([Math.round(v * 10) / 10], DIGITS + 1)[0],
  );
  return printMatrix(
    ['AIC', 'BIC', 'logLik', 'deviance', 'df.resid'],
    [['', ...stats, String(fit.nobs - fit.df)]],
  );
}

function randomEffectLines(fit: GlmerResult): string[] {
  const rows = fit.varianceComponents.filter((c) => c.var2 === null);
  const variances = formatR(
    rows.map((c) => c.vcov),
    DIGITS,
  );
  const sds = formatR(
    rows.map((c) => c.sdcor),
    DIGITS,
  );
  const groups = Object.entries(fit.nGroups)
    .map(([group, n]) => `${group}, ${n}`)
    .join('; ');
  // lme4 prints this table left-aligned.
  const cells = [
    ['Groups', 'Name', 'Variance', 'Std.Dev.'],
    ...rows.map((c, j) => [c.group, c.var1, variances[j], sds[j]]),
  ];
  const widths = cells[0].map((_, j) => Math.max(...cells.map((row) => row[j].length)));
  return [
    'Random effects:',
    ...cells.map((row) => ` ${row.map((cell, j) => cell.padEnd(widths[j])).join(' ')}`),
    `Number of obs: ${fit.nobs}, groups:  ${groups}`,
  ];
}

/**
 * A glmer fit as text in the layout of lme4's `print(summary(glmer))`: the method, family and
 * call; AIC, BIC, logLik, deviance and residual df; the random-effect variances and standard
 * deviations with the number of groups; and the fixed effects by printCoefmat (4 significant
 * digits, format.pval, stars). Not compared with lme4 line for line; the scaled residuals and the
 * correlation of fixed effects lme4 prints are left out.
 *
 * @param fit - a result of {@link fitGlmer}
 * @param options - `data`: the name the call shows
 * @returns the text, lines joined by newlines
 * @throws InvalidArgumentError when `fit` is not a glmer result
 * @example
 * ```ts
 * const d = { y: [0, 1, 0, 1, 1, 0, 1, 1, 0, 0, 1, 1], x: [1, 2, 3, 4, 5, 6, 1, 2, 3, 4, 5, 6], g: ['a', 'a', 'a', 'b', 'b', 'b', 'c', 'c', 'c', 'd', 'd', 'd'] };
 * const fit = await fitGlmer('y ~ x + (1 | g)', d, { profile: false, lrTest: false });
 * summary(fit).split('\n')[0];
 * // => 'Generalized linear mixed model fit by maximum likelihood (Laplace Approximation) [glmerMod]'
 * ```
 */
export function summary(fit: GlmerResult, options: GlmerSummaryOptions = {}): string {
  if (fit?.kind !== 'glmer') {
    throw new InvalidArgumentError('fit', 'summary requires a result of fitGlmer');
  }
  const approximation =
    fit.method === 'laplace'
      ? 'Laplace Approximation'
      : `Adaptive Gauss-Hermite Quadrature, nAGQ = ${fit.nAGQ}`;
  const lines = [
    `Generalized linear mixed model fit by maximum likelihood (${approximation}) [glmerMod]`,
    ` Family: ${fit.family}  ( ${fit.link} )`,
    `Formula: ${fit.formula}`,
    `   Data: ${options.data ?? 'data'}`,
    '',
    ...fitLines(fit),
    '',
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
  ];
  if (fit.singular) lines.push('optimizer: boundary (singular) fit: see help(isSingular)');
  return lines.join('\n');
}

/**
 * {@link summary} followed by the fit's warnings (`warning: ...`, one a line).
 *
 * @param fit - a result of fitGlmer
 * @param options - `data`: the name the call shows
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
