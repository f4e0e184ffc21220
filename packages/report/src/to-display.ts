import { displayFit, isFitResult } from './internal/display-fit.ts';
import {
  displayBackProjection,
  displayReconstruction,
  isBackProjection,
  isReconstruction,
} from './internal/display-lag.ts';
import {
  displayMarginalEffects,
  displayPredictionGrid,
  isMarginalEffects,
  isPredictionGrid,
} from './internal/display-margins.ts';
import { displayRegressionTable, isRegressionTable } from './internal/display-regression-table.ts';
import {
  displayCumulativeIncidence,
  displayGrayTest,
  displayKaplanMeier,
  displayLogRank,
  isCumulativeIncidence,
  isGrayTest,
  isKaplanMeier,
  isLogRank,
} from './internal/display-survival.ts';
import {
  displayArquero,
  displayRecords,
  isArqueroTable,
  isRecordArray,
  TABLE_ROWS,
} from './internal/display-table.ts';
import { formatValue, truncateText } from './internal/format.ts';
import type { DisplayItem } from './types.ts';
import { vegaLiteToSvg } from './vega-lite-to-svg.ts';

const JSON_LIMIT = 4000;

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (
    value !== null &&
    typeof value === 'object' &&
    typeof (value as { then?: unknown }).then === 'function'
  );
}

/** True for a Vega-Lite specification: a `$schema` that names vega-lite. */
export function isVegaLiteSpec(value: unknown): value is Record<string, unknown> {
  return (
    value !== null &&
    typeof value === 'object' &&
    typeof (value as { $schema?: unknown }).$schema === 'string' &&
    /vega-lite/i.test((value as { $schema: string }).$schema)
  );
}

function chartTitle(spec: Record<string, unknown>): string | null {
  const title = spec.title;
  if (typeof title === 'string') return title;
  if (Array.isArray(title)) return title.join(' ');
  if (title !== null && typeof title === 'object') {
    const text = (title as { text?: unknown }).text;
    if (typeof text === 'string') return text;
    if (Array.isArray(text)) return text.join(' ');
  }
  return null;
}

/** Plain JSON data: typed arrays as arrays, maps as objects, sets as arrays, cycles marked. */
function toJsonData(value: unknown): unknown {
  const seen = new WeakSet<object>();
  const text = JSON.stringify(value, (_key, item: unknown) => {
    if (typeof item === 'bigint') return item.toString();
    if (typeof item === 'function')
      return `[function ${(item as { name?: string }).name || 'anonymous'}]`;
    if (ArrayBuffer.isView(item) && !(item instanceof DataView))
      return Array.from(item as unknown as ArrayLike<number>);
    if (item instanceof Map) return Object.fromEntries(item);
    if (item instanceof Set) return [...item];
    if (item !== null && typeof item === 'object') {
      if (seen.has(item)) return '[circular]';
      seen.add(item);
    }
    return item;
  });
  return text === undefined ? undefined : JSON.parse(text);
}

const WIDTH = 80;
const isPrimitive = (value: unknown) => value === null || typeof value !== 'object';

/** JSON laid out for reading: short arrays and objects of plain values on one line, long ones wrapped. */
function prettyJson(value: unknown, indent = 0): string {
  const pad = ' '.repeat(indent + 2);
  if (isPrimitive(value)) return JSON.stringify(value);
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    if (value.every(isPrimitive)) {
      const items = value.map((item) => JSON.stringify(item));
      const line = `[${items.join(', ')}]`;
      if (indent + line.length <= WIDTH) return line;
      const lines: string[] = [];
      let current = '';
      for (const item of items) {
        if (current !== '' && pad.length + current.length + item.length + 2 > WIDTH) {
          lines.push(current);
          current = '';
        }
        current += current === '' ? `${item},` : ` ${item},`;
      }
      lines.push(current.replace(/,$/, ''));
      return `[\n${lines.map((line) => pad + line).join('\n')}\n${' '.repeat(indent)}]`;
    }
    return `[\n${value.map((item) => pad + prettyJson(item, indent + 2)).join(',\n')}\n${' '.repeat(indent)}]`;
  }
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length === 0) return '{}';
  if (entries.every(([, item]) => isPrimitive(item))) {
    const line = `{ ${entries.map(([key, item]) => `${JSON.stringify(key)}: ${JSON.stringify(item)}`).join(', ')} }`;
    if (indent + line.length <= WIDTH) return line;
  }
  return `{\n${entries.map(([key, item]) => `${pad}${JSON.stringify(key)}: ${prettyJson(item, indent + 2)}`).join(',\n')}\n${' '.repeat(indent)}}`;
}

