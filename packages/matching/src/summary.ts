/**
 * R-like text of a matched outcome model: `summary(fit)` as R prints `lmtest::coeftest(fit,
 * vcov. = sandwich::vcovCL, cluster = ~subclass)` after MatchIt, with the treatment effect named.
 */
import { formatR, InvalidArgumentError, printCoefficients } from '@muster/core';
import type { EffectResult } from './estimate-effect.ts';

/** print.coeftest's digits: max(3, getOption("digits") - 2). */
const DIGITS = 5;

/**
 * The outcome model of {@link estimateEffect} as `print(coeftest(fit, vcov. = vcovCL, cluster =
 * ~subclass))`: "z test of coefficients:" (or t for a linear model) and the coefficient table by
 * printCoefmat with 5 significant digits, then a line naming the treatment effect with its interval
 * and the covariance. Not compared with R line for line.
 *
 * @param fit - a result of {@link estimateEffect}
 * @returns the text, lines joined by newlines
 * @throws InvalidArgumentError when `fit` is not a matched-effect result
 * @example
 * ```ts
 * const d = { t: [1, 0, 1, 0, 1, 0, 1, 0, 1, 0], x: [1, 1.1, 2, 2.2, 3, 2.9, 4, 4.1, 5, 5.2], y: [1, 0, 1, 1, 0, 0, 1, 0, 1, 1] };
 * const m = await matchIt('t ~ x', d, { method: 'nearest' });
 * summary(await estimateEffect(m, d, { outcome: 'y' })).split('\n')[1];
 * // => 'z test of coefficients:'
 * ```
 */
export function summary(fit: EffectResult): string {
  if (fit?.kind !== 'matched-effect') {
    throw new InvalidArgumentError('fit', 'summary requires a result of estimateEffect');
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
 * {@link summary} followed by the fit's warnings (`warning: ...`, one a line).
 *
 * @param fit - a result of estimateEffect
 * @returns the text
 * @throws InvalidArgumentError when `fit` is not a matched-effect result
 * @example
 * ```ts
 * const d = { t: [1, 0, 1, 0, 1, 0, 1, 0, 1, 0], x: [1, 1.1, 2, 2.2, 3, 2.9, 4, 4.1, 5, 5.2], y: [1, 0, 1, 1, 0, 0, 1, 0, 1, 1] };
 * const m = await matchIt('t ~ x', d, { method: 'nearest' });
 * const fit = await estimateEffect(m, d, { outcome: 'y' });
 * format(fit).startsWith(summary(fit));
 * // => true
 * ```
 */
export function format(fit: EffectResult): string {
  const text = summary(fit);
  const warnings = fit.warnings.map((w) => `warning: ${w.message}`);
  return warnings.length > 0 ? [text, ...warnings].join('\n') : text;
}
