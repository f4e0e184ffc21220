import { InvalidArgumentError } from '@muster/core';
import {
  checkChartOptions,
  checkChoice,
  describe,
  finiteOrNull,
  requireArray,
} from './internal/checks.ts';
import {
  dayDate,
  monthDate,
  monthLabel,
  monthsSpanned,
  parseDay,
  parseMonth,
} from './internal/dates.ts';
import { axisTitle, DEFAULT_WIDTH, topLevel } from './internal/spec.ts';
import { musterNeutral, musterPalette } from './theme.ts';
import type { ChartOptions, Missing, VegaLiteSpec } from './types.ts';

/**
 * Monthly observed counts: either from `start` (YYYY-MM) on, or labelled month by month with
 * `months` (YYYY-MM, as the `periods` of a back-projection or the `months` of a reconstruction).
 * `null` is a month without a figure.
 */
export interface ObservedMonthly {
  /** Legend name, e.g. "Convictions". */
  name: string;
  values: readonly (number | Missing)[];
  start?: string;
  months?: readonly string[];
}

/**
 * A count published for a window of days (a year, a half-year, a month, a few weeks), bounds
 * inclusive, written `YYYY-MM-DD` or `YYYY-MM` for whole months (the `figures` of a
 * reconstruction fit this shape). The count is `count`, or `total` when there is no `count`.
 */
export interface PeriodCount {
  start: string;
  end: string;
  count?: number;
  total?: number;
  /** Figure id, shown in the tooltip. */
  id?: string;
  /** 'lower_bound' ("more than 3,000") is drawn as an outline; others are filled. */
  qualifier?: 'exact' | 'approximate' | 'lower_bound' | string;
}

/** Observed counts over irregular windows. */
export interface ObservedPeriods {
  name: string;
  periods: readonly PeriodCount[];
}

/**
 * An estimated monthly series with an optional interval, from `start` (YYYY-MM) on or labelled
 * with `months`.
 */
export interface EstimatedSeries {
  /** Legend name, e.g. "Offences (back-projected)". */
  name: string;
  values: readonly (number | Missing)[];
  start?: string;
  months?: readonly string[];
  /** Lower bounds, same length as `values`. */
  lower?: readonly (number | Missing)[];
  /** Upper bounds, same length as `values`. */
  upper?: readonly (number | Missing)[];
  /**
   * What the band is, shown in the tooltip: for example 'interval of the expected count' or
   * 'predictive interval of the count'. Default 'interval'.
   */
  intervalLabel?: string;
}

/** What {@link lagSeriesPlot} draws: observed counts and estimated series. */
export interface LagSeriesInput {
  observed?: ObservedMonthly | ObservedPeriods;
  series: readonly EstimatedSeries[];
}

/** Options of {@link lagSeriesPlot}. */
export interface LagSeriesPlotOptions extends ChartOptions {
  /** Draw monthly observed counts as bars (default) or points. */
  observedMark?: 'bar' | 'point';
  /** Draw interval ribbons where a series has bounds (default true). */
  bands?: boolean;
  /**
   * Shade a range of months (inclusive, YYYY-MM), e.g. the recent months a nowcast completes
   * because their cases are still in the pipeline; `label` is written at its top.
   */
  shade?: { start: string; end: string; label?: string };
}

const fn = 'lagSeriesPlot';
const observedColour = '#bdbdbd';

function checkValues(argument: string, values: unknown, length?: number): (number | null)[] {
  const array = requireArray(fn, argument, values);
  if (length !== undefined && array.length !== length) {
    throw new InvalidArgumentError(
      argument,
      `${fn} requires ${argument} to have one entry per value (${length}); received ${array.length}`,
    );
  }
  return array.map((value, i) => {
    if (value === null || value === undefined) return null;
    const number = finiteOrNull(value);
    if (number === null) {
      throw new InvalidArgumentError(
        argument,
        `${fn} requires finite numbers or null in ${argument}; received ${describe(value)} at position ${i + 1}`,
      );
    }
    return number;
  });
}

/** The month index of each value: `months` labels, or consecutive months from `start`. */
function monthIndices(
  argument: string,
  entry: { start?: unknown; months?: unknown },
  length: number,
): number[] {
  if (entry.months !== undefined) {
    const labels = requireArray(fn, `${argument}.months`, entry.months);
    if (labels.length !== length) {
      throw new InvalidArgumentError(
        `${argument}.months`,
        `${fn} requires ${argument}.months to have one label per value (${length}); received ${labels.length}`,
      );
    }
    return labels.map((label) => parseMonth(fn, `${argument}.months`, label));
  }
  if (entry.start === undefined) {
    throw new InvalidArgumentError(
      argument,
      `${fn} requires ${argument} to have a start month or month labels; received neither`,
    );
  }
  const first = parseMonth(fn, `${argument}.start`, entry.start);
  return Array.from({ length }, (_, i) => first + i);
}

