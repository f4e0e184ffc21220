import type { TableDisplay } from '../types.ts';
import { formatNumber, formatPValue } from './format.ts';

type Row = Record<string, unknown>;

const num = (value: unknown): number | null =>
  typeof value === 'number' && !Number.isNaN(value) ? value : null;
const isRow = (value: unknown): value is Row =>
  value !== null && typeof value === 'object' && !Array.isArray(value);
const rowsOf = (value: unknown): Row[] => (Array.isArray(value) ? value.filter(isRow) : []);

/** A table whose first `textColumns` columns are text (left) and the rest numbers (right). */
export function table(
  caption: string | null,
  columns: string[],
  rows: string[][],
  note: string | null = null,
  textColumns = 1,
): TableDisplay {
  return {
    kind: 'table',
    caption,
    columns,
    align: columns.map((_, index) => (index < textColumns ? 'left' : 'right')),
    rows,
    nrow: rows.length,
    ncol: columns.length,
    note,
  };
}

const level = (result: Row) => `${formatNumber((num(result.confLevel) ?? 0.95) * 100, 4)}%`;
const f = (value: unknown, digits = 4) => formatNumber(num(value), digits);

/** A Kaplan-Meier result (`kaplanMeier`). */
export function isKaplanMeier(value: unknown): value is Row {
  return isRow(value) && value.kind === 'kaplan-meier';
}

/**
 * Kaplan-Meier as R prints it: per group n, events, the median with its interval (print.survfit),
 * the restricted mean when computed, then survival at the chosen times (summary.survfit).
 */
export function displayKaplanMeier(result: Row): TableDisplay[] {
  const strata = rowsOf(result.strata);
  const withMean = strata.some((stratum) => isRow(stratum.rmean));
  const columns = [
    'Group',
    'n',
    'Events',
    'Median',
    `${level(result)} lower`,
    `${level(result)} upper`,
  ];
  if (withMean) columns.push('RMST', 'SE (RMST)', 'Horizon');
  const rows = strata.map((stratum) => {
    const cells = [
      String(stratum.group),
      f(stratum.n, 7),
      f(stratum.events, 7),
      f(stratum.median),
      f(stratum.medianLower),
      f(stratum.medianUpper),
    ];
    if (withMean) {
      const rmean = isRow(stratum.rmean) ? stratum.rmean : {};
      cells.push(f(rmean.estimate), f(rmean.stdError), f(rmean.horizon, 6));
    }
    return cells;
  });
  const method = result.method === 'kaplan-meier' ? 'Kaplan-Meier' : 'exp(-cumulative hazard)';
  const variance =
    result.variance === 'robust' ? 'robust (clustered) variance' : 'Greenwood variance';
  const out = [
    table(
      `${method} survival: ${variance}, ${String(result.confType ?? 'log')} intervals`,
      columns,
      rows,
      result.nDropped ? `${f(result.nDropped, 7)} rows dropped for missing values` : null,
    ),
  ];
  const at = strata.flatMap((stratum) =>
    rowsOf(stratum.survivalAt).map((row) => [
      String(stratum.group),
      f(row.time, 6),
      f(row.nRisk, 7),
      f(row.nEvent, 7),
      f(row.surv),
      f(row.stdErr),
      f(row.lower),
      f(row.upper),
    ]),
  );
  if (at.length > 0) {
    out.push(
      table(
        'Survival at chosen times',
        ['Group', 'Time', 'At risk', 'Events', 'Survival', 'Std. error', 'Lower', 'Upper'],
        at,
      ),
    );
  }
  return out;
}

/** A log-rank (G-rho) test (`logRank`). */
export function isLogRank(value: unknown): value is Row {
  return isRow(value) && value.kind === 'log-rank';
}

/** survdiff's table: N, Observed, Expected, (O-E)^2/E, (O-E)^2/V; the test in the note. */
export function displayLogRank(result: Row): TableDisplay {
  const groups = rowsOf(result.groups);
  const variance = Array.isArray(result.variance) ? (result.variance as number[][]) : [];
  const rows = groups.map((group, index) => {
    const observed = num(group.observed) ?? Number.NaN;
    const expected = num(group.expected) ?? Number.NaN;
    const v = variance[index]?.[index];
    return [
      String(group.group),
      f(group.n, 7),
      f(observed, 6),
      f(expected, 6),
      f((observed - expected) ** 2 / expected, 4),
      v === undefined ? 'NA' : f((observed - expected) ** 2 / v, 4),
    ];
  });
  const name =
    result.method === 'peto-peto'
      ? 'Peto-Peto test'
      : result.method === 'G-rho'
        ? `G-rho test (rho = ${f(result.rho)})`
        : 'Log-rank test';
  return table(
    `${name}${typeof result.formula === 'string' ? `: ${result.formula}` : ''}`,
    ['Group', 'N', 'Observed', 'Expected', '(O-E)^2/E', '(O-E)^2/V'],
    rows,
    `Chisq = ${formatNumber(num(result.chisq), 4)} on ${f(result.df, 4)} degrees of freedom, p = ${formatPValue(num(result.pValue))}`,
  );
}

/** Gray's test (`grayTest`). */
export function isGrayTest(value: unknown): value is Row {
  return isRow(value) && value.kind === 'gray-test';
}

function grayTable(tests: Row[]): TableDisplay {
  return table(
    "Gray's test: equality of cumulative incidence across groups",
    ['Cause', 'Statistic', 'df', 'p-value'],
    tests.map((row) => [
      String(row.cause),
      f(row.statistic),
      f(row.df, 4),
      formatPValue(num(row.pValue)),
    ]),
  );
}

export function displayGrayTest(result: Row): TableDisplay {
  return grayTable(rowsOf(result.tests));
}

/** A cumulative incidence result (`cumulativeIncidence`): Aalen-Johansen curves per cause. */
export function isCumulativeIncidence(value: unknown): value is Row {
  return isRow(value) && value.kind === 'cumulative-incidence';
}

/** Per group and cause: events and the cumulative incidence at the end of follow-up. */
export function displayCumulativeIncidence(result: Row): TableDisplay[] {
  const causes = rowsOf(result.causes).map((cause) => String(cause.name ?? cause.code));
  const rows: string[][] = [];
  for (const stratum of rowsOf(result.strata)) {
    const table = rowsOf(stratum.table);
    const last = table[table.length - 1] ?? {};
    for (const cause of causes) {
      const events = table.reduce((sum, row) => sum + (num((row.nEvent as Row)?.[cause]) ?? 0), 0);
      rows.push([
        stratum.group === null ? 'all' : String(stratum.group),
        cause,
        f(events, 7),
        f(last.time, 6),
        f((last.cif as Row)?.[cause]),
        f((last.stdErr as Row)?.[cause]),
        f((last.lower as Row)?.[cause]),
        f((last.upper as Row)?.[cause]),
      ]);
    }
  }
  const out = [
    table(
      `Cumulative incidence (Aalen-Johansen), ${level(result)} ${String(result.confType ?? '')} intervals`,
      ['Group', 'Cause', 'Events', 'Last time', 'Incidence', 'Std. error', 'Lower', 'Upper'],
      rows,
      null,
      2,
    ),
  ];
  const gray = rowsOf(result.grayTest);
  if (gray.length > 0) out.push(grayTable(gray));
  return out;
}
