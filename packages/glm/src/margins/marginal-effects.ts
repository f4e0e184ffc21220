import { InvalidArgumentError } from '@muster/core';
import type { DataInput } from '@muster/formula';
import {
  checkFit,
  checkOptions,
  confLevelOf,
  fitWarnings,
  vcovTypeOf,
  zInference,
} from './common.ts';
import { code, deltaStandardErrors, evaluate, makeCoder } from './estimand.ts';
import { buildGrid, type GridValues } from './grid.ts';
import { type Column, type ModelData, modelData } from './model-data.ts';
import {
  type ContrastValues,
  contrastScenarios,
  effectScenarios,
  type Scenario,
} from './scenarios.ts';
import type { MarginalEffectRow, MarginalEffectsResult, MarginsFit, MarginsGrid } from './types.ts';

/** Options of {@link marginalEffects}. */
export interface MarginalEffectsOptions {
  /** Predictors (data columns) whose effects to compute; default every predictor of the formula. */
  variables?: readonly string[];
  /**
   * Where to evaluate: `'observed'` (default) averages over the model's rows (AME); `'means'` is one
   * row with every predictor at its mean or mode (MEM); an object of values
   * (`{ inequality: [0, 0.5], regime: ['autocracy'] }`) is a grid of representative values, the
   * other predictors at their mean or mode, with one effect per grid row.
   */
  grid?: 'observed' | 'means' | GridValues;
  /** Contrasts by value, added after the effects: `{ inequality: [0, 0.5] }` is P(0.5) - P(0). */
  contrasts?: ContrastValues;
  /** Interval level (default: the fit's confLevel). */
  confLevel?: number;
  /** Finite-difference step for every continuous predictor (default 1e-4 x its range). */
  step?: number;
  /** 'exact' Jacobian of the estimand (default, marginaleffects >= 1.0) or 'forward' differences (< 1.0). */
  jacobian?: 'exact' | 'forward';
}

const CALLER = 'marginalEffects';
const OPTIONS = ['variables', 'grid', 'contrasts', 'confLevel', 'step', 'jacobian'] as const;

function rowsToEvaluate(
  data: ModelData,
  grid: MarginalEffectsOptions['grid'],
): {
  rows: Record<string, Column>;
  estimand: MarginalEffectsResult['estimand'];
  grid: MarginsGrid | null;
} {
  if (grid === undefined || grid === 'observed') {
    return { rows: data.columns, estimand: 'average', grid: null };
  }
  if (grid !== 'means' && (grid === null || typeof grid !== 'object' || Array.isArray(grid))) {
    throw new InvalidArgumentError(
      'grid',
      `${CALLER} requires grid 'observed', 'means' or an object of values by variable; received ${JSON.stringify(grid)}`,
    );
  }
  const values = grid === 'means' ? {} : grid;
  const built = buildGrid(CALLER, data, values);
  return {
    rows: built.columns,
    estimand: grid === 'means' ? 'means' : 'values',
    grid: {
      at: Object.keys(values),
      columns: built.columns as Record<string, (number | string)[]>,
    },
  };
}

function checkVariables(data: ModelData, variables: readonly string[] | undefined): string[] {
  if (variables === undefined) return data.predictors;
  if (!Array.isArray(variables)) {
    throw new InvalidArgumentError(
      'variables',
      `${CALLER} requires variables to be an array of column names; received ${JSON.stringify(variables)}`,
    );
  }
  for (const name of variables) {
    if (!data.predictors.includes(name)) {
      throw new InvalidArgumentError(
        'variables',
        `${CALLER} requires variables among the model's predictors (${data.predictors.join(', ')}); received '${name}'`,
      );
    }
  }
  return [...variables];
}

function checkStep(step: number | undefined): void {
  if (step !== undefined && !(typeof step === 'number' && step > 0 && Number.isFinite(step))) {
    throw new InvalidArgumentError('step', `${CALLER} requires step > 0; received ${String(step)}`);
  }
}

