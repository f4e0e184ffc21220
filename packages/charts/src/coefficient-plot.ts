import { type ForestPlotOptions, forestPlot } from './internal/forest.ts';
import type { CoefficientResult, VegaLiteSpec } from './types.ts';

export type { ForestPlotOptions } from './internal/forest.ts';

/**
 * A forest plot of model coefficients on their own scale: one row per term, the estimate as a
 * square and its interval as a line, with a dashed reference line at 0. Intervals are the
 * result's profile-likelihood bounds (`profileLower`/`profileUpper`) or Wald bounds
 * (`lower`/`upper`, or estimate ± z·stdError when a result has only standard errors,
 * as cox and aft fits do); the x-axis title names the level and the method. Aliased
 * coefficients (estimate `null`) stay on the axis, marked "aliased"; a term without interval
 * bounds shows its point alone.
 *
 * @param result - A fit with `coefficients[]` rows (`term`, `estimate`, and the bounds used).
 * @param options - Title, size, axis titles; `interval` (`'profile'` when available, else
 *   `'wald'`), `terms` (which and in what order; default all but `(Intercept)` and `Log(scale)`),
 *   `intercept`, `labels`, `confLevel` (default 0.95).
 * @returns A Vega-Lite spec (plain JSON) with the Muster theme.
 * @throws InvalidArgumentError for a result without coefficients, an unknown term, a request for
 *   profile intervals the result does not have, or a bad option.
 * @example
 * const spec = coefficientPlot({ coefficients: [
 *   { term: '(Intercept)', estimate: -7.96, lower: -11.4, upper: -4.5 },
 *   { term: 'inequality', estimate: 7.81, lower: 5.37, upper: 10.25 },
 * ] });
 * spec.data.values.map((row) => [row.term, row.lower, row.upper])
 * // => [['inequality', 5.37, 10.25]]
 */
export function coefficientPlot(
  result: CoefficientResult,
  options: ForestPlotOptions = {},
): VegaLiteSpec {
  return forestPlot(result, options, {
    fn: 'coefficientPlot',
    kind: 'coefficient',
    defaultTitle: 'Estimate',
  });
}
