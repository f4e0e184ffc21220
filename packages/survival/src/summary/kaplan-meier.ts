/** print(survfit) for Kaplan-Meier curves. */
import { formatR, printMatrix } from '@muster/core';
import type { KaplanMeierResult, KaplanMeierStratum } from '../km/kaplan-meier.ts';
import { rLevel } from './r-text.ts';

/** print.survfit sets options(digits = max(getOption("digits") - 4, 3)) while printing. */
const DIGITS = 3;

/** The header Muster adds on request: estimator, variance, interval. */
export function kaplanMeierHeader(km: KaplanMeierResult): string {
  const method = km.method === 'kaplan-meier' ? 'Kaplan-Meier' : 'exp(-cumulative hazard)';
  const variance =
    km.variance === 'robust'
      ? `robust standard errors (${km.nClusters} clusters)`
      : 'Greenwood standard errors';
  const data = km.type === 'counting' ? 'counting-process data, ' : '';
  const interval =
    km.confType === 'none' ? 'no intervals' : `${km.confType} ${km.confLevel * 100}% intervals`;
  return `${method} estimate (${data}${variance}, ${interval})`;
}

/** One survmean row: records, n.max, n.start, events, rmean, se(rmean), median and its limits. */
function survmeanRow(stratum: KaplanMeierStratum): (number | null)[] {
  const risk = stratum.table.map((row) => row.nRisk);
  return [
    stratum.n,
    risk.length > 0 ? Math.max(...risk) : 0,
    risk.length > 0 ? risk[0] : 0,
    stratum.events,
    stratum.rmean?.estimate ?? null,
    stratum.rmean?.stdError ?? null,
    stratum.median,
    stratum.medianLower,
    stratum.medianUpper,
  ];
}

/**
 * The columns print.survfit keeps: n.max and n.start become `n` when equal, records go when
 * equal to n; rmean only when computed; the limits only with intervals.
 */
function keptColumns(km: KaplanMeierResult, rows: (number | null)[][]): [string, number][] {
  const level = String(km.confLevel);
  let columns: [string, number][] = [
    ['records', 0],
    ['n.max', 1],
    ['n.start', 2],
    ['events', 3],
    ['rmean*', 4],
    ['se(rmean)', 5],
    ['median', 6],
    [`${level}LCL`, 7],
    [`${level}UCL`, 8],
  ];
  const same = (a: number, b: number) => rows.every((row) => row[a] === row[b]);
  // As print.survfit: drop n.max when it equals n.start (then called n), then the records when
  // they equal the column now second.
  const renamed = same(1, 2);
  if (renamed) {
    columns = columns.filter(([, j]) => j !== 1).map(([name, j]) => [j === 2 ? 'n' : name, j]);
  }
  if (same(0, renamed ? 2 : 1)) columns = columns.filter(([, j]) => j !== 0);
  const withMean = km.strata.some((stratum) => stratum.rmean !== undefined);
  if (!withMean) columns = columns.filter(([, j]) => j !== 4 && j !== 5);
  if (km.confType === 'none') columns = columns.filter(([, j]) => j !== 7 && j !== 8);
  return columns;
}

/** The restricted mean's footnote: one upper limit for all curves, or each its own. */
function meanFootnote(km: KaplanMeierResult): string[] {
  const horizons = km.strata.flatMap((stratum) => (stratum.rmean ? [stratum.rmean.horizon] : []));
  if (horizons.length === 0) return [];
  return horizons.every((h) => h === horizons[0])
    ? [`    * restricted mean with upper limit =  ${formatR([horizons[0]], DIGITS)[0]} `]
    : ['   * restricted mean with variable upper limit'];
}

/**
 * The lines of print(survfit(...)); `formula` is the survfit formula the call shows, whose right
 * side names the curves (`sex=1`); `header` puts {@link kaplanMeierHeader} first.
 */
export function kaplanMeierLines(
  km: KaplanMeierResult,
  data: string,
  formula: string,
  header: boolean,
): string[] {
  const rows = km.strata.map(survmeanRow);
  const columns = keptColumns(km, rows);
  const formatted = columns.map(([, j]) =>
    formatR(
      rows.map((row) => row[j]),
      DIGITS,
    ),
  );
  const term = formula.slice(formula.indexOf('~') + 1).trim();
  const single = km.strata.length === 1 && (term === '1' || term === '');
  const names = km.strata.map((stratum) => (single ? '[1,]' : `${term}=${rLevel(stratum.group)}`));
  const nDropped = km.nDropped;
  return [
    ...(header ? [kaplanMeierHeader(km)] : []),
    `Call: survfit(formula = ${formula}, data = ${data}${km.confType === 'log' ? '' : `, conf.type = "${km.confType}"`}${km.confLevel === 0.95 ? '' : `, conf.int = ${km.confLevel}`})`,
    '',
    ...(nDropped > 0
      ? [`   ${nDropped} observation${nDropped === 1 ? '' : 's'} deleted due to missingness `]
      : []),
    ...printMatrix(
      columns.map(([name]) => name),
      names.map((name, i) => [name, ...formatted.map((column) => column[i])]),
    ),
    ...meanFootnote(km),
  ];
}
