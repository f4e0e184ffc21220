import { InvalidArgumentError } from '@muster/core';
import {
  checkChartOptions,
  checkChoice,
  describe,
  finiteOrNull,
  requireArray,
} from './internal/checks.ts';
import { axisTitle, DEFAULT_WIDTH, topLevel } from './internal/spec.ts';
import { musterNeutral, musterPalette } from './theme.ts';
import type { BalanceResult, BalanceStatistic, ChartOptions, VegaLiteSpec } from './types.ts';

/** Options of {@link lovePlot}. */
export interface LovePlotOptions extends ChartOptions {
  /** The statistic to draw (default 'stdMeanDiff'). */
  statistic?: BalanceStatistic;
  /** Plot |value| (default true for mean differences, as MatchIt's `plot(summary(m))`). */
  absolute?: boolean;
  /** Dashed reference lines (default [0.1] for mean differences, [2] for variance ratios, none for eCDF). */
  thresholds?: readonly number[];
  /** Show the `distance` row (default true). */
  distance?: boolean;
  /** Order of the rows: as in the table (default), or by the all-data value, largest on top. */
  order?: 'table' | 'unadjusted';
  /** Display labels by term; default the term itself. */
  labels?: Readonly<Record<string, string>>;
  /** Names of the two samples in the legend (default 'All data', 'Matched data'). */
  sampleNames?: readonly [string, string];
}

const TITLES: Record<BalanceStatistic, [string, string]> = {
  stdMeanDiff: ['Standardized mean difference', 'Absolute standardized mean difference'],
  varRatio: ['Variance ratio', 'Variance ratio'],
  ecdfMean: ['eCDF mean difference', 'eCDF mean difference'],
  ecdfMax: ['eCDF maximum difference', 'eCDF maximum difference'],
};

const fn = 'lovePlot';

/**
 * A love plot of covariate balance (cobalt's `love.plot`, MatchIt's `plot(summary(m))`): one row
 * per covariate, a point for the full sample and one for the matched sample, joined by a line,
 * with dashed threshold lines. Reads the `balance` of a `@muster/matching` result (`all` and
 * `matched` rows with `term` and the statistic), or any object of that shape. Rows whose statistic
 * is missing in both samples (variance ratios of binary variables) are left out.
 *
 * @param balance - `{ all: [{ term, stdMeanDiff, ... }], matched: [...] }`.
 * @param options - `statistic`, `absolute`, `thresholds`, `distance`, `order`, `labels`,
 *   `sampleNames`, and the shared title, size and axis options.
 * @returns A Vega-Lite spec (plain JSON) with the Muster theme.
 * @throws InvalidArgumentError for a balance without rows, terms that differ between the two
 *   samples, or a bad option.
 * @example
 * const spec = lovePlot({
 *   all: [{ term: 'age', stdMeanDiff: -0.4 }, { term: 'male', stdMeanDiff: 0.2 }],
 *   matched: [{ term: 'age', stdMeanDiff: 0.05 }, { term: 'male', stdMeanDiff: -0.01 }],
 * });
 * spec.data.values.map((row) => [row.term, row.sample, row.value])
 * // => [['age', 'All data', 0.4], ['age', 'Matched data', 0.05], ['male', 'All data', 0.2], ['male', 'Matched data', 0.01]]
 */