/**
 * Observed counts with estimated monthly series, for the lag estimators: back-projection of
 * offences from convictions, reconstruction of a monthly series from published aggregates, the
 * number of cases still in the pipeline, and nowcasts. Observed monthly counts are grey bars (or
 * points); counts published over windows of days or months are drawn as bars spanning the window
 * at the average monthly count (count / months spanned, a partly covered month counting by its
 * share of days), so they share the monthly y axis, and a lower bound ("more than 3,000") is a
 * dashed outline, and the bars are drawn tallest first so that a short window with a low count
 * stays visible in front of the longer ones; each estimated series is a line at mid-month with
 * an optional interval ribbon (named by `intervalLabel` in the tooltip), broken at missing months
 * (a null value, or a month left out of `months`) rather than joined across them. The x axis is a UTC monthly
 * time axis, the same in every time zone. `shade` marks a range of months.
 *
 * @param input - `{ observed?, series }`: monthly `{ name, values, start | months }` or
 *   windowed `{ name, periods: [{ start, end, count | total, qualifier? }] }` observations, and
 *   series `{ name, values, start | months, lower?, upper? }` (months written YYYY-MM; window
 *   bounds YYYY-MM-DD or YYYY-MM). A back-projection maps as
 *   `{ name, months: fit.periods, values: fit.lambda }`, a reconstruction as
 *   `{ name, months: r.months, values: r.estimate, lower: r.lower, upper: r.upper }` with
 *   `{ name, periods: r.figures }` observed.
 * @param options - Title, size (default 400 × 280), axis titles (default none and "Count per
 *   month"); `observedMark`, `bands`, `shade`.
 * @returns A Vega-Lite spec (plain JSON) with the Muster theme.
 * @throws InvalidArgumentError for a malformed month, bounds of the wrong length, a period ending
 *   before it starts, duplicate names, no series and no observations, or a bad option.
 * @example
 * const spec = lagSeriesPlot({
 *   observed: { name: 'Convictions', start: '2021-01', values: [45, 48, 52] },
 *   series: [{ name: 'Offences', start: '2021-01', values: [210.9, 136.4, 63.9] }],
 * });
 * spec.datasets.series[0]
 * // => { name: 'Offences', month: '2021-01', date: '2021-01-01', value: 210.9,
 * //      lower: null, upper: null, segment: 'Offences 1', interval: 'interval' }
 */
