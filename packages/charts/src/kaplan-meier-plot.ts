import { InvalidArgumentError } from '@muster/core';
import {
  checkChartOptions,
  describe,
  finiteOrNull,
  requireArray,
  requireFinite,
} from './internal/checks.ts';
import { axisTitle, DEFAULT_WIDTH, topLevel } from './internal/spec.ts';
import { stepBand } from './internal/step.ts';
import { checkStrata } from './internal/strata.ts';
import { niceTicks } from './internal/ticks.ts';
import { numberAtRisk } from './number-at-risk.ts';
import type { ChartOptions, KaplanMeierResult, KaplanMeierStratum, VegaLiteSpec } from './types.ts';

/** Options of {@link kaplanMeierPlot}. */
export interface KaplanMeierPlotOptions extends ChartOptions {
  /** Draw each curve's pointwise confidence band from the rows' `lower`/`upper` (default true). */
  bands?: boolean;
  /** Mark censoring times with a "+" on the curve, as R's `plot.survfit` (default true). */
  censorTicks?: boolean;
  /** Add the number-at-risk table under the plot (default true). */
  riskTable?: boolean;
  /**
   * Times of the number-at-risk table, which are also the x-axis ticks. Default: about five
   * round values (1, 2, 5 × 10^k steps) from `startTime` to the last time.
   */
  riskTimes?: readonly number[];
  /** Title of the legend and of the groups (e.g. `'sex'`); none by default. */
  groupTitle?: string | null;
  /** Time at which every curve starts at S = 1 (default 0, or the first time if it is earlier). */
  startTime?: number;
  /** Title of the number-at-risk table (default "Number at risk"). */
  riskTableTitle?: string;
}

const fn = 'kaplanMeierPlot';

/** A "+" drawn with strokes (Vega symbol paths live in a unit square centred at the origin). */
const censorShape = 'M-1,0H1M0,-1V1';

/**
 * Kaplan-Meier survival curves, one per group, as step functions that start at S = 1 and drop at
 * each event time (`interpolate: 'step-after'`, the right-continuous estimate), with each curve's
 * pointwise confidence band drawn as a stepped area from the same rows (`lower`/`upper`, with the
 * method the fit used, e.g. log or log-log), "+" ticks at censoring times, and a
 * number-at-risk table under the plot, aligned to the x axis, in a `vconcat`. Where R leaves the
 * bounds undefined (after S(t) reaches 0), the band stops. The values in the table are those of
 * {@link numberAtRisk}.
 *
 * @param result - A Kaplan-Meier result: `strata[]` of `{ group, table }` with rows `time`,
 *   `nRisk`, `nEvent`, `nCensor`, `surv`, `lower`, `upper` at every distinct time (the km shape).
 * @param options - Title, size (default 400 × 280), axis titles (default "Time", "Survival
 *   probability"); `bands`, `censorTicks`, `riskTable`, `riskTimes`, `groupTitle`, `startTime`.
 * @returns A Vega-Lite spec (plain JSON) with the Muster theme: a `vconcat` of the curves and the
 *   table, or a single layered chart when `riskTable` is false.
 * @throws InvalidArgumentError for a result without strata, unsorted or non-finite times, a
 *   non-finite survival value, or a bad option.
 * @example
 * // fit: survfit of lung by sex (the reference case km-lung-sex)
 * const spec = kaplanMeierPlot(fit, { riskTimes: [0, 250, 500, 750, 1000], groupTitle: 'sex' });
 * spec.datasets.risk.slice(0, 2)
 * // => [{ group: '1', time: 0, nRisk: 138 }, { group: '1', time: 250, nRisk: 62 }]
 */
