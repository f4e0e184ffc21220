import { type ForestPlotOptions, forestPlot } from './internal/forest.ts';
import type { CoefficientResult, VegaLiteSpec } from './types.ts';

/**
 * A forest plot of exponentiated coefficients (odds ratios of a logistic model; pass
 * `xTitle: 'Hazard ratio'` for a Cox or Fine-Gray fit, `'Rate ratio'` for a Poisson one): the
 * point exp(estimate) and the interval (exp(lower), exp(upper)) of the chosen interval method,
 * on a log-scaled x axis with a dashed reference line at 1, so that equal distances mean equal
 * ratios. Exponentiating the bounds keeps their coverage: profile and Wald intervals on the
 * log-odds scale map to intervals for the odds ratio (as R's `exp(confint(fit))`). See
 * {@link coefficientPlot} for the choice of terms and intervals.
 *
 * @param result - A fit with `coefficients[]` rows on the log scale (log odds, log hazard).
 * @param options - As {@link coefficientPlot}; the x title defaults to "Odds ratio (...)".
 * @returns A Vega-Lite spec (plain JSON) with the Muster theme.
 * @throws InvalidArgumentError as {@link coefficientPlot}.
 * @example
 * const spec = oddsRatioPlot({ coefficients: [
 *   { term: 'inequality', estimate: Math.log(2), profileLower: 0, profileUpper: Math.log(4) },
 * ] });
 * [spec.data.values[0].estimate, spec.layer[2].encoding.x.scale.type]
 * // => [2, 'log']
 */
export function oddsRatioPlot(
  result: CoefficientResult,
  options: ForestPlotOptions = {},
): VegaLiteSpec {
  return forestPlot(result, options, {
    fn: 'oddsRatioPlot',
    kind: 'ratio',
    defaultTitle: 'Odds ratio',
  });
}
