import { InvalidArgumentError } from '@muster/core';
import {
  checkChartOptions,
  checkChoice,
  describe,
  finiteOrNull,
  requireArray,
} from './internal/checks.ts';
import { type LineBandRow, lineBandLayers } from './internal/line-band.ts';
import { axisTitle, DEFAULT_WIDTH, topLevel } from './internal/spec.ts';
import type { ChartOptions, Missing, VegaLiteSpec } from './types.ts';

/** One row of a prediction table: the covariate value, the fitted value and its interval. */
export interface PredictionRow {
  /** The covariate on the x axis (the field is named by the `x` option; default `x`). */
  [field: string]: unknown;
  fit: number;
  lower?: number | Missing;
  upper?: number | Missing;
}

/** Options of {@link predictedProbabilityPlot}. */
export interface PredictedProbabilityPlotOptions extends ChartOptions {
  /** Field of the rows holding the covariate (default `'x'`); also the default x title. */
  x?: string;
  /** Field of the rows naming the curve a row belongs to (default `'group'`, when present). */
  group?: string;
  /** Legend title of the groups (default: the `group` field's name). */
  groupTitle?: string | null;
  /** Draw the interval band from `lower`/`upper` (default true). */
  band?: boolean;
  /** y domain: 'unit' is [0, 1] (default); 'data' fits the data. */
  yDomain?: 'unit' | 'data';
  /** Mark each prediction with a point as well (default false). */
  points?: boolean;
}

const fn = 'predictedProbabilityPlot';

/**
 * A predicted probability curve with its interval band, from a table of predictions: one row
 * per covariate value with the fitted probability `fit` and its interval `lower`/`upper` (for a
 * logistic model, the usual interval is the Wald interval on the link scale mapped through the
 * inverse link, which stays inside [0, 1]); an optional group field draws one curve per group.
 * The builder draws what it is given and computes nothing: rows are sorted by x; a row without
 * both bounds is left out of the band but stays on the curve. The y axis shows percentages.
 *
 * @param rows - Prediction rows: the covariate (field `x`, or the field named by `options.x`),
 *   `fit`, and optionally `lower`, `upper` and a group field.
 * @param options - Title, size (default 400 × 280), axis titles (default the x field's name and
 *   "Predicted probability"); `x`, `group`, `groupTitle`, `band`, `yDomain`, `points`.
 * @returns A Vega-Lite spec (plain JSON) with the Muster theme.
 * @throws InvalidArgumentError for no rows, a non-finite x or fit, or a bad option.
 * @example
 * const spec = predictedProbabilityPlot(
 *   [0, 0.5, 1].map((inequality) => ({ inequality, fit: 0.1 + 0.5 * inequality,
 *     lower: 0.05 + 0.4 * inequality, upper: 0.2 + 0.55 * inequality })),
 *   { x: 'inequality', xTitle: 'Military inequality' },
 * );
 * spec.data.values[2]
 * // => { x: 1, y: 0.6, lower: 0.45, upper: 0.75, group: null }
 */
export function predictedProbabilityPlot(
  rows: readonly PredictionRow[],
  options: PredictedProbabilityPlotOptions = {},
): VegaLiteSpec {
  checkChartOptions(fn, options);
  checkChoice(fn, 'yDomain', options.yDomain, ['unit', 'data'] as const);
  requireArray(fn, 'rows', rows);
  if (rows.length === 0) {
    throw new InvalidArgumentError(
      'rows',
      `${fn} requires at least one prediction row; received 0`,
    );
  }
  const xField = options.x ?? 'x';
  const groupField = options.group ?? 'group';
  const data: LineBandRow[] = rows.map((row, i) => {
    if (row === null || typeof row !== 'object') {
      throw new InvalidArgumentError(
        'rows',
        `${fn} requires rows to be objects; received ${describe(row)} in row ${i + 1}`,
      );
    }
    const x = finiteOrNull(row[xField]);
    const y = finiteOrNull(row.fit);
    if (x === null || y === null) {
      const [name, value] = x === null ? [xField, row[xField]] : ['fit', row.fit];
      throw new InvalidArgumentError(
        'rows',
        `${fn} requires a finite ${name} in every row; received ${describe(value)} in row ${i + 1}`,
      );
    }
    let lower = finiteOrNull(row.lower);
    let upper = finiteOrNull(row.upper);
    if (lower === null || upper === null) lower = upper = null;
    const group = row[groupField];
    return {
      x,
      y,
      lower,
      upper,
      group: group === null || group === undefined ? null : String(group),
    };
  });
  data.sort((a, b) => (a.x as number) - (b.x as number));
  const x = {
    field: 'x',
    type: 'quantitative',
    title: axisTitle(options.xTitle, xField),
    scale: { zero: false },
  };
  const y = {
    field: 'y',
    type: 'quantitative',
    title: axisTitle(options.yTitle, 'Predicted probability'),
    scale: options.yDomain === 'data' ? { zero: false } : { domain: [0, 1] },
    axis: { format: '~%' },
  };
  const groupTitle =
    options.groupTitle === undefined ? (options.group ?? null) : options.groupTitle;
  return topLevel(options, {
    description: `${fn}: ${data.length} predictions`,
    data: { values: data },
    width: options.width ?? DEFAULT_WIDTH,
    height: options.height ?? 280,
    layer: lineBandLayers(data, {
      x,
      y,
      groupTitle,
      band: options.band !== false,
      points: options.points === true,
      tooltipFormat: '.3f',
    }),
  });
}
