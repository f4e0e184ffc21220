import { qnorm } from '@muster/core';
import type { DataInput } from '@muster/formula';
import { checkFit, checkOptions, confLevelOf, fitWarnings, vcovTypeOf } from './common.ts';
import { code, linkPredictions, makeCoder } from './estimand.ts';
import { buildGrid, type GridValues } from './grid.ts';
import { modelData } from './model-data.ts';
import type { MarginsFit, PredictionGridResult, PredictionGridRow } from './types.ts';

/** Options of {@link predictionGrid}. */
export interface PredictionGridOptions {
  /** Interval level (default: the fit's confLevel). */
  confLevel?: number;
}

const CALLER = 'predictionGrid';

/**
 * Predictions of a fitted GLM over a grid, with intervals: the named variables take the given
 * values (crossed, first name varying slowest) and every other predictor its mean (continuous),
 * rounded mean (integer-valued) or mode (factors, text, 0/1), as R's
 * `marginaleffects::predictions(fit, newdata = datagrid(...))`.
 *
 * Method: the interval is formed on the link scale and transformed (marginaleffects'
 * default `type = "invlink(link)"`, R's `predict(fit, se.fit = TRUE, type = "link")` then
 * `linkinv`): estimate linkinv(eta), limits linkinv(eta -/+ z se(eta)) with se(eta) =
 * sqrt(x' V x) from the fit's covariance, so probabilities stay in [0, 1]. `stdError` is the
 * response-scale delta-method error |mu'(eta)| se(eta) (`predict(type = "response")`'s se.fit).
 * The normal quantile is used for every family, as marginaleffects does.
 *
 * @param fit - a {@link fitGlm} result
 * @param data - the data it was fitted on (for the means and modes)
 * @param values - values of the grid's variables: `{ inequality: [0, 0.25, 0.5, 0.75, 1] }`
 * @param options - `confLevel`
 * @returns a `'prediction-grid'` result, one prediction per grid row
 * @throws InvalidArgumentError for a bad fit, option, grid variable or value
 * @example
 * ```ts
 * const data = { y: [0, 0, 1, 0, 1, 1, 0, 1], x: [1, 2, 3, 4, 5, 6, 7, 8] };
 * const fit = await fitGlm('y ~ x', data, { family: 'binomial' });
 * const p = predictionGrid(fit, data, { x: [1, 8] });
 * p.predictions.map((row) => row.estimate.toFixed(3));
 * // => ['0.180', '0.820']
 * ```
 */
export function predictionGrid(
  fit: MarginsFit,
  data: DataInput,
  values: GridValues,
  options: PredictionGridOptions = {},
): PredictionGridResult {
  checkFit(CALLER, fit);
  checkOptions(CALLER, options, ['confLevel']);
  const confLevel = confLevelOf(CALLER, fit, options.confLevel);
  const model = modelData(CALLER, fit, data);
  const grid = buildGrid(CALLER, model, values ?? {}, 'values');
  const coder = makeCoder(CALLER, fit);
  const coded = code(coder, grid.columns, Object.keys(values ?? {}).join(', '));
  const { eta, stdError } = linkPredictions(coder, coded);
  const q = qnorm(1 - (1 - confLevel) / 2);
  const at = Object.keys(values ?? {});
  const predictions: PredictionGridRow[] = eta.map((e, i) => {
    const a = coder.link.linkinv(e - q * stdError[i]);
    const b = coder.link.linkinv(e + q * stdError[i]);
    return {
      gridRow: i + 1,
      at: Object.fromEntries(at.map((name) => [name, grid.columns[name][i]])),
      estimate: coder.link.linkinv(e),
      stdError: Math.abs(coder.link.muEta(e)) * stdError[i],
      lower: Math.min(a, b),
      upper: Math.max(a, b),
      linkEstimate: e,
      linkStdError: stdError[i],
    };
  });
  return {
    kind: 'prediction-grid',
    formula: fit.formula,
    family: fit.family,
    link: fit.link,
    grid: { at, columns: grid.columns as Record<string, (number | string)[]> },
    vcovType: vcovTypeOf(fit),
    cluster: fit.cluster ?? null,
    clusterType: typeof fit.cluster === 'string' ? (fit.clusterType ?? 'HC1') : null,
    nClusters: typeof fit.cluster === 'string' ? (fit.nClusters ?? null) : null,
    confLevel,
    method: `inverse link of eta -/+ z se(eta), se(eta) from the fit's ${vcovTypeOf(fit)} covariance`,
    predictions,
    warnings: fitWarnings(CALLER, fit),
  };
}
