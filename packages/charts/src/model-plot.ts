import { InvalidArgumentError } from '@muster/core';
import { checkChartOptions, describe, finiteOrNull, requireArray } from './internal/checks.ts';
import { axisTitle, DEFAULT_WIDTH, topLevel } from './internal/spec.ts';
import { musterNeutral, musterPalette } from './theme.ts';
import type { ChartOptions, Missing, VegaLiteSpec } from './types.ts';

/** One coefficient row as every Muster fit has it: the interval on the estimate's scale. */
export interface ModelPlotRow {
  term: string;
  estimate: number | Missing;
  lower?: number | Missing;
  upper?: number | Missing;
  pValue?: number | Missing;
}

/** A fitted model as {@link modelPlot} reads it (any result with the shared fit fields). */
export interface ModelPlotFit {
  coefficients: readonly ModelPlotRow[];
  /** Level of `lower`/`upper` (default 0.95). */
  confLevel?: number;
}

/** Options of {@link modelPlot}. */
export interface ModelPlotOptions extends ChartOptions {
  /** Legend names, one per model (default `(1)`, `(2)`, ...). */
  modelNames?: readonly string[];
  /** Terms to show, top to bottom (R's names). Default: every term of any model but `(Intercept)` and `Log(scale)`, in order of first appearance. */
  terms?: readonly string[];
  /** Show `(Intercept)` when `terms` is not given (default false). */
  intercept?: boolean;
  /** Display labels by term, e.g. `{ 'log(troops)': 'Troops (log)' }`; default the term itself. */
  labels?: Readonly<Record<string, string>>;
  /** Draw exp(estimate) and exp of the limits (odds, hazard, rate ratios) on a log axis with the reference line at 1 (default false). */
  exponentiate?: boolean;
}

interface PlotRow {
  model: string;
  term: string;
  label: string;
  estimate: number | null;
  lower: number | null;
  upper: number | null;
  pValue: number | null;
}

const fn = 'modelPlot';
const hidden = new Set(['(Intercept)', 'Log(scale)']);
const formatLevel = (level: number) => `${Number((level * 100).toPrecision(6))}%`;

function checkFits(fits: unknown): ModelPlotFit[] {
  const list = requireArray(fn, 'fits', fits) as ModelPlotFit[];
  if (list.length === 0)
    throw new InvalidArgumentError('fits', `${fn} requires at least one fitted model; received []`);
  list.forEach((fit, index) => {
    const rows = (fit as { coefficients?: unknown } | null)?.coefficients;
    if (!Array.isArray(rows) || rows.some((row) => typeof row?.term !== 'string'))
      throw new InvalidArgumentError(
        `fits[${index}]`,
        `${fn} requires each fit to have coefficients with term names; fits[${index}] is ${describe(fit)}`,
      );
  });
  return list;
}

function modelNames(names: readonly string[] | undefined, count: number): string[] {
  if (names === undefined) return Array.from({ length: count }, (_, i) => `(${i + 1})`);
  if (
    !Array.isArray(names) ||
    names.length !== count ||
    new Set(names).size !== count ||
    names.some((name) => typeof name !== 'string')
  )
    throw new InvalidArgumentError(
      'modelNames',
      `${fn} requires one distinct name per fit (${count}); received ${describe(names)}`,
    );
  return [...names];
}

/** The terms to draw: the option, or every term of any model in order of first appearance. */
function shownTerms(fits: ModelPlotFit[], options: ModelPlotOptions): string[] {
  const all = [...new Set(fits.flatMap((fit) => fit.coefficients.map((row) => row.term)))];
  if (options.terms === undefined)
    return all.filter((term) => !hidden.has(term) || (options.intercept && term === '(Intercept)'));
  requireArray(fn, 'terms', options.terms);
  for (const term of options.terms)
    if (!all.includes(term))
      throw new InvalidArgumentError(
        'terms',
        `${fn} requires terms present in at least one model (${all.map((t) => JSON.stringify(t)).join(', ')}); received ${describe(term)}`,
      );
  return [...options.terms];
}

/** One data row per model and term the model has, on the drawn scale. */
function plotRows(
  fits: ModelPlotFit[],
  names: string[],
  terms: string[],
  options: ModelPlotOptions,
): PlotRow[] {
  const scale = (value: number | Missing): number | null => {
    const x = finiteOrNull(value);
    if (x === null || !options.exponentiate) return x;
    const e = Math.exp(x);
    return Number.isFinite(e) && e > 0 ? e : null;
  };
  const rows: PlotRow[] = [];
  for (const term of terms) {
    fits.forEach((fit, index) => {
      const row = fit.coefficients.find((r) => r.term === term);
      if (row === undefined) return;
      const estimate = scale(row.estimate);
      let lower = estimate === null ? null : scale(row.lower);
      let upper = estimate === null ? null : scale(row.upper);
      if (lower === null || upper === null) lower = upper = null;
      const label = options.labels?.[term] ?? term;
      rows.push({
        model: names[index],
        term,
        label,
        estimate,
        lower,
        upper,
        pValue: finiteOrNull(row.pValue),
      });
    });
  }
  return rows;
}