export function lovePlot(balance: BalanceResult, options: LovePlotOptions = {}): VegaLiteSpec {
  checkChartOptions(fn, options);
  checkChoice(fn, 'statistic', options.statistic, [
    'stdMeanDiff',
    'varRatio',
    'ecdfMean',
    'ecdfMax',
  ] as const);
  checkChoice(fn, 'order', options.order, ['table', 'unadjusted'] as const);
  const statistic = options.statistic ?? 'stdMeanDiff';
  const absolute = options.absolute ?? statistic === 'stdMeanDiff';
  const [allName, matchedName] = options.sampleNames ?? ['All data', 'Matched data'];
  const all = requireArray(fn, 'balance.all', balance?.all) as BalanceResult['all'];
  const matched = requireArray(fn, 'balance.matched', balance?.matched) as BalanceResult['matched'];
  if (all.length !== matched.length || all.some((row, k) => row?.term !== matched[k]?.term)) {
    throw new InvalidArgumentError(
      'balance',
      `${fn} requires the same terms in balance.all and balance.matched; received ${describe(all.map((r) => r?.term))} and ${describe(matched.map((r) => r?.term))}`,
    );
  }
  const value = (row: BalanceResult['all'][number]) => {
    const v = finiteOrNull(row[statistic]);
    return v === null ? null : absolute ? Math.abs(v) : v;
  };
  let rows = all
    .map((row, k) => ({
      term: row.term,
      label: options.labels?.[row.term] ?? row.term,
      before: value(row),
      after: value(matched[k]!),
    }))
    .filter((row) => (options.distance ?? true) || row.term !== 'distance')
    .filter((row) => row.before !== null || row.after !== null);
  if (rows.length === 0) {
    throw new InvalidArgumentError(
      'balance',
      `${fn} requires at least one row with a ${statistic}; received none`,
    );
  }
  if (options.order === 'unadjusted') {
    rows = [...rows].sort((a, b) => Math.abs(b.before ?? 0) - Math.abs(a.before ?? 0));
  }
  const data = rows.flatMap((row) => [
    { term: row.term, label: row.label, sample: allName, value: row.before },
    { term: row.term, label: row.label, sample: matchedName, value: row.after },
  ]);
  const thresholds =
    options.thresholds ??
    (statistic === 'stdMeanDiff' ? [0.1] : statistic === 'varRatio' ? [2] : []);
  const reference = statistic === 'varRatio' ? 1 : 0;
  const lines = [
    ...thresholds.map((t) => ({ x: t })),
    ...(absolute || statistic === 'varRatio' ? [] : thresholds.map((t) => ({ x: -t }))),
  ];
  const y = {
    field: 'label',
    type: 'nominal',
    sort: rows.map((row) => row.label),
    title: axisTitle(options.yTitle, null),
    axis: { grid: false, ticks: false, domain: false, labelPadding: 6 },
  };
  const x = {
    field: 'value',
    type: 'quantitative',
    title: axisTitle(options.xTitle, TITLES[statistic][absolute ? 1 : 0]),
  };
  return topLevel(options, {
    description: `${fn}: ${statistic} of ${rows.length} terms before and after matching`,
    data: { values: data },
    width: options.width ?? DEFAULT_WIDTH,
    height: options.height ?? { step: 22 },
    layer: [
      {
        mark: { type: 'rule', color: musterNeutral },
        encoding: { x: { datum: reference, type: 'quantitative' } },
      },
      ...(lines.length === 0
        ? []
        : [
            {
              data: { values: lines },
              mark: { type: 'rule', color: musterNeutral, strokeDash: [4, 3] },
              encoding: { x: { field: 'x', type: 'quantitative' } },
            },
          ]),
      {
        transform: [{ filter: 'isValid(datum.value)' }],
        mark: { type: 'line', color: musterNeutral, strokeWidth: 1 },
        encoding: { x, y, detail: { field: 'term', type: 'nominal' } },
      },
      {
        transform: [{ filter: 'isValid(datum.value)' }],
        mark: { type: 'point', filled: true, size: 60, opacity: 1 },
        encoding: {
          x,
          y,
          color: {
            field: 'sample',
            type: 'nominal',
            title: null,
            scale: { domain: [allName, matchedName], range: [musterPalette[1], musterPalette[0]] },
          },
          shape: {
            field: 'sample',
            type: 'nominal',
            title: null,
            scale: { domain: [allName, matchedName], range: ['circle', 'diamond'] },
          },
          tooltip: [
            { field: 'term', type: 'nominal', title: 'Term' },
            { field: 'sample', type: 'nominal', title: 'Sample' },
            { field: 'value', type: 'quantitative', title: TITLES[statistic][0], format: '.3~f' },
          ],
        },
      },
    ],
  });
}