export function lagSeriesPlot(
  input: LagSeriesInput,
  options: LagSeriesPlotOptions = {},
): VegaLiteSpec {
  checkChartOptions(fn, options);
  checkChoice(fn, 'observedMark', options.observedMark, ['bar', 'point'] as const);
  if (input === null || typeof input !== 'object') {
    throw new InvalidArgumentError(
      'input',
      `${fn} requires an object with series; received ${describe(input)}`,
    );
  }
  const seriesList = requireArray(fn, 'input.series', input.series) as EstimatedSeries[];
  const names: string[] = [];
  const addName = (name: unknown): string => {
    if (typeof name !== 'string' || name.length === 0) {
      throw new InvalidArgumentError(
        'input',
        `${fn} requires every series to have a name; received ${describe(name)}`,
      );
    }
    if (names.includes(name)) {
      throw new InvalidArgumentError(
        'input',
        `${fn} requires distinct series names; received ${describe(name)} twice`,
      );
    }
    names.push(name);
    return name;
  };

  const { observedName, monthly, periods } = observedRows(input.observed, addName);

  const series = seriesRows(seriesList, addName);
  if (series.length === 0 && monthly.length === 0 && periods.length === 0) {
    throw new InvalidArgumentError(
      'input',
      `${fn} requires at least one observed count or estimated value; received none`,
    );
  }

  const seriesNames = names.filter((name) => name !== observedName);
  const month = { timeUnit: 'utcyearmonth', type: 'temporal' };
  const xTitle = axisTitle(options.xTitle, null);
  const xAxis = { title: xTitle, scale: { type: 'utc' } };
  const y = { type: 'quantitative', title: axisTitle(options.yTitle, 'Count per month') };
  // One colour scale for observed and estimated series, so they share one legend.
  const colourDomain = observedName === null ? seriesNames : [observedName, ...seriesNames];
  const color = {
    field: 'name',
    type: 'nominal',
    scale: {
      domain: colourDomain,
      range: [
        ...(observedName === null ? [] : [observedColour]),
        ...seriesNames.map((_, s) => musterPalette[s % musterPalette.length]),
      ],
    },
    legend: { title: null, symbolType: 'square' },
  };

  const layer: Record<string, unknown>[] = [];
  if (options.shade !== undefined) layer.push(...shadeLayers(options.shade, xAxis));
  if (periods.length > 0) {
    const periodEncoding = {
      x: { field: 'from', type: 'temporal', ...xAxis },
      x2: { field: 'to' },
      y: { field: 'perMonth', ...y },
      y2: { datum: 0 },
      color,
      // the tallest bars first: a short window with a low count stays visible in front
      order: { field: 'perMonth', sort: 'descending' },
      tooltip: [
        { field: 'id', type: 'nominal', title: 'Figure' },
        { field: 'start', type: 'nominal', title: 'From' },
        { field: 'end', type: 'nominal', title: 'To' },
        { field: 'count', type: 'quantitative', title: observedName ?? 'Count' },
        { field: 'qualifier', type: 'nominal', title: 'Qualifier' },
        { field: 'perMonth', type: 'quantitative', title: 'Per month', format: '.4~g' },
      ],
    };
    if (periods.some((p) => p.qualifier !== 'lower_bound')) {
      layer.push({
        data: { name: 'periods' },
        transform: [{ filter: "datum.qualifier !== 'lower_bound'" }],
        mark: { type: 'rect', stroke: 'white', strokeWidth: 0.5 },
        encoding: periodEncoding,
      });
    }
    // A lower bound ("more than 500 a month") is an outline: the count is at least this high.
    if (periods.some((p) => p.qualifier === 'lower_bound')) {
      layer.push({
        data: { name: 'periods' },
        transform: [{ filter: "datum.qualifier === 'lower_bound'" }],
        mark: {
          type: 'rect',
          fillOpacity: 0.3,
          stroke: musterNeutral,
          strokeWidth: 1,
          strokeDash: [4, 2],
        },
        encoding: periodEncoding,
      });
    }
  }
  if (monthly.length > 0) {
    const mark =
      options.observedMark === 'point'
        ? { type: 'point', shape: 'circle', size: 28, opacity: 1 }
        : { type: 'bar', stroke: 'white', strokeWidth: 0.5 };
    layer.push({
      data: { name: 'observed' },
      mark,
      encoding: {
        x: {
          field: 'date',
          ...month,
          ...xAxis,
          ...(options.observedMark === 'point' ? { bandPosition: 0.5 } : {}),
        },
        y: { field: 'value', ...y },
        color,
        tooltip: [
          { field: 'month', type: 'nominal', title: 'Month' },
          { field: 'value', type: 'quantitative', title: observedName ?? 'Observed' },
        ],
      },
    });
  }
  const xSeries = { field: 'date', ...month, ...xAxis, bandPosition: 0.5 };
  if (options.bands !== false && series.some((row) => row.lower !== null)) {
    layer.push({
      data: { name: 'series' },
      transform: [{ filter: 'isValid(datum.lower) && isValid(datum.upper)' }],
      mark: { type: 'area', opacity: 0.2 },
      encoding: {
        x: xSeries,
        y: { field: 'lower', ...y },
        y2: { field: 'upper' },
        color,
        detail: { field: 'segment', type: 'nominal' },
      },
    });
  }
  if (series.length > 0) {
    layer.push({
      data: { name: 'series' },
      mark: { type: 'line' },
      encoding: {
        x: xSeries,
        y: { field: 'value', ...y },
        color,
        detail: { field: 'segment', type: 'nominal' },
        tooltip: [
          { field: 'name', type: 'nominal', title: 'Series' },
          { field: 'month', type: 'nominal', title: 'Month' },
          { field: 'value', type: 'quantitative', title: 'Estimate', format: '.4~g' },
          { field: 'interval', type: 'nominal', title: 'Band' },
          { field: 'lower', type: 'quantitative', title: 'Lower', format: '.4~g' },
          { field: 'upper', type: 'quantitative', title: 'Upper', format: '.4~g' },
        ],
      },
    });
  }
  return topLevel(options, {
    description: `${fn}: ${seriesNames.length} estimated series${observedName === null ? '' : ` and observed ${observedName}`}`,
    datasets: { observed: monthly, periods, series },
    width: options.width ?? DEFAULT_WIDTH,
    height: options.height ?? 280,
    layer,
  });
}

