/**
 * R-like text of a match and of a matched outcome model: `summary(match)` as MatchIt's
 * `print(summary(m))`, `summary(effect)` as R prints `lmtest::coeftest(fit, vcov. =
 * sandwich::vcovCL, cluster = ~subclass)` after MatchIt, with the treatment effect named.
 */
import { formatR, InvalidArgumentError, printCoefficients } from '@muster/core';
import type { EffectResult } from './estimate-effect.ts';
import { matchSummaryLines } from './internal/balance-print.ts';
import { effectHeader, matchHeader } from './internal/summary-header.ts';
import type { MatchResult } from './types.ts';

/** Options of {@link summary} and {@link format}. */
export interface MatchingSummaryOptions {
  /** What the call of a match shows as `data = ...` (default `data`). */
  data?: string;
  /**
   * Put Muster's line above R's (default false): for a match, how the units were matched (method,
   * ratio, replacement, order, exact variables), the distance, the caliper on the distance's
   * scale and the estimand, which print(m) shows and summary(m) does not; for an outcome model,
   * the model and its standard errors with the number of pairs.
   */
  header?: boolean;
}

/** print.coeftest's digits: max(3, getOption("digits") - 2). */
const DIGITS = 5;

/**
 * A match or a matched outcome model as R prints it.
 *
 * For a {@link matchIt} result, MatchIt 4.5.1's `print(summary(m))`: the call; the balance for all
 * data and for the matched data ("Across Subclasses" for subclassification) with means, the
 * standardised mean difference, variance ratio, eCDF mean and maximum and (matched data) the
 * standardised pair distance, each column rounded to 4 decimals (`.` for NA), wrapped at 80
 * columns; and the sample sizes (effective sizes where the weights make them differ).
 *
 * For an {@link estimateEffect} result, `print(coeftest(fit, vcov. = vcovCL, cluster =
 * ~subclass))`: "z test of coefficients:" (or t for a linear model) and the coefficient table by
 * printCoefmat with 5 significant digits; then a line naming the treatment effect with its interval
 * and the covariance, which R does not print.
 *
 * With `header`, one line first names the matching (or the outcome model and its clusters).
 *
 * @param fit - a result of {@link matchIt} or {@link estimateEffect}
 * @param options - `data`: the name the call of a match shows; `header`: Muster's line first
 * @returns the text, lines joined by newlines
 * @throws InvalidArgumentError when `fit` is neither
 * @example
 * ```ts
 * const d = { t: [1, 0, 1, 0, 1, 0, 1, 0, 1, 0], x: [1, 1.1, 2, 2.2, 3, 2.9, 4, 4.1, 5, 5.2], y: [1, 0, 1, 1, 0, 0, 1, 0, 1, 1] };
 * const m = await matchIt('t ~ x', d, { method: 'nearest' });
 * summary(m).split('\n').slice(-6, -1);
 * // => ['          Control Treated', 'All             5       5', 'Matched         5       5', 'Unmatched       0       0', 'Discarded       0       0']
 * summary(await estimateEffect(m, d, { outcome: 'y' })).split('\n')[1];
 * // => 'z test of coefficients:'
 * summary(m, { header: true }).split('\n')[0];
 * // => 'Matching: 1:1 nearest neighbor matching without replacement (order: largest); distance: propensity score, logistic regression; estimand ATT'
 * ```
 */
export function summary(
  fit: MatchResult | EffectResult,
  options: MatchingSummaryOptions = {},
): string {
  if (fit?.kind === 'matching') {
    const lines = matchSummaryLines(fit, options.data ?? 'data');
    return (options.header ? [matchHeader(fit), ...lines] : lines).join('\n');
  }
  const text = effectSummary(fit);
  return options.header ? `${effectHeader(fit)}\n${text}` : text;
}

function effectSummary(fit: EffectResult): string {
  if (fit?.kind !== 'matched-effect') {
    throw new InvalidArgumentError('fit', 'summary requires a result of matchIt or estimateEffect');
  }
  const t = fit.statisticType === 't';
  const level = `${Number((fit.confLevel * 100).toPrecision(4))}%`;
  const [lower, upper] = formatR([fit.lower, fit.upper], DIGITS);
  return [
    '',
    `${t ? 't' : 'z'} test of coefficients:`,
    '',
    ...printCoefficients(
      ['Estimate', 'Std. Error', t ? 't value' : 'z value', t ? 'Pr(>|t|)' : 'Pr(>|z|)'],
      fit.coefficients.map((c) => ({
        term: c.term,
        values: [c.estimate, c.stdError, c.statistic, c.pValue],
      })),
      { digits: DIGITS },
    ),
    '',
    `Effect of ${fit.term}: ${formatR([fit.estimate], DIGITS)[0]} (${level} interval ${lower} to ${upper}; ${fit.vcovType === 'cluster' ? 'standard errors clustered by matched pair' : 'HC3 standard errors'})`,
    '',
  ].join('\n');
}

/**
 * {@link summary} followed by the result's warnings (`warning: ...`, one a line).
 *
 * @param fit - a result of matchIt or estimateEffect
 * @param options - `data`: the name the call of a match shows; `header`: Muster's line first
 * @returns the text
 * @throws InvalidArgumentError when `fit` is neither
 * @example
 * ```ts
 * const d = { t: [1, 0, 1, 0, 1, 0, 1, 0, 1, 0], x: [1, 1.1, 2, 2.2, 3, 2.9, 4, 4.1, 5, 5.2], y: [1, 0, 1, 1, 0, 0, 1, 0, 1, 1] };
 * const m = await matchIt('t ~ x', d, { method: 'nearest' });
 * const fit = await estimateEffect(m, d, { outcome: 'y' });
 * format(fit).startsWith(summary(fit));
 * // => true
 * ```
 */
export function format(
  fit: MatchResult | EffectResult,
  options: MatchingSummaryOptions = {},
): string {
  const text = summary(fit, options);
  const warnings = fit.warnings.map((w) => `warning: ${w.message}`);
  return warnings.length > 0 ? [text, ...warnings].join('\n') : text;
}