/**
 * Marginal effects of a fitted GLM on the response scale: average marginal effects (AME),
 * effects at the means (MEM) or at representative values, and contrasts, with delta-method
 * standard errors from the fit's own covariance (classical, HC, clustered: whatever `vcovType`
 * the fit has), z statistics, p-values and intervals. R's `marginaleffects::avg_slopes(fit)`,
 * `slopes(fit, newdata = "mean")`, `slopes(fit, newdata = datagrid(...))` and
 * `avg_comparisons(fit, variables = list(x = c(a, b)))`, with `vcov` the fit's.
 *
 * Method (marginaleffects 1.0 for a glm): a continuous predictor's slope is the centred finite
 * difference (mu(x + h/2) - mu(x - h/2)) / h with h = 1e-4 times the predictor's range over the
 * model data; a 0/1 predictor gives the contrast 1 - 0, a factor each level against the first;
 * a requested contrast sets every row to each value. Predictors are data columns: the effect of
 * `troops` in a model with `log(troops)` moves `troops` (new rows are coded by the fit's design).
 * Averages are unweighted means over the model's rows. Standard errors are sqrt(J V J') with J
 * the exact Jacobian of the finite-difference estimand in the coefficients (`jacobian:
 * 'forward'` uses forward differences, as marginaleffects < 1.0; they agree to about 1e-5).
 *
 * @param fit - a {@link fitGlm} result
 * @param data - the data it was fitted on (rows the fit dropped for missing values are dropped
 *   again)
 * @param options - `variables`, `grid`, `contrasts`, `confLevel`, `step`, `jacobian`
 * @returns a `'marginal-effects'` result: one row per effect (and grid row)
 * @throws InvalidArgumentError for a bad fit or option (naming it), or data that is not the
 *   fit's; DataError when a shifted value makes a term non-finite (log of a negative number)
 * @example
 * ```ts
 * const data = { y: [0, 0, 1, 0, 1, 1, 0, 1], x: [1, 2, 3, 4, 5, 6, 7, 8] };
 * const fit = await fitGlm('y ~ x', data, { family: 'binomial' });
 * const ame = marginalEffects(fit, data);
 * [ame.effects[0].term, ame.effects[0].contrast, ame.effects[0].estimate.toFixed(4)];
 * // => ['x', 'dY/dX', '0.0876']
 * ```
 */
export function marginalEffects(
  fit: MarginsFit,
  data: DataInput,
  options: MarginalEffectsOptions = {},
): MarginalEffectsResult {
  checkFit(CALLER, fit);
  checkOptions(CALLER, options, OPTIONS);
  const confLevel = confLevelOf(CALLER, fit, options.confLevel);
  checkStep(options.step);
  const jacobian = options.jacobian ?? 'exact';
  if (jacobian !== 'exact' && jacobian !== 'forward') {
    throw new InvalidArgumentError(
      'jacobian',
      `${CALLER} requires jacobian 'exact' or 'forward'; received ${JSON.stringify(jacobian)}`,
    );
  }
  const model = modelData(CALLER, fit, data);
  const variables = checkVariables(model, options.variables);
  const target = rowsToEvaluate(model, options.grid);
  const steps: Record<string, number> = {};
  const scenarios: Scenario[] = [
    ...variables.flatMap((name) => effectScenarios(model, target.rows, name, options.step, steps)),
    ...contrastScenarios(CALLER, model, target.rows, options.contrasts ?? {}),
  ];
  const coder = makeCoder(CALLER, fit);
  const average = target.estimand === 'average';
  const effects: MarginalEffectRow[] = scenarios.flatMap((scenario) => {
    const hi = code(coder, scenario.hi, scenario.term);
    const lo = code(coder, scenario.lo, scenario.term);
    const values = evaluate(coder, hi, lo, scenario.step, average, jacobian);
    const se = deltaStandardErrors(coder, values.jacobian);
    return values.estimates.map((estimate, i) => ({
      term: scenario.term,
      contrast: scenario.contrast,
      estimate: Number.isFinite(estimate) ? estimate : null,
      stdError: Number.isFinite(se[i]) ? se[i] : null,
      ...zInference(estimate, se[i], confLevel),
      gridRow: average ? null : i + 1,
    }));
  });
  return {
    kind: 'marginal-effects',
    formula: fit.formula,
    family: fit.family,
    link: fit.link,
    scale: 'response',
    estimand: target.estimand,
    grid: target.grid,
    nobs: model.nrow,
    vcovType: vcovTypeOf(fit),
    cluster: fit.cluster ?? null,
    clusterType: typeof fit.cluster === 'string' ? (fit.clusterType ?? 'HC1') : null,
    nClusters: typeof fit.cluster === 'string' ? (fit.nClusters ?? null) : null,
    confLevel,
    statisticType: 'z',
    steps,
    jacobian,
    method: `finite differences on the response scale (slopes centred, step ${options.step === undefined ? '1e-4 x range' : options.step}); delta method with the ${jacobian === 'exact' ? 'exact Jacobian' : 'forward-difference Jacobian'} and the fit's ${vcovTypeOf(fit)} covariance`,
    effects,
    warnings: fitWarnings(CALLER, fit),
  };
}
