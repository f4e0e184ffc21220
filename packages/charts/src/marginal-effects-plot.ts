import { InvalidArgumentError } from '@muster/core';
import { checkLevel, describe, requireArray } from './internal/checks.ts';
import { type ForestPlotOptions, forestPlot } from './internal/forest.ts';
import type {
  ChartOptions,
  CoefficientResult,
  MarginalEffectsLike,
  VegaLiteSpec,
} from './types.ts';

/** Options of {@link marginalEffectsPlot}. */
export interface MarginalEffectsPlotOptions extends ChartOptions {
  /** Display labels by term (the predictor), e.g. `{ inequality: 'Military inequality' }`. */
  labels?: Readonly<Record<string, string>>;
  /** Terms to show, top to bottom; default every effect in the result's order. */
  terms?: readonly string[];
}

const fn = 'marginalEffectsPlot';

function formatValue(value: unknown): string {
  return typeof value === 'number' ? String(Number(value.toPrecision(4))) : String(value);
}

/**
 * Marginal effects as point-ranges: one row per effect (a slope `dY/dX` or a contrast such as
 * `autocracy - anocracy`), the estimate as a square and its interval as a line, with a dashed
 * line at 0. Effects at representative values name the grid values in their label. The builder
 * draws the result's own `lower`/`upper` (delta-method intervals at its `confLevel`).
 *
 * @param result - a `marginalEffects` result from `@muster/glm` (`effects[]` with `term`,
 *   `contrast`, `estimate`, `lower`, `upper`, `gridRow`; `confLevel`; `grid`; `family`)
 * @param options - Title, size, axis titles; `labels` by term, `terms` (which, in what order).
 * @returns A Vega-Lite spec (plain JSON) with the Muster theme.
 * @throws InvalidArgumentError for a result without effects, an unknown term or a bad option.
 * @example
 * const spec = marginalEffectsPlot({
 *   family: 'binomial', confLevel: 0.95, grid: null,
 *   effects: [
 *     { term: 'inequality', contrast: 'dY/dX', estimate: 0.627, lower: 0.425, upper: 0.829, gridRow: null },
 *     { term: 'regime', contrast: 'autocracy - anocracy', estimate: 0.026, lower: -0.056, upper: 0.108, gridRow: null },
 *   ],
 * });
 * spec.data.values.map((row) => row.label)
 * // => ['inequality', 'regime: autocracy - anocracy']
 */
export function marginalEffectsPlot(
  result: MarginalEffectsLike,
  options: MarginalEffectsPlotOptions = {},
): VegaLiteSpec {
  if (result === null || typeof result !== 'object') {
    throw new InvalidArgumentError(
      'result',
      `${fn} requires a marginalEffects result; received ${describe(result)}`,
    );
  }
  const effects = requireArray(
    fn,
    'result.effects',
    result.effects,
  ) as MarginalEffectsLike['effects'];
  checkLevel(fn, 'result.confLevel', result.confLevel);
  const confLevel = result.confLevel ?? 0.95;
  const at = result.grid === null || result.grid === undefined ? [] : result.grid.at;
  const labelOf = (effect: MarginalEffectsLike['effects'][number]): string => {
    const name = options.labels?.[effect.term] ?? effect.term;
    const base = effect.contrast === 'dY/dX' ? name : `${name}: ${effect.contrast}`;
    if (effect.gridRow === null || effect.gridRow === undefined || at.length === 0) return base;
    const values = at.map(
      (variable) =>
        `${variable} = ${formatValue(result.grid?.columns[variable]?.[(effect.gridRow as number) - 1])}`,
    );
    return `${base} (${values.join(', ')})`;
  };
  const rows = effects.map((effect) => ({
    term: labelOf(effect),
    predictor: effect.term,
    estimate: effect.estimate,
    stdError: effect.stdError,
    pValue: effect.pValue,
    lower: effect.lower,
    upper: effect.upper,
  }));
  let shown = rows;
  if (options.terms !== undefined) {
    requireArray(fn, 'terms', options.terms);
    shown = options.terms.flatMap((term) => {
      const matching = rows.filter((row) => row.predictor === term);
      if (matching.length === 0) {
        throw new InvalidArgumentError(
          'terms',
          `${fn} requires terms present in the result (${[...new Set(rows.map((r) => r.predictor))].join(', ')}); received ${describe(term)}`,
        );
      }
      return matching;
    });
  }
  const probability = result.family === 'binomial' || result.family === 'quasibinomial';
  const level = `${Number((confLevel * 100).toPrecision(6))}%`;
  const forestOptions: ForestPlotOptions = {
    ...options,
    labels: undefined,
    terms: shown.map((row) => row.term),
    interval: 'wald',
    confLevel,
    xTitle:
      options.xTitle === undefined
        ? `Effect on the ${probability ? 'probability' : 'mean'} (${level} interval)`
        : options.xTitle,
  };
  const spec = forestPlot({ coefficients: rows, confLevel } as CoefficientResult, forestOptions, {
    fn,
    kind: 'coefficient',
    defaultTitle: 'Effect',
  });
  return widenLabels(spec);
}

/**
 * Let the y axis show whole labels (contrasts and grid values run longer than term names): no
 * label limit, since Vega's text measure without a canvas (in Node, as reports render) overstates
 * widths and would cut them.
 */
function widenLabels(spec: VegaLiteSpec): VegaLiteSpec {
  for (const layer of (spec as { layer?: { encoding?: { y?: { axis?: object } } }[] }).layer ??
    []) {
    const y = layer.encoding?.y;
    if (y?.axis !== undefined) y.axis = { ...y.axis, labelLimit: 0 };
  }
  return spec;
}
