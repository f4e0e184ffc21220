import { InvalidArgumentError } from '@muster/core';
import { checkChartOptions, describe, finiteOrNull, requireArray } from './internal/checks.ts';
import { isUtcDate } from './internal/dates.ts';
import { type LineBandRow, lineBandLayers } from './internal/line-band.ts';
import { axisTitle, DEFAULT_WIDTH, topLevel } from './internal/spec.ts';
import type { ChartOptions, Missing, VegaLiteSpec } from './types.ts';

/** One point of a time series. */
export interface TimeSeriesRow {
  /** A number (any time scale) or an ISO 8601 date read as UTC (`2023-04`, `2023-04-15`). */
  time: number | string;
  value: number;
  lower?: number | Missing;
  upper?: number | Missing;
  /** The series this point belongs to (one line per series). */
  series?: string | Missing;
}

/** Options of {@link timeSeriesPlot}. */
export interface TimeSeriesPlotOptions extends ChartOptions {
  /** Legend title of the series (default none). */
  seriesTitle?: string | null;
  /** Draw interval bands from `lower`/`upper` where given (default true). */
  band?: boolean;
  /** Mark each observation with a point (default false). */
  points?: boolean;
  /** Include 0 in the y scale (default true: counts and rates read best from zero). */
  zero?: boolean;
}

const fn = 'timeSeriesPlot';

/**
 * A generic time series chart: one line per series with an optional interval ribbon, for any
 * estimate over time (a hazard, a rate, a monthly count). Times are either all numbers (a
 * quantitative axis) or all ISO 8601 dates (a UTC time axis; date-times must carry a zone, so the
 * chart does not depend on the renderer's time zone). For monthly counts with observed bars, see
 * {@link lagSeriesPlot}.
 *
 * @param rows - Points `{ time, value, lower?, upper?, series? }`.
 * @param options - Title, size (default 400 × 280), axis titles (default "Time", "Value");
 *   `seriesTitle`, `band`, `points`, `zero`.
 * @returns A Vega-Lite spec (plain JSON) with the Muster theme.
 * @throws InvalidArgumentError for no rows, mixed or malformed times, a non-finite value, or a
 *   bad option.
 * @example
 * const spec = timeSeriesPlot([
 *   { time: '2023-01', value: 12, lower: 8, upper: 17 },
 *   { time: '2023-02', value: 15, lower: 10, upper: 21 },
 * ]);
 * spec.layer[1].encoding.x.scale.type
 * // => 'utc'
 */
export function timeSeriesPlot(
  rows: readonly TimeSeriesRow[],
  options: TimeSeriesPlotOptions = {},
): VegaLiteSpec {
  checkChartOptions(fn, options);
  requireArray(fn, 'rows', rows);
  if (rows.length === 0) {
    throw new InvalidArgumentError('rows', `${fn} requires at least one row; received 0`);
  }
  const temporal = typeof rows[0]?.time === 'string';
  const data: LineBandRow[] = rows.map((row, i) => {
    const time = (row as { time?: unknown } | null)?.time;
    const ok = temporal
      ? typeof time === 'string' && isUtcDate(time)
      : typeof time === 'number' && Number.isFinite(time);
    if (!ok) {
      throw new InvalidArgumentError(
        'rows',
        `${fn} requires every time to be ${temporal ? 'an ISO 8601 date (UTC)' : 'a finite number'}, as in the first row; received ${describe(time)} in row ${i + 1}`,
      );
    }
    const value = finiteOrNull(row.value);
    if (value === null) {
      throw new InvalidArgumentError(
        'rows',
        `${fn} requires a finite value in every row; received ${describe(row.value)} in row ${i + 1}`,
      );
    }
    let lower = finiteOrNull(row.lower);
    let upper = finiteOrNull(row.upper);
    if (lower === null || upper === null) lower = upper = null;
    const series = row.series === null || row.series === undefined ? null : String(row.series);
    return { x: time as number | string, y: value, lower, upper, group: series };
  });
  const x = temporal
    ? {
        field: 'x',
        type: 'temporal',
        title: axisTitle(options.xTitle, 'Time'),
        scale: { type: 'utc' },
      }
    : {
        field: 'x',
        type: 'quantitative',
        title: axisTitle(options.xTitle, 'Time'),
        scale: { zero: false },
      };
  const y = {
    field: 'y',
    type: 'quantitative',
    title: axisTitle(options.yTitle, 'Value'),
    scale: { zero: options.zero !== false },
  };
  return topLevel(options, {
    description: `${fn}: ${data.length} points`,
    data: { values: data },
    width: options.width ?? DEFAULT_WIDTH,
    height: options.height ?? 280,
    layer: lineBandLayers(data, {
      x,
      y,
      groupTitle: options.seriesTitle ?? null,
      band: options.band !== false,
      points: options.points === true,
      tooltipFormat: '.4~g',
    }),
  });
}
