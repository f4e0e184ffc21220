import { InvalidArgumentError } from '@muster/core';
import { musterInk, musterNeutral } from '../theme.ts';
import type { ChartOptions, CoefficientResult, CoefficientRow, VegaLiteSpec } from '../types.ts';
import {
  checkChartOptions,
  checkChoice,
  checkLevel,
  describe,
  finiteOrNull,
  requireArray,
} from './checks.ts';
import { zForLevel } from './confidence.ts';
import { axisTitle, DEFAULT_WIDTH, topLevel } from './spec.ts';

/** Options of {@link coefficientPlot} and {@link oddsRatioPlot}. */
export interface ForestPlotOptions extends ChartOptions {
  /**
   * Which interval to draw: `'profile'` (profileLower/profileUpper, profile likelihood) or
   * `'wald'` (the rows' `lower`/`upper`; estimate ± z·stdError where a row has no bounds). Default: `'profile'` when the result has profile bounds, else `'wald'`.
   */
  interval?: 'wald' | 'profile';
  /** Terms to show, top to bottom (R's names). Default: every term but `(Intercept)` and `Log(scale)`. */
  terms?: readonly string[];
  /** Show `(Intercept)` when `terms` is not given (default false). */
  intercept?: boolean;
  /** Display labels by term, e.g. `{ 'log(troops)': 'Troops (log)' }`; default the term itself. */
  labels?: Readonly<Record<string, string>>;
  /**
   * Level of the intervals in the result (default the result's `confLevel`, else 0.95): names the
   * level on the axis, and sets z for Wald intervals computed from `stdError`.
   */
  confLevel?: number;
}

interface ForestScale {
  fn: string;
  kind: 'coefficient' | 'ratio';
  defaultTitle: string;
}

interface ForestRow {
  term: string;
  label: string;
  estimate: number | null;
  lower: number | null;
  upper: number | null;
  stdError: number | null;
  pValue: number | null;
  note: string | null;
}

const hidden = new Set(['(Intercept)', 'Log(scale)']);

function hasBounds(row: CoefficientRow, kind: 'wald' | 'profile'): boolean {
  const lower = kind === 'wald' ? row.lower : row.profileLower;
  const upper = kind === 'wald' ? row.upper : row.profileUpper;
  return finiteOrNull(lower) !== null && finiteOrNull(upper) !== null;
}

function formatLevel(level: number): string {
  return `${Number((level * 100).toPrecision(6))}%`;
}

