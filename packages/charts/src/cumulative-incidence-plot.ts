import { InvalidArgumentError } from '@muster/core';
import {
  checkChartOptions,
  checkChoice,
  checkLevel,
  describe,
  finiteOrNull,
  requireArray,
  requireFinite,
} from './internal/checks.ts';
import { type ConfType, probabilityLimits, zForLevel } from './internal/confidence.ts';
import { axisTitle, DEFAULT_WIDTH, topLevel } from './internal/spec.ts';
import { type StepPoint, stepBand } from './internal/step.ts';
import { checkStrata } from './internal/strata.ts';
import type {
  ChartOptions,
  CumulativeIncidenceResult,
  CumulativeIncidenceStratum,
  VegaLiteSpec,
} from './types.ts';

/** Options of {@link cumulativeIncidencePlot}. */
export interface CumulativeIncidencePlotOptions extends ChartOptions {
  /** Causes to draw, in legend order (default: every cause of the first row, in its order). */
  causes?: readonly string[];
  /**
   * Draw pointwise confidence bands (default false). Bounds come from the rows' `lower`/`upper`
   * by cause when the result has them, otherwise from `stdErr` with `confType` and `confLevel`.
   */
  bands?: boolean;
  /** Level of computed bands (default 0.95). */
  confLevel?: number;
  /** Transformation of computed bands, as survfit's `conf.type` (default 'log', survfit's default). */
  confType?: ConfType;
  /** Legend title of the groups (default none); groups are told apart by dash pattern. */
  groupTitle?: string | null;
  /** Legend title of the causes (default "Cause"). */
  causeTitle?: string | null;
  /** Time at which every curve starts at 0 (default 0, or the first time if it is earlier). */
  startTime?: number;
  /** y domain: 'unit' is [0, 1] (default); 'data' fits the data, from 0. */
  yDomain?: 'unit' | 'data';
}

const fn = 'cumulativeIncidencePlot';
const dashes = [
  [1, 0],
  [6, 3],
  [2, 2],
  [8, 3, 2, 3],
  [10, 4],
  [1, 3],
];

/**
 * Cumulative incidence curves of competing risks (Aalen-Johansen estimates, as survfit's
 * multi-state curves or cmprsk's `cuminc`), one step curve per cause and group, starting at 0
 * (`interpolate: 'step-after'`). Causes are told apart by colour and groups by dash pattern
 * (with one cause and several groups, groups take the colours). Optional stepped bands use the
 * rows' own bounds or, from `stdErr`, survfit's pointwise limits (`conf.type` log by default:
 * exp(log F ± z se/F), undefined where F = 0, so a band starts at the first event of its cause).
 *
 * @param result - A cumulative incidence result: `strata[]` of `{ group, table }` with rows
 *   `time`, `cif` and (for bands) `stdErr` keyed by cause name (the cuminc shape).
 * @param options - Title, size (default 400 × 280), axis titles (default "Time", "Cumulative
 *   incidence"); `causes`, `bands`, `confLevel`, `confType`, `groupTitle`, `causeTitle`,
 *   `startTime`, `yDomain`.
 * @returns A Vega-Lite spec (plain JSON) with the Muster theme.
 * @throws InvalidArgumentError for a result without strata or causes, unsorted times, an unknown
 *   cause, a non-finite incidence, or a bad option.
 * @example
 * // fit: cmprsk's cuminc of mgus2 by sex (the reference case cuminc-mgus2-sex)
 * const spec = cumulativeIncidencePlot(fit, { groupTitle: 'sex', bands: true });
 * spec.data.values.filter((row) => row.group === 'F' && row.cause === 'pcm').slice(0, 2)
 * // => [{ group: 'F', cause: 'pcm', time: 0, cif: 0, order: 0 },
 * //     { group: 'F', cause: 'pcm', time: 1, cif: 0, order: 1 }]
 */
