import type { TableDisplay } from '../types.ts';
import { table } from './display-survival.ts';
import { formatNumber, formatPValue } from './format.ts';

type Row = Record<string, unknown>;

const num = (value: unknown): number | null =>
  typeof value === 'number' && !Number.isNaN(value) ? value : null;
const isRow = (value: unknown): value is Row =>
  value !== null && typeof value === 'object' && !Array.isArray(value);
const f = (value: unknown, digits = 4) => formatNumber(num(value), digits);

/** A marginal-effects result (`marginalEffects` of @muster/glm). */
export function isMarginalEffects(value: unknown): value is Row & { effects: Row[] } {
  return isRow(value) && value.kind === 'marginal-effects' && Array.isArray(value.effects);
}

/** A prediction-grid result (`predictionGrid` of @muster/glm). */
export function isPredictionGrid(value: unknown): value is Row & { predictions: Row[] } {
  return isRow(value) && value.kind === 'prediction-grid' && Array.isArray(value.predictions);
}

function covarianceName(result: Row): string {
  const type = String(result.vcovType);
  if (type === 'classical') return 'classical';
  if (type === 'cluster') {
    const clusters = typeof result.nClusters === 'number' ? `, ${result.nClusters} clusters` : '';
    return `cluster-robust (${result.clusterType === 'HC0' ? 'CR0' : 'CR1'} by ${String(result.cluster)}${clusters})`;
  }
  if (/^HC\d$/.test(type)) return `heteroskedasticity-consistent (${type})`;
  return type;
}

function levelOf(result: Row): number {
  return num(result.confLevel) ?? 0.95;
}

function gridValue(value: unknown): string {
  return typeof value === 'number' ? formatNumber(value, 4) : String(value);
}

/** The grid's named variables and a reader of their values by 1-based grid row. */
function gridColumns(result: Row): {
  names: string[];
  value: (name: string, row: number) => string;
} {
  const grid = isRow(result.grid) ? result.grid : null;
  const columns = grid && isRow(grid.columns) ? (grid.columns as Record<string, unknown[]>) : {};
  const at = grid && Array.isArray(grid.at) ? (grid.at as string[]) : [];
  const names = result.estimand === 'means' ? Object.keys(columns) : at;
  return { names, value: (name, row) => gridValue(columns[name]?.[row - 1]) };
}

/**
 * Marginal effects as a table: term, contrast, the grid's values (effects at means or at
 * representative values), estimate, standard error, z, p-value and interval; the note names the
 * covariance and the method.
 */
export function displayMarginalEffects(result: Row & { effects: Row[] }): TableDisplay {
  const level = levelOf(result);
  const grid = gridColumns(result);
  const percent = formatNumber(level * 100, 4);
  const columns = [
    'Term',
    'Contrast',
    ...grid.names,
    'Estimate',
    'Std. error',
    'z',
    'p-value',
    `${percent}% lower`,
    `${percent}% upper`,
  ];
  const rows = result.effects.map((effect) => [
    String(effect.term),
    String(effect.contrast),
    ...grid.names.map((name) => grid.value(name, num(effect.gridRow) ?? 1)),
    f(effect.estimate),
    f(effect.stdError),
    formatNumber(num(effect.statistic), 3),
    formatPValue(num(effect.pValue)),
    f(effect.lower),
    f(effect.upper),
  ]);
  const what =
    {
      average: 'Average marginal effects',
      means: 'Marginal effects at the means',
      values: 'Marginal effects at representative values',
    }[String(result.estimand)] ?? 'Marginal effects';
  const scale =
    result.family === 'binomial' || result.family === 'quasibinomial' ? 'probability' : 'mean';
  const warnings = Array.isArray(result.warnings)
    ? (result.warnings as Row[]).map((w) => ` Warning: ${String(w.message)}`).join('')
    : '';
  return table(
    `${what} on the ${scale}: ${String(result.formula)}`,
    columns,
    rows,
    `Delta-method standard errors from the ${covarianceName(result)} covariance, ${f(result.nobs, 7)} rows; ${percent}% normal intervals; slopes by centred finite differences, as R's marginaleffects.${warnings}`,
    2 + grid.names.length,
  );
}

/** Predictions over a grid: the grid's values, the prediction and its interval. */
export function displayPredictionGrid(
  result: Row & { predictions: Row[] },
  limit: number,
): TableDisplay {
  const grid =
    isRow(result.grid) && Array.isArray(result.grid.at) ? (result.grid.at as string[]) : [];
  const percent = formatNumber(levelOf(result) * 100, 4);
  const columns = [...grid, 'Prediction', 'Std. error', `${percent}% lower`, `${percent}% upper`];
  const rows = result.predictions.map((prediction) => {
    const at = isRow(prediction.at) ? prediction.at : {};
    return [
      ...grid.map((name) => gridValue(at[name])),
      f(prediction.estimate),
      f(prediction.stdError),
      f(prediction.lower),
      f(prediction.upper),
    ];
  });
  const shown = rows.slice(0, limit);
  const rest = rows.length > limit ? `first ${limit} of ${rows.length} rows; ` : '';
  const display = table(
    `Predictions over a grid: ${String(result.formula)}`,
    columns,
    shown,
    `${rest}${rest === '' ? 'Other' : 'other'} predictors at their means or modes; intervals on the link scale, transformed (${covarianceName(result)} covariance)`,
    grid.length,
  );
  display.nrow = rows.length;
  return display;
}