/** The forest plot both public builders share: point estimates with intervals, one row per term. */
export function forestPlot(
  result: CoefficientResult,
  options: ForestPlotOptions,
  scale: ForestScale,
): VegaLiteSpec {
  const { fn } = scale;
  checkChartOptions(fn, options);
  checkChoice(fn, 'interval', options.interval, ['wald', 'profile'] as const);
  checkLevel(fn, 'confLevel', options.confLevel);
  if (result === null || typeof result !== 'object') {
    throw new InvalidArgumentError(
      'result',
      `${fn} requires a result with a coefficients array; received ${describe(result)}`,
    );
  }
  const rows = requireArray(fn, 'result.coefficients', result.coefficients) as CoefficientRow[];
  const byTerm = new Map<string, CoefficientRow>();
  for (const row of rows) {
    if (row === null || typeof row !== 'object' || typeof row.term !== 'string') {
      throw new InvalidArgumentError(
        'result.coefficients',
        `${fn} requires every coefficient to have a term name; received ${describe(row)}`,
      );
    }
    if ('waldLower' in row || 'waldUpper' in row) {
      throw new InvalidArgumentError(
        'result.coefficients',
        `${fn} requires the Wald limits as lower/upper (the fits' names since the shared result vocabulary); received waldLower/waldUpper for term ${JSON.stringify(row.term)}`,
      );
    }
    byTerm.set(row.term, row);
  }

  let shown: CoefficientRow[];
  if (options.terms !== undefined) {
    requireArray(fn, 'terms', options.terms);
    shown = options.terms.map((term) => {
      const row = byTerm.get(term);
      if (row === undefined) {
        throw new InvalidArgumentError(
          'terms',
          `${fn} requires terms present in the result (${[...byTerm.keys()].map((t) => JSON.stringify(t)).join(', ')}); received ${describe(term)}`,
        );
      }
      return row;
    });
  } else {
    shown = rows.filter(
      (row) => !hidden.has(row.term) || (options.intercept === true && row.term === '(Intercept)'),
    );
  }
  if (shown.length === 0) {
    throw new InvalidArgumentError(
      'result.coefficients',
      `${fn} requires at least one term to plot; received ${rows.length} coefficients and none selected`,
    );
  }

  const interval =
    options.interval ?? (shown.some((row) => hasBounds(row, 'profile')) ? 'profile' : 'wald');
  if (interval === 'profile' && !shown.some((row) => hasBounds(row, 'profile'))) {
    throw new InvalidArgumentError(
      'interval',
      `${fn} requires profileLower and profileUpper in the result for interval 'profile'; received none (use interval 'wald')`,
    );
  }
  const resultLevel = (result as { confLevel?: unknown }).confLevel;
  const level =
    options.confLevel ??
    (typeof resultLevel === 'number' && resultLevel > 0 && resultLevel < 1 ? resultLevel : 0.95);
  const z = zForLevel(level);

  const ratio = scale.kind === 'ratio';
  const transform = (value: number | null): number | null => {
    if (value === null) return null;
    if (!ratio) return value;
    const e = Math.exp(value);
    return Number.isFinite(e) && e > 0 ? e : null;
  };

  const labels = new Set<string>();
  const data: ForestRow[] = shown.map((row) => {
    const label = options.labels?.[row.term] ?? row.term;
    if (labels.has(label)) {
      throw new InvalidArgumentError(
        'labels',
        `${fn} requires distinct labels for the plotted terms; received ${describe(label)} twice`,
      );
    }
    labels.add(label);
    const raw = finiteOrNull(row.estimate);
    const standardError = finiteOrNull(row.stdError);
    let lower: number | null = null;
    let upper: number | null = null;
    if (raw !== null) {
      if (interval === 'profile') {
        lower = finiteOrNull(row.profileLower);
        upper = finiteOrNull(row.profileUpper);
      } else if (hasBounds(row, 'wald')) {
        lower = finiteOrNull(row.lower);
        upper = finiteOrNull(row.upper);
      } else if (standardError !== null) {
        lower = raw - z * standardError;
        upper = raw + z * standardError;
      }
    }
    const estimate = transform(raw);
    lower = transform(lower);
    upper = transform(upper);
    if (lower === null || upper === null) lower = upper = null;
    const note =
      row.estimate === null || row.estimate === undefined
        ? 'aliased'
        : estimate === null
          ? 'not finite'
          : null;
    return {
      term: row.term,
      label,
      estimate,
      lower,
      upper,
      stdError: standardError,
      pValue: finiteOrNull(row.pValue),
      note,
    };
  });

  const reference = ratio ? 1 : 0;
  const intervalName = interval === 'profile' ? 'profile-likelihood' : 'Wald';
  const xTitle = axisTitle(
    options.xTitle,
    `${scale.defaultTitle} (${formatLevel(level)} ${intervalName} interval)`,
  );
  const x = {
    field: 'estimate',
    type: 'quantitative',
    title: xTitle,
    scale: ratio ? { type: 'log' } : { zero: false },
  };
  const y = {
    field: 'label',
    type: 'nominal',
    sort: data.map((row) => row.label),
    title: axisTitle(options.yTitle, null),
    axis: { grid: false, ticks: false, domain: false, labelPadding: 6 },
  };
  const numberFormat = ratio ? '.3~r' : '.3~f';
  const tooltip = [
    { field: 'term', type: 'nominal', title: 'Term' },
    { field: 'estimate', type: 'quantitative', title: scale.defaultTitle, format: numberFormat },
    { field: 'lower', type: 'quantitative', title: 'Lower', format: numberFormat },
    { field: 'upper', type: 'quantitative', title: 'Upper', format: numberFormat },
    { field: 'pValue', type: 'quantitative', title: 'p-value', format: '.3~g' },
  ];

  return topLevel(options, {
    description: `${fn}: ${data.length} terms, ${formatLevel(level)} ${intervalName} intervals`,
    data: { values: data },
    width: options.width ?? DEFAULT_WIDTH,
    height: options.height ?? { step: 24 },
    layer: [
      {
        mark: { type: 'rule', color: musterNeutral, strokeDash: [4, 3] },
        encoding: { x: { datum: reference, type: 'quantitative' } },
      },
      {
        transform: [{ filter: 'isValid(datum.lower) && isValid(datum.upper)' }],
        mark: { type: 'rule', strokeWidth: 1.5, color: musterInk },
        encoding: { x: { ...x, field: 'lower' }, x2: { field: 'upper' }, y, tooltip },
      },
      {
        transform: [{ filter: 'isValid(datum.estimate)' }],
        mark: { type: 'point', shape: 'square', size: 48, opacity: 1, color: musterInk },
        encoding: { x, y, tooltip },
      },
      {
        transform: [{ filter: 'datum.note !== null' }],
        mark: { type: 'text', align: 'left', dx: 6, fontStyle: 'italic', color: musterNeutral },
        encoding: {
          x: { datum: reference, type: 'quantitative' },
          y,
          text: { field: 'note' },
        },
      },
    ],
  });
}