/**
 * A coefficient plot of several models (modelsummary's `modelplot`): one row per term, each
 * model's estimate as a point and its interval as a line, dodged within the row and coloured by
 * model, with a dashed reference line at 0 (at 1 on a log axis with `exponentiate`). Intervals are
 * each fit's `lower` and `upper` (on the estimate's scale, at its `confLevel`), as every Muster fit
 * carries them; a model without a term leaves no mark in that row, and an aliased coefficient
 * (null estimate) none either.
 *
 * @param fits - Fitted models: any results with `coefficients[]` rows of `term`, `estimate`,
 *   `lower`, `upper` (glm, Cox, Fine-Gray, AFT, glmer).
 * @param options - `modelNames`, `terms`, `intercept`, `labels`, `exponentiate`, and the shared
 *   title, size and axis options.
 * @returns A Vega-Lite spec (plain JSON) with the Muster theme.
 * @throws InvalidArgumentError for an empty list, a fit without coefficients, an unknown term, or
 *   model names that are not one distinct name per fit.
 * @example
 * const spec = modelPlot([
 *   { coefficients: [{ term: 'inequality', estimate: 7.48, lower: 5.18, upper: 9.77 }] },
 *   { coefficients: [{ term: 'inequality', estimate: 7.81, lower: 5.29, upper: 10.3 }] },
 * ], { modelNames: ['Bivariate', 'Clustered'] });
 * spec.data.values.map((row) => [row.model, row.term, row.estimate])
 * // => [['Bivariate', 'inequality', 7.48], ['Clustered', 'inequality', 7.81]]
 */
export function modelPlot(
  fits: readonly ModelPlotFit[],
  options: ModelPlotOptions = {},
): VegaLiteSpec {
  checkChartOptions(fn, options);
  const list = checkFits(fits);
  const names = modelNames(options.modelNames, list.length);
  const data = plotRows(list, names, shownTerms(list, options), options);
  if (data.length === 0)
    throw new InvalidArgumentError(
      'terms',
      `${fn} requires at least one term to plot; received none`,
    );
  const levels = [
    ...new Set(list.map((fit) => (typeof fit.confLevel === 'number' ? fit.confLevel : 0.95))),
  ];
  const interval =
    levels.length === 1
      ? `${formatLevel(levels[0])} interval`
      : 'intervals at each model\u2019s level';
  const ratio = options.exponentiate === true;
  const labels = [...new Set(data.map((row) => row.label))];
  const x = {
    field: 'estimate',
    type: 'quantitative',
    title: axisTitle(
      options.xTitle,
      `${ratio ? 'Ratio, exp(estimate)' : 'Estimate'} (${interval})`,
    ),
    scale: ratio ? { type: 'log' } : { zero: false },
  };
  const y = {
    field: 'label',
    type: 'nominal',
    sort: labels,
    title: axisTitle(options.yTitle, null),
    axis: { grid: false, ticks: false, domain: false, labelPadding: 6 },
  };
  const yOffset = { field: 'model', type: 'nominal', sort: names, scale: { paddingInner: 0.15 } };
  const color = {
    field: 'model',
    type: 'nominal',
    title: null,
    scale: { domain: names, range: names.map((_, i) => musterPalette[i % musterPalette.length]) },
    legend: { orient: 'bottom', direction: 'horizontal' },
  };
  const numberFormat = ratio ? '.3~r' : '.3~f';
  const tooltip = [
    { field: 'model', type: 'nominal', title: 'Model' },
    { field: 'term', type: 'nominal', title: 'Term' },
    {
      field: 'estimate',
      type: 'quantitative',
      title: ratio ? 'Ratio' : 'Estimate',
      format: numberFormat,
    },
    { field: 'lower', type: 'quantitative', title: 'Lower', format: numberFormat },
    { field: 'upper', type: 'quantitative', title: 'Upper', format: numberFormat },
    { field: 'pValue', type: 'quantitative', title: 'p-value', format: '.3~g' },
  ];
  return topLevel(options, {
    description: `${fn}: ${labels.length} terms of ${names.length} models, ${interval}`,
    data: { values: data },
    width: options.width ?? DEFAULT_WIDTH,
    // With a yOffset channel the step is that of the offset: one model's slot within a term.
    height: options.height ?? { step: 14 },
    layer: [
      {
        mark: { type: 'rule', color: musterNeutral, strokeDash: [4, 3] },
        encoding: { x: { datum: ratio ? 1 : 0, type: 'quantitative' } },
      },
      {
        transform: [{ filter: 'isValid(datum.lower) && isValid(datum.upper)' }],
        mark: { type: 'rule', strokeWidth: 1.5 },
        encoding: {
          x: { ...x, field: 'lower' },
          x2: { field: 'upper' },
          y,
          yOffset,
          color,
          tooltip,
        },
      },
      {
        transform: [{ filter: 'isValid(datum.estimate)' }],
        mark: { type: 'point', filled: true, size: 40, opacity: 1 },
        encoding: { x, y, yOffset, color, tooltip },
      },
    ],
  });
}