function toJson(value: unknown): string {
  const data = toJsonData(value);
  if (data === undefined) return String(value);
  const text = prettyJson(data);
  return text.length > JSON_LIMIT
    ? `${text.slice(0, JSON_LIMIT)}\n... (${text.length - JSON_LIMIT} more characters)`
    : text;
}

/**
 * Turn a value into display items, choosing the renderer by the value's shape:
 * - a Vega-Lite spec (`$schema` naming vega-lite) -> a chart, drawn to SVG by Vega in Node;
 * - a model fit (`coefficients` rows with `term` and `estimate`: GLM, Cox, Fine-Gray, AFT) ->
 *   coefficient table with intervals, model summary, method labels and diagnostics;
 * - a regression table (`regressionTable` of @muster/tables: `kind: 'regression-table'`) -> the
 *   models side by side, rules between estimates, goodness of fit and methods, notes under it;
 * - Kaplan-Meier curves -> n, events, median with interval (and RMST) per group, and survival at
 *   chosen times; a log-rank test -> survdiff's table and the chi-square test; cumulative incidence
 *   -> incidence per group and cause at the end of follow-up, with Gray's tests; a back-projection
 *   or a reconstruction from published figures -> its estimates per period; marginal effects ->
 *   term, contrast, estimate, standard error, z, p-value and interval; predictions over a grid ->
 *   the grid's values with the prediction and its interval;
 * - an arquero table -> its shape and first 10 rows; an array of flat records -> a table;
 * - numbers, strings, booleans, dates -> text (numbers with 7 significant digits);
 * - anything else -> JSON laid out for reading (short arrays and objects of plain values on one
 *   line, typed arrays as arrays, cycles marked, cut at 4000 characters).
 * `undefined` shows nothing; a promise is awaited first.
 *
 * @param value - Any value a cell displays.
 * @param options - `rows`: rows shown of a table (default 10; a notebook sets it with `rows` in its
 *   front matter).
 * @returns The items to show (empty for `undefined`).
 * @throws InvalidArgumentError when a Vega-Lite spec cannot be drawn.
 * @example
 * ```ts
 * await toDisplay(0.1 + 0.2);
 * // => [{ kind: 'text', text: '0.3', style: 'value' }]
 * ```
 */
export async function toDisplay(
  value: unknown,
  options: { rows?: number } = {},
): Promise<DisplayItem[]> {
  const rows = options.rows ?? TABLE_ROWS;
  if (isThenable(value)) value = await value;
  if (value === undefined) return [];
  if (isVegaLiteSpec(value)) {
    const spec = JSON.parse(JSON.stringify(value)) as Record<string, unknown>;
    const { svg, width, height } = await vegaLiteToSvg(spec);
    return [{ kind: 'chart', spec, svg, width, height, title: chartTitle(spec) }];
  }
  if (isRegressionTable(value)) return [displayRegressionTable(value)];
  if (isMarginalEffects(value)) return [displayMarginalEffects(value)];
  if (isPredictionGrid(value)) return [displayPredictionGrid(value, rows)];
  if (isFitResult(value)) return [displayFit(value)];
  if (isKaplanMeier(value)) return displayKaplanMeier(value);
  if (isLogRank(value)) return [displayLogRank(value)];
  if (isCumulativeIncidence(value)) return displayCumulativeIncidence(value);
  if (isGrayTest(value)) return [displayGrayTest(value)];
  if (isBackProjection(value)) return [displayBackProjection(value, rows)];
  if (isReconstruction(value)) return displayReconstruction(value, rows);
  if (isArqueroTable(value)) return [displayArquero(value, rows)];
  if (isRecordArray(value)) return [displayRecords(value, rows)];
  if (value === null || typeof value !== 'object' || value instanceof Date) {
    return [{ kind: 'text', text: value === null ? 'null' : formatValue(value), style: 'value' }];
  }
  if (value instanceof Error)
    return [
      { kind: 'text', text: truncateText(`${value.name}: ${value.message}`), style: 'value' },
    ];
  return [{ kind: 'text', text: toJson(value), style: 'json' }];
}
