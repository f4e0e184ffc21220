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
import type { ChartOptions, Missing, PredictionGridLike, VegaLiteSpec } from './types.ts';

/** One row of a prediction table: the covariate value, the fitted value and its interval. */
export interface PredictionRow {
  /** The covariate on the x axis (the field is named by the `x` option; default `x`). */
  [field: string]: unknown;
  fit: number;
  lower?: number | Missing;
  upper?: number | Missing;
}

/**
 * Predictions as columns, as `predictGlm` returns them (`fit`, `lower`, `upper`, and `rows`, the
 * 1-based rows of the new data that were predicted), with the covariate column (named by the `x`
 * option) and optionally the group column added from the new data:
 * `{ ...predictGlm(fit, grid), inequality: grid.inequality }`. With `rows`, covariate and group
 * columns are indexed by new-data row; without it they align with `fit`.
 */
export interface PredictionColumns {
  fit: readonly number[];
  lower?: readonly (number | Missing)[];
  upper?: readonly (number | Missing)[];
  rows?: readonly number[];
  [column: string]: unknown;
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
 * @param predictions - Rows `{ x, fit, lower?, upper?, group? }` (the covariate field is named
 *   by `options.x`), columns as `predictGlm` returns them with the covariate column added
 *   ({@link PredictionColumns}), or a `predictionGrid` result of `@muster/glm` (x: its first grid
 *   variable, group: its second, unless the options name others).
 * @param options - Title, size (default 400 × 280), axis titles (default the x field's name and
 *   "Predicted probability"); `x`, `group`, `groupTitle`, `band`, `yDomain`, `points`.
 * @returns A Vega-Lite spec (plain JSON) with the Muster theme.
 * @throws InvalidArgumentError for no predictions, a non-finite x or fit, columns of different
 *   lengths, or a bad option.
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
  predictions: readonly PredictionRow[] | PredictionColumns | PredictionGridLike,
  options: PredictedProbabilityPlotOptions = {},
): VegaLiteSpec {
  checkChartOptions(fn, options);
  checkChoice(fn, 'yDomain', options.yDomain, ['unit', 'data'] as const);
  const grid = isPredictionGrid(predictions) ? predictions : null;
  const xField = options.x ?? grid?.grid.at[0] ?? 'x';
  const groupField = options.group ?? grid?.grid.at[1] ?? 'group';
  const rows =
    grid !== null
      ? gridToRows(grid)
      : Array.isArray(predictions)
        ? (predictions as readonly PredictionRow[])
        : columnsToRows(predictions as PredictionColumns, xField, groupField);
  if (rows.length === 0) {
    throw new InvalidArgumentError(
      'predictions',
      `${fn} requires at least one prediction; received 0`,
    );
  }
  const data: LineBandRow[] = rows.map((row, i) => {
    if (row === null || typeof row !== 'object') {
      throw new InvalidArgumentError(
        'predictions',
        `${fn} requires rows to be objects; received ${describe(row)} in row ${i + 1}`,
      );
    }
    const x = finiteOrNull(row[xField]);
    const y = finiteOrNull(row.fit);
    if (x === null || y === null) {
      const [name, value] = x === null ? [xField, row[xField]] : ['fit', row.fit];
      throw new InvalidArgumentError(
        'predictions',
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
    options.groupTitle === undefined
      ? (options.group ?? grid?.grid.at[1] ?? null)
      : options.groupTitle;
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

function isPredictionGrid(value: unknown): value is PredictionGridLike {
  return (
    value !== null &&
    typeof value === 'object' &&
    (value as { kind?: unknown }).kind === 'prediction-grid'
  );
}

/** Rows from a predictionGrid result: its named grid values, the estimate as the fit. */
function gridToRows(result: PredictionGridLike): PredictionRow[] {
  const predictions = requireArray(
    fn,
    'predictions.predictions',
    result.predictions,
  ) as PredictionGridLike['predictions'];
  return predictions.map((row) => ({
    ...row.at,
    fit: row.estimate,
    lower: row.lower,
    upper: row.upper,
  }));
}

/** Rows from prediction columns: covariate and group columns indexed through `rows` when given. */
function columnsToRows(
  columns: PredictionColumns,
  xField: string,
  groupField: string,
): PredictionRow[] {
  if (columns === null || typeof columns !== 'object') {
    throw new InvalidArgumentError(
      'predictions',
      `${fn} requires an array of rows or an object of columns; received ${describe(columns)}`,
    );
  }
  const fit = requireArray(fn, 'predictions.fit', columns.fit);
  const column = (name: string, required: boolean): readonly unknown[] | null => {
    const values = columns[name];
    if (values === undefined && !required) return null;
    return requireArray(fn, `predictions.${name}`, values);
  };
  const x = column(xField, true) as readonly unknown[];
  const group = column(groupField, false);
  const lower = column('lower', false);
  const upper = column('upper', false);
  const rowIndex =
    columns.rows === undefined ? null : requireArray(fn, 'predictions.rows', columns.rows);
  for (const [name, values] of [
    ['lower', lower],
    ['upper', upper],
    ['rows', rowIndex],
  ] as const) {
    if (values !== null && values.length !== fit.length) {
      throw new InvalidArgumentError(
        `predictions.${name}`,
        `${fn} requires predictions.${name} to have one entry per fit (${fit.length}); received ${values.length}`,
      );
    }
  }
  return fit.map((value, i) => {
    let at = i;
    if (rowIndex !== null) {
      const row = rowIndex[i];
      if (typeof row !== 'number' || !Number.isInteger(row) || row < 1 || row > x.length) {
        throw new InvalidArgumentError(
          'predictions.rows',
          `${fn} requires predictions.rows to be 1-based rows of the ${xField} column (1 to ${x.length}); received ${describe(row)}`,
        );
      }
      at = row - 1;
    } else if (x.length !== fit.length) {
      throw new InvalidArgumentError(
        `predictions.${xField}`,
        `${fn} requires predictions.${xField} to have one value per fit (${fit.length}) when there are no rows; received ${x.length}`,
      );
    }
    return {
      [xField]: x[at],
      ...(group === null ? {} : { [groupField]: group[at] }),
      fit: value as number,
      lower: lower === null ? null : (lower[i] as number | null),
      upper: upper === null ? null : (upper[i] as number | null),
    };
  });
}