export function kaplanMeierPlot(
  result: KaplanMeierResult,
  options: KaplanMeierPlotOptions = {},
): VegaLiteSpec {
  checkChartOptions(fn, options);
  const strata = checkStrata<KaplanMeierStratum>(fn, result);
  const groups = strata.map((s) => s.group);
  const firstTime = Math.min(...strata.map((s) => (s.table.length > 0 ? s.table[0].time : 0)));
  const startTime =
    options.startTime === undefined
      ? Math.min(0, firstTime)
      : requireFinite(fn, 'startTime', options.startTime);
  if (startTime > firstTime) {
    throw new InvalidArgumentError(
      'startTime',
      `${fn} requires startTime at or before the first time (${firstTime}); received ${startTime}`,
    );
  }
  const lastTime = Math.max(
    startTime,
    ...strata.map((s) => (s.table.length > 0 ? s.table[s.table.length - 1].time : startTime)),
  );
  let riskTimes: number[];
  if (options.riskTimes === undefined) {
    riskTimes = niceTicks(startTime, lastTime, 5);
  } else {
    riskTimes = [...requireArray(fn, 'riskTimes', options.riskTimes)].map((t) =>
      requireFinite(fn, 'riskTimes', t),
    );
    if (riskTimes.some((t) => t < startTime)) {
      throw new InvalidArgumentError(
        'riskTimes',
        `${fn} requires riskTimes at or after startTime ${startTime}; received ${describe(options.riskTimes)}`,
      );
    }
  }
  const end = Math.max(lastTime, ...riskTimes);

  const curve: Record<string, unknown>[] = [];
  const band: Record<string, unknown>[] = [];
  const censor: Record<string, unknown>[] = [];
  for (const stratum of strata) {
    const points = [
      { time: startTime, surv: 1, lower: 1 as number | null, upper: 1 as number | null },
    ];
    stratum.table.forEach((row, i) => {
      const surv = finiteOrNull(row.surv);
      if (surv === null) {
        throw new InvalidArgumentError(
          'result.strata',
          `${fn} requires a finite surv in every row; received ${describe(row.surv)} in row ${i + 1} of group ${describe(stratum.group)}`,
        );
      }
      const lower = finiteOrNull(row.lower);
      const upper = finiteOrNull(row.upper);
      const both = lower !== null && upper !== null;
      points.push({ time: row.time, surv, lower: both ? lower : null, upper: both ? upper : null });
      if (typeof row.nCensor === 'number' && row.nCensor > 0) {
        censor.push({ group: stratum.group, time: row.time, surv, nCensor: row.nCensor });
      }
    });
    points.forEach((p, order) => {
      curve.push({
        group: stratum.group,
        time: p.time,
        surv: p.surv,
        lower: p.lower,
        upper: p.upper,
        order,
      });
    });
    for (const row of stepBand(points)) band.push({ group: stratum.group, ...row });
  }

  const width = options.width ?? DEFAULT_WIDTH;
  const height = options.height ?? 280;
  const xScale = { domain: [startTime, end], nice: false, zero: false };
  const groupTitle = options.groupTitle ?? null;
  const color = {
    field: 'group',
    type: 'nominal',
    title: groupTitle,
    scale: { domain: groups },
    legend: groups.length > 1 ? { symbolType: 'stroke' } : null,
  };
  const x = {
    field: 'time',
    type: 'quantitative',
    title: axisTitle(options.xTitle, 'Time'),
    scale: xScale,
    axis: { values: riskTimes },
  };
  const layer: Record<string, unknown>[] = [];
  if (options.bands !== false && band.length > 0) {
    layer.push({
      data: { name: 'band' },
      mark: { type: 'area', interpolate: 'step-after' },
      encoding: {
        x,
        y: { field: 'lower', type: 'quantitative' },
        y2: { field: 'upper' },
        color,
        detail: { field: 'segment', type: 'nominal' },
      },
    });
  }
  layer.push({
    data: { name: 'curve' },
    mark: { type: 'line', interpolate: 'step-after' },
    encoding: {
      x,
      y: {
        field: 'surv',
        type: 'quantitative',
        title: axisTitle(options.yTitle, 'Survival probability'),
        scale: { domain: [0, 1] },
      },
      color,
      order: { field: 'order', type: 'quantitative' },
      tooltip: [
        { field: 'group', type: 'nominal', title: groupTitle ?? 'Group' },
        { field: 'time', type: 'quantitative', title: 'Time' },
        { field: 'surv', type: 'quantitative', title: 'Survival', format: '.3f' },
        { field: 'lower', type: 'quantitative', title: 'Lower', format: '.3f' },
        { field: 'upper', type: 'quantitative', title: 'Upper', format: '.3f' },
      ],
    },
  });
  if (options.censorTicks !== false && censor.length > 0) {
    layer.push({
      data: { name: 'censor' },
      mark: {
        type: 'point',
        shape: censorShape,
        filled: false,
        size: 36,
        strokeWidth: 1,
        opacity: 1,
      },
      encoding: { x, y: { field: 'surv', type: 'quantitative' }, color },
    });
  }
  const plot = { width, height, layer };
  const datasets: Record<string, unknown> = { curve, band, censor };

  if (options.riskTable === false) {
    return topLevel(options, { description: describeSpec(groups), datasets, ...plot });
  }
  datasets.risk = numberAtRisk(result, riskTimes);
  const table = {
    title: {
      text: options.riskTableTitle ?? 'Number at risk',
      fontSize: 11,
      fontWeight: 'normal',
      anchor: 'start',
      offset: 4,
    },
    data: { name: 'risk' },
    width,
    height: { step: 16 },
    mark: { type: 'text', baseline: 'middle' },
    encoding: {
      x: { field: 'time', type: 'quantitative', scale: xScale, axis: null },
      y: {
        field: 'group',
        type: 'nominal',
        sort: groups,
        title: null,
        axis: { domain: false, ticks: false, grid: false, labelPadding: 24 },
      },
      text: { field: 'nRisk', type: 'quantitative' },
      color,
    },
  };
  return topLevel(options, {
    description: describeSpec(groups),
    datasets,
    vconcat: [plot, table],
    spacing: 6,
    resolve: { scale: { color: 'shared' } },
  });
}

function describeSpec(groups: readonly string[]): string {
  return `${fn}: Kaplan-Meier curves for ${groups.length} group${groups.length === 1 ? '' : 's'} (${groups.join(', ')})`;
}