/** The observed counts as rows: per month, or per published period (a rate per month over its window). */
function observedRows(
  observed: LagSeriesInput['observed'],
  addName: (name: unknown) => string,
): {
  observedName: string | null;
  monthly: Record<string, unknown>[];
  periods: Record<string, unknown>[];
} {
  const monthly: Record<string, unknown>[] = [];
  const periods: Record<string, unknown>[] = [];
  if (observed === undefined) return { observedName: null, monthly, periods };
  if (observed === null || typeof observed !== 'object') {
    throw new InvalidArgumentError(
      'input.observed',
      `${fn} requires observed to be an object; received ${describe(observed)}`,
    );
  }
  const observedName = addName(observed.name);
  if ('periods' in observed) {
    requireArray(fn, 'input.observed.periods', observed.periods).forEach((raw, i) => {
      const period = raw as PeriodCount;
      const first = parseDay(fn, 'input.observed.periods', period?.start, 'start');
      const last = parseDay(fn, 'input.observed.periods', period?.end, 'end');
      if (last < first) {
        throw new InvalidArgumentError(
          'input.observed.periods',
          `${fn} requires each period to end at or after its start; received ${describe(period)} in period ${i + 1}`,
        );
      }
      const value = period.count ?? period.total;
      const count = finiteOrNull(value);
      if (count === null) {
        throw new InvalidArgumentError(
          'input.observed.periods',
          `${fn} requires a finite count (or total) in every period; received ${describe(value)} in period ${i + 1}`,
        );
      }
      const months = monthsSpanned(first, last);
      periods.push({
        name: observedName,
        id: typeof period.id === 'string' ? period.id : '',
        start: period.start,
        end: period.end,
        from: dayDate(first),
        to: dayDate(last + 1),
        months,
        count,
        perMonth: count / months,
        qualifier: typeof period.qualifier === 'string' ? period.qualifier : 'exact',
      });
    });
  } else {
    const values = checkValues('input.observed.values', observed.values);
    const indices = monthIndices('input.observed', observed, values.length);
    values.forEach((value, i) => {
      if (value !== null) {
        monthly.push({
          name: observedName,
          month: monthLabel(indices[i]),
          date: monthDate(indices[i]),
          value,
        });
      }
    });
  }

  return { observedName, monthly, periods };
}

/** The estimated series as rows, one segment per run of consecutive months (a line breaks at a gap). */
function seriesRows(
  seriesList: EstimatedSeries[],
  addName: (name: unknown) => string,
): Record<string, unknown>[] {
  const series: Record<string, unknown>[] = [];
  for (const entry of seriesList) {
    if (entry === null || typeof entry !== 'object') {
      throw new InvalidArgumentError(
        'input.series',
        `${fn} requires series to be objects; received ${describe(entry)}`,
      );
    }
    const name = addName(entry.name);
    const values = checkValues('input.series.values', entry.values);
    const indices = monthIndices('input.series', entry, values.length);
    const lower =
      entry.lower === undefined
        ? null
        : checkValues('input.series.lower', entry.lower, values.length);
    const upper =
      entry.upper === undefined
        ? null
        : checkValues('input.series.upper', entry.upper, values.length);
    // a line breaks at a missing month (null, or a month left out of `months`): each run of
    // consecutive months is its own segment, drawn as its own path
    let segment = 0;
    let previous: number | null = null;
    values.forEach((value, i) => {
      if (value === null) {
        previous = null;
        return;
      }
      if (previous === null || indices[i] !== previous + 1) segment++;
      previous = indices[i];
      const low = lower?.[i] ?? null;
      const high = upper?.[i] ?? null;
      const both = low !== null && high !== null;
      series.push({
        name,
        month: monthLabel(indices[i]),
        date: monthDate(indices[i]),
        value,
        lower: both ? low : null,
        upper: both ? high : null,
        segment: `${name} ${segment}`,
        interval: typeof entry.intervalLabel === 'string' ? entry.intervalLabel : 'interval',
      });
    });
  }
  return series;
}

/** The shaded window (and its label) behind the chart. */
function shadeLayers(
  shade: NonNullable<LagSeriesPlotOptions['shade']>,
  xAxis: Record<string, unknown>,
): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  const from = parseMonth(fn, 'shade.start', shade?.start);
  const to = parseMonth(fn, 'shade.end', shade?.end);
  if (to < from) {
    throw new InvalidArgumentError(
      'shade',
      `${fn} requires shade to end at or after its start; received ${describe(shade)}`,
    );
  }
  if (shade.label !== undefined && typeof shade.label !== 'string') {
    throw new InvalidArgumentError(
      'shade',
      `${fn} requires shade.label to be a string; received ${describe(shade.label)}`,
    );
  }
  const shadeRow = { from: monthDate(from), to: monthDate(to + 1), label: shade.label ?? '' };
  out.push({
    data: { values: [shadeRow] },
    mark: { type: 'rect', color: '#f0f0f0' },
    encoding: {
      x: { field: 'from', type: 'temporal', ...xAxis },
      x2: { field: 'to' },
    },
  });
  if (shade.label !== undefined) {
    out.push({
      data: { values: [shadeRow] },
      mark: {
        type: 'text',
        align: 'left',
        baseline: 'top',
        dx: 4,
        dy: 4,
        y: 0,
        color: '#555555',
        fontStyle: 'italic',
      },
      encoding: { x: { field: 'from', type: 'temporal', ...xAxis }, text: { field: 'label' } },
    });
  }

  return out;
}
