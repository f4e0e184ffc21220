/**
 * kaplanMeier on a SQL source: the engine reduces the rows to one row per distinct (group, start,
 * time, event) with the summed case weights and the row count (GROUP BY), and the product-limit
 * estimate runs on those few rows in memory with the sums as case weights. With integer case
 * weights (1 by default) every quantity of survfit's Kaplan-Meier (counts at risk, events,
 * censorings, S(t), Greenwood's variance, the cumulative hazard and its variance, medians,
 * quantiles, restricted means) depends on the data only through those sums, so the result equals
 * the in-memory one; the row counts restore `nobs` and each curve's `n`. Memory grows with the
 * number of distinct times, not rows. Non-integer weights, clusters and `robust` need each row's
 * influence and are refused.
 */
import { checkOptionKeys, DataError, InvalidArgumentError, type SqlSource } from '@muster/core';
import { sqlNumberValue, sqlQuoteIdentifier } from '@muster/formula';
import { toLevels } from '../internal/levels.ts';
import type { KaplanMeierOptions, KaplanMeierResult } from '../km/kaplan-meier.ts';

/** Options of {@link kaplanMeier} on a SQL source: the columns, then the in-memory options. */
export interface KaplanMeierSqlOptions
  extends Omit<
    KaplanMeierOptions,
    'start' | 'group' | 'weights' | 'cluster' | 'robust' | 'names' | 'startTime'
  > {
  /** Column of event or censoring times. */
  time: string;
  /** Column of event indicators: 0/1 or a boolean. */
  event: string;
  /** Column of entry times (counting-process data). */
  start?: string;
  /** Column whose levels give one curve each. */
  group?: string;
  /** Column of integer case weights (>= 0). */
  weights?: string;
}

const KM_SQL_OPTIONS = [
  'time',
  'event',
  'start',
  'group',
  'weights',
  'stype',
  'ctype',
  'confType',
  'confLevel',
  'times',
  'extend',
  'quantiles',
  'rmean',
] as const;

const CALLER = 'kaplanMeier';

function requireColumn(options: KaplanMeierSqlOptions, key: 'time' | 'event'): string {
  const value = options[key];
  if (typeof value !== 'string' || value === '') {
    throw new InvalidArgumentError(
      key,
      `${CALLER} on a SQL source requires the ${key} column name; received ${JSON.stringify(value)}`,
    );
  }
  return value;
}

/** The in-memory function, passed in to keep the module graph one-way. */
type InMemory = (
  time: ArrayLike<number>,
  event: ArrayLike<number>,
  options: KaplanMeierOptions,
) => KaplanMeierResult;

/** kaplanMeier(source, options): see the module comment. */
export async function kaplanMeierSql(
  source: SqlSource,
  options: KaplanMeierSqlOptions,
  inMemory: InMemory,
): Promise<KaplanMeierResult> {
  checkOptionKeys(CALLER, options, KM_SQL_OPTIONS);
  const time = sqlQuoteIdentifier(requireColumn(options, 'time'));
  const eventColumn = requireColumn(options, 'event');
  const event = sqlQuoteIdentifier(eventColumn);
  const start = options.start === undefined ? null : sqlQuoteIdentifier(options.start);
  const group = options.group === undefined ? null : sqlQuoteIdentifier(options.group);
  const weight = options.weights === undefined ? '1' : sqlQuoteIdentifier(options.weights);
  const present = [time, event, start, group, options.weights === undefined ? null : weight]
    .filter((c): c is string => c !== null)
    .map((c) => `${c} IS NOT NULL`);
  if (group !== null) present.push(`CAST(${group} AS VARCHAR) <> ''`);
  const where = present.join(' AND ');
  const keys = [group, start, time, event].filter((c): c is string => c !== null);
  const select = [
    group === null ? null : `${group} AS g`,
    start === null ? null : `CAST(${start} AS DOUBLE) AS s`,
    `CAST(${time} AS DOUBLE) AS t`,
    `${event} AS e`,
    `SUM(CAST(${weight} AS DOUBLE)) AS w`,
    'COUNT(*) AS n',
    `SUM(CASE WHEN CAST(${weight} AS DOUBLE) <> FLOOR(CAST(${weight} AS DOUBLE)) THEN 1 ELSE 0 END) AS fractional`,
  ].filter((c): c is string => c !== null);
  const [total] = await source.query(`SELECT COUNT(*) AS n FROM ${source.relation}`);
  const rows = await source.query(
    `SELECT ${select.join(', ')} FROM ${source.relation} WHERE ${where} GROUP BY ${keys.join(', ')}`,
  );
  if (rows.some((r) => sqlNumberValue(r.fractional) > 0)) {
    throw new DataError(
      `${CALLER} on a SQL source requires integer case weights (the robust variance of non-integer weights needs each row); column '${options.weights}' has non-integer values`,
      { column: options.weights },
    );
  }
  const eventValues = rows.map((r) =>
    typeof r.e === 'boolean' ? (r.e ? 1 : 0) : sqlNumberValue(r.e),
  );
  const bad = eventValues.find((e) => e !== 0 && e !== 1);
  if (bad !== undefined) {
    throw new DataError(
      `${CALLER} requires event codes 0/1 or true/false; column '${eventColumn}' has ${bad}`,
      { column: eventColumn },
    );
  }
  const { time: _t, event: _e, start: _s, group: _g, weights: _w, ...rest } = options;
  const fit = inMemory(
    rows.map((r) => sqlNumberValue(r.t)),
    eventValues,
    {
      ...rest,
      start: start === null ? null : rows.map((r) => sqlNumberValue(r.s)),
      group: group === null ? null : rows.map((r) => r.g as string | number | boolean),
      weights: rows.map((r) => sqlNumberValue(r.w)),
      robust: false,
      names: {
        time: options.time,
        event: options.event,
        start: options.start,
        group: options.group,
      },
    },
  );
  // The row counts behind the sums: rows used, overall and per curve (levels coded as in memory).
  const levels =
    group === null ? null : toLevels(rows.map((r) => r.g as string | number | boolean));
  const counts = new Map<string, number>();
  let used = 0;
  rows.forEach((r, i) => {
    const n = sqlNumberValue(r.n);
    used += n;
    const key = levels === null ? 'all' : levels.labels[levels.codes[i]];
    counts.set(key, (counts.get(key) ?? 0) + n);
  });
  return {
    ...fit,
    nobs: used,
    nDropped: sqlNumberValue(total.n) - used,
    strata: fit.strata.map((s) => ({ ...s, n: counts.get(s.group) ?? s.n })),
  };
}