export function cumulativeIncidencePlot(
  result: CumulativeIncidenceResult,
  options: CumulativeIncidencePlotOptions = {},
): VegaLiteSpec {
  checkChartOptions(fn, options);
  checkChoice(fn, 'confType', options.confType, ['plain', 'log', 'log-log'] as const);
  checkChoice(fn, 'yDomain', options.yDomain, ['unit', 'data'] as const);
  checkLevel(fn, 'confLevel', options.confLevel);
  const strata = checkStrata<CumulativeIncidenceStratum>(fn, result);
  const groups = strata.map((s) => s.group);

  const found: string[] = [];
  for (const stratum of strata) {
    stratum.table.forEach((row, i) => {
      const cif = (row as { cif?: unknown }).cif;
      if (cif === null || typeof cif !== 'object') {
        throw new InvalidArgumentError(
          'result.strata',
          `${fn} requires cif keyed by cause in every row; received ${describe(cif)} in row ${i + 1} of group ${describe(stratum.group)}`,
        );
      }
      for (const cause of Object.keys(cif)) if (!found.includes(cause)) found.push(cause);
    });
  }
  let causes: string[];
  if (options.causes === undefined) {
    causes = found;
  } else {
    causes = [...requireArray(fn, 'causes', options.causes)] as string[];
    for (const cause of causes) {
      if (!found.includes(cause)) {
        throw new InvalidArgumentError(
          'causes',
          `${fn} requires causes present in the result (${found.map((c) => JSON.stringify(c)).join(', ')}); received ${describe(cause)}`,
        );
      }
    }
  }
  if (causes.length === 0) {
    throw new InvalidArgumentError(
      'result.strata',
      `${fn} requires at least one cause; received none`,
    );
  }

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
  const z = zForLevel(options.confLevel ?? 0.95);
  const confType = options.confType ?? 'log';

  const curve: Record<string, unknown>[] = [];
  const band: Record<string, unknown>[] = [];
  for (const stratum of strata) {
    const table = stratum.table;
    for (const cause of causes) {
      const start = probabilityLimits(0, 0, z, confType);
      const points: StepPoint[] = [{ time: startTime, ...start }];
      curve.push({ group: stratum.group, cause, time: startTime, cif: 0, order: 0 });
      table.forEach((row, i) => {
        const value = row.cif[cause];
        const cif = finiteOrNull(value);
        if (cif === null) {
          throw new InvalidArgumentError(
            'result.strata',
            `${fn} requires a finite cif for every cause; received ${describe(value)} for cause ${describe(cause)} in row ${i + 1} of group ${describe(stratum.group)}`,
          );
        }
        curve.push({ group: stratum.group, cause, time: row.time, cif, order: i + 1 });
        let limits: { lower: number | null; upper: number | null };
        if (row.lower !== undefined && row.upper !== undefined) {
          limits = {
            lower: finiteOrNull(row.lower?.[cause]),
            upper: finiteOrNull(row.upper?.[cause]),
          };
        } else {
          limits = probabilityLimits(cif, finiteOrNull(row.stdErr?.[cause]), z, confType);
        }
        points.push({ time: row.time, ...limits });
      });
      if (options.bands === true) {
        for (const row of stepBand(points)) {
          band.push({ group: stratum.group, cause, ...row, segment: `${row.segment}` });
        }
      }
    }
  }

  const multipleGroups = groups.length > 1;
  const colourByGroup = causes.length === 1 && multipleGroups;
  const causeTitle = options.causeTitle === undefined ? 'Cause' : options.causeTitle;
  const groupTitle = options.groupTitle ?? null;
  const color = colourByGroup
    ? {
        field: 'group',
        type: 'nominal',
        title: groupTitle,
        scale: { domain: groups },
        legend: { symbolType: 'stroke' },
      }
    : {
        field: 'cause',
        type: 'nominal',
        title: causeTitle,
        scale: { domain: causes },
        legend: { symbolType: 'stroke' },
      };
  const strokeDash =
    multipleGroups && !colourByGroup
      ? {
          field: 'group',
          type: 'nominal',
          title: groupTitle,
          scale: { domain: groups, range: groups.map((_, g) => dashes[g % dashes.length]) },
          legend: { symbolType: 'stroke', symbolStrokeColor: '#444444' },
        }
      : undefined;
  const x = {
    field: 'time',
    type: 'quantitative',
    title: axisTitle(options.xTitle, 'Time'),
    scale: { zero: false, nice: false },
  };
  const yScale = options.yDomain === 'data' ? { zero: true } : { domain: [0, 1] };
  const layer: Record<string, unknown>[] = [];
  if (band.length > 0) {
    layer.push({
      data: { values: band },
      mark: { type: 'area', interpolate: 'step-after' },
      encoding: {
        x,
        y: { field: 'lower', type: 'quantitative' },
        y2: { field: 'upper' },
        color,
        detail: [
          { field: 'group', type: 'nominal' },
          { field: 'segment', type: 'nominal' },
        ],
      },
    });
  }
  layer.push({
    mark: { type: 'line', interpolate: 'step-after' },
    encoding: {
      x,
      y: {
        field: 'cif',
        type: 'quantitative',
        title: axisTitle(options.yTitle, 'Cumulative incidence'),
        scale: yScale,
      },
      color,
      ...(strokeDash === undefined ? {} : { strokeDash }),
      detail: { field: 'group', type: 'nominal' },
      order: { field: 'order', type: 'quantitative' },
      tooltip: [
        { field: 'group', type: 'nominal', title: groupTitle ?? 'Group' },
        { field: 'cause', type: 'nominal', title: causeTitle ?? 'Cause' },
        { field: 'time', type: 'quantitative', title: 'Time' },
        { field: 'cif', type: 'quantitative', title: 'Cumulative incidence', format: '.3f' },
      ],
    },
  });
  return topLevel(options, {
    description: `${fn}: ${causes.length} cause${causes.length === 1 ? '' : 's'} (${causes.join(', ')}) in ${groups.length} group${groups.length === 1 ? '' : 's'}`,
    data: { values: curve },
    width: options.width ?? DEFAULT_WIDTH,
    height: options.height ?? 280,
    layer,
  });
}
