/**
 * The text of a marginal-effects result as marginaleffects 1.0 prints one
 * (`print.marginaleffects`, style "summary"): a table of Term, Contrast, the grid's named
 * variables, Estimate, Std. Error, z, Pr(>|z|), S and the interval, each numeric column by
 * `format(x, digits = 3)`, p-values by `format.pval(p, digits = 3, eps = 0.001)`, the s-value
 * -log2(p) by `sprintf("%.1f")`; then the `Term:` (one term), `Type:` and `Comparison:` (one
 * contrast) lines.
 */
import { formatPValues, formatR, pnorm } from '@muster/core';
import type { MarginalEffectsResult, PredictionGridResult } from './types.ts';

/** print.marginaleffects' defaults: digits, p_eps, topn, nrows. */
const DIGITS = 3;
const P_EPS = 0.001;
const TOP_N = 5;
const MAX_ROWS = 30;

interface Column {
  header: string;
  /** Cells already formatted. */
  cells: string[];
}

/** `format()` of a character vector: left-justified to the widest value. */
function leftJustified(values: readonly string[]): string[] {
  const width = Math.max(0, ...values.map((v) => v.length));
  return values.map((v) => v.padEnd(width));
}

/** `format(x, digits = 3)` of a column of numbers or of level names. */
function formatValues(values: readonly (number | string | null | undefined)[]): string[] {
  if (values.every((v) => typeof v === 'number' || v === null || v === undefined)) {
    return formatR(
      values.map((v) => (v === undefined ? null : (v as number | null))),
      DIGITS,
    );
  }
  return leftJustified(values.map((v) => (v === null || v === undefined ? 'NA' : String(v))));
}

/** The s-value -log2(p) as `sprintf("%.1f")`. */
function sValue(p: number | null): string {
  if (p === null || Number.isNaN(p)) return 'NA';
  const s = -Math.log2(p);
  return Number.isFinite(s) ? s.toFixed(1) : 'Inf';
}

/**
 * `print(data.frame, row.names = FALSE)`: every column right-aligned under its header after a
 * space; columns that would make a line of `width` characters or more go to the next block of
 * lines, as R wraps at `getOption("width")`.
 */
function printFrame(columns: readonly Column[], nRows: number, width: number): string[] {
  const widths = columns.map((c) => Math.max(c.header.length, ...c.cells.map((s) => s.length)));
  const blocks: number[][] = [];
  let lineWidth = Number.POSITIVE_INFINITY;
  columns.forEach((_, j) => {
    if (lineWidth + 1 + widths[j] >= width) {
      blocks.push([]);
      lineWidth = 0;
    }
    blocks[blocks.length - 1].push(j);
    lineWidth += 1 + widths[j];
  });
  const lines: string[] = [];
  for (const block of blocks) {
    const line = (cell: (j: number) => string) =>
      block.map((j) => ` ${cell(j).padStart(widths[j])}`).join('');
    lines.push(line((j) => columns[j].header));
    for (let i = 0; i < nRows; i++) lines.push(line((j) => columns[j].cells[i]));
  }
  return lines;
}

/** The interval's column names: `sprintf("%.1f %%", alpha / 2)`, alpha in percent. */
function intervalHeaders(confLevel: number): [string, string] {
  const alpha = 100 * (1 - confLevel);
  return [`${(alpha / 2).toFixed(1)} %`, `${(100 - alpha / 2).toFixed(1)} %`];
}

/** The Pr(>|z|) and S (-log2 p) columns of marginaleffects' print. */
function testColumns(pValues: readonly (number | null)[]): Column[] {
  return [
    { header: 'Pr(>|z|)', cells: formatPValues(pValues, DIGITS, P_EPS) },
    { header: 'S', cells: pValues.map(sValue) },
  ];
}

/** A column of numbers formatted together, as R's `format(x, digits = 3)`. */
function numberColumn(header: string, values: readonly (number | null)[]): Column {
  return { header, cells: formatR(values, DIGITS) };
}

/**
 * The lines marginaleffects 1.0 prints for `avg_slopes(fit)`, `slopes(fit, newdata = "mean")` or
 * `slopes(fit, newdata = datagrid(...))` (with contrasts as `avg_comparisons`): a blank line, the
 * table, a blank line, the footer lines and a closing blank line. More than 30 rows print the
 * first and last 5 around `--- N rows omitted. See ?print.marginaleffects ---`. Lines are
 * wrapped at `width` characters (R's `getOption("width")`, 80 by default).
 */
export function marginsLines(result: MarginalEffectsResult, width = 80): string[] {
  const all = result.effects;
  const rows = printedRows(all);
  const terms = new Set(all.map((r) => r.term));
  const contrasts = new Set(all.map((r) => r.contrast));
  const columns: Column[] = [];
  if (terms.size > 1)
    columns.push({ header: 'Term', cells: leftJustified(rows.map((r) => r.term)) });
  if (contrasts.size > 1) {
    columns.push({ header: 'Contrast', cells: leftJustified(rows.map((r) => r.contrast)) });
  }
  // Variables named in datagrid(): newdata = "mean" names none.
  if (result.estimand === 'values' && result.grid !== null) {
    const grid = result.grid;
    for (const name of grid.at) {
      const values = rows.map((r) =>
        r.gridRow === null ? null : grid.columns[name][r.gridRow - 1],
      );
      columns.push({ header: name, cells: formatValues(values) });
    }
  }
  const [lower, upper] = intervalHeaders(result.confLevel);
  const pValues = rows.map((r) => r.pValue);
  columns.push(
    numberColumn(
      'Estimate',
      rows.map((r) => r.estimate),
    ),
    numberColumn(
      'Std. Error',
      rows.map((r) => r.stdError),
    ),
    numberColumn(
      'z',
      rows.map((r) => r.statistic),
    ),
    ...testColumns(pValues),
    numberColumn(
      lower,
      rows.map((r) => r.lower),
    ),
    numberColumn(
      upper,
      rows.map((r) => r.upper),
    ),
  );
  const footer: string[] = [];
  if (terms.size === 1) footer.push(`Term: ${all[0].term}`);
  footer.push(`Type: ${result.scale}`);
  if (contrasts.size === 1) footer.push(`Comparison: ${all[0].contrast}`);
  return frameLines(columns, rows.length, all.length, width, footer);
}

/**
 * The lines marginaleffects 1.0 prints for `predictions(fit, newdata = datagrid(...))` of a glm
 * (its default `type = "invlink(link)"`): the grid's named variables, Estimate, Pr(>|z|) and S of
 * the link-scale test of eta = 0, and the interval, without the standard error and z that
 * marginaleffects drops when it back-transforms; then `Type: invlink(link)`.
 */
export function predictionLines(result: PredictionGridResult, width = 80): string[] {
  const all = result.predictions;
  const rows = printedRows(all);
  const columns: Column[] = result.grid.at.map((name) => ({
    header: name,
    cells: formatValues(rows.map((r) => r.at[name])),
  }));
  const pValues = rows.map((r) =>
    r.linkStdError > 0 ? 2 * pnorm(-Math.abs(r.linkEstimate / r.linkStdError)) : null,
  );
  const [lower, upper] = intervalHeaders(result.confLevel);
  columns.push(
    numberColumn(
      'Estimate',
      rows.map((r) => r.estimate),
    ),
    ...testColumns(pValues),
    numberColumn(
      lower,
      rows.map((r) => r.lower),
    ),
    numberColumn(
      upper,
      rows.map((r) => r.upper),
    ),
  );
  return frameLines(columns, rows.length, all.length, width, ['Type: invlink(link)']);
}

/** The rows printed: all of them, or the first and last 5 of more than 30. */
function printedRows<T>(all: readonly T[]): T[] {
  return all.length > MAX_ROWS ? [...all.slice(0, TOP_N), ...all.slice(-TOP_N)] : [...all];
}

/** A blank line, the table (split around the omitted rows), a blank line unless split, the footer and a blank line. */
function frameLines(
  columns: readonly Column[],
  nRows: number,
  nAll: number,
  width: number,
  footer: readonly string[],
): string[] {
  const table = printFrame(columns, nRows, width);
  const lines = [''];
  if (nAll > MAX_ROWS) {
    lines.push(
      ...table.slice(0, TOP_N + 1),
      `--- ${nAll - 2 * TOP_N} rows omitted. See ?print.marginaleffects ---`,
      ...table.slice(TOP_N + 1),
    );
  } else {
    lines.push(...table, '');
  }
  lines.push(...footer, '');
  return lines;
}

/** The covariance fields a margins result shares with its fit. */
export interface CovarianceFields {
  vcovType: string;
  cluster?: string | null;
  clusterType?: 'HC1' | 'HC0' | null;
  nClusters?: number | null;
  nClustersByDimension?: number[] | null;
}

/** The covariance as a phrase: `cluster-robust CR1 by war (160 clusters)`. */
export function covarianceLabel(fit: CovarianceFields): string {
  if (fit.vcovType === 'classical') return 'classical';
  if (fit.vcovType === 'cluster') {
    const kind = fit.clusterType === 'HC0' ? 'CR0 (G/(G-1), as Stata)' : 'CR1';
    const counts = fit.nClustersByDimension ?? (fit.nClusters == null ? [] : [fit.nClusters]);
    const clusters = counts.length === 0 ? '' : ` (${counts.join(' x ')} clusters)`;
    return `cluster-robust ${kind} by ${fit.cluster}${clusters}`;
  }
  return /^HC\d$/.test(fit.vcovType)
    ? `heteroskedasticity-consistent ${fit.vcovType}`
    : fit.vcovType;
}

/** Where the effects are evaluated: the model's rows, the means and modes, or the named values. */
function wherePhrase(result: MarginalEffectsResult): string {
  const grid = result.grid;
  if (result.estimand === 'average' || grid === null) {
    return `Average marginal effects over the model's ${result.nobs} rows`;
  }
  const value = (name: string, v: number | string) =>
    `${name} = ${typeof v === 'number' ? formatR([v], 4)[0] : v}`;
  if (result.estimand === 'means') {
    const at = Object.keys(grid.columns).map((name) => value(name, grid.columns[name][0]));
    return `Marginal effects at the means and modes (${at.join(', ')})`;
  }
  return `Marginal effects at representative values (${gridValues(grid)}; other predictors at their means and modes)`;
}

/** `inequality = 0, 0.5, 1; regime = autocracy` from a grid's named variables. */
function gridValues(grid: { at: string[]; columns: Record<string, (number | string)[]> }): string {
  return grid.at
    .map((name) => {
      const distinct = [...new Set(grid.columns[name])];
      return `${name} = ${distinct.map((v) => (typeof v === 'number' ? formatR([v], 4)[0] : v)).join(', ')}`;
    })
    .join('; ');
}

/**
 * The line Muster puts above the predictions on request: the grid, the model, the covariance and
 * how the interval is formed.
 */
export function predictionHeader(result: PredictionGridResult): string {
  return `Predictions at representative values (${gridValues(result.grid)}; other predictors at their means and modes) of glm(${result.formula}, ${result.family}(link = "${result.link}")); standard errors of the linear predictor from the ${covarianceLabel(result)} covariance, intervals transformed by the inverse link`;
}

/**
 * The line Muster puts above marginaleffects' table on request: where the effects are evaluated,
 * the model, and the covariance behind the delta-method standard errors.
 */
export function marginsHeader(result: MarginalEffectsResult): string {
  return `${wherePhrase(result)} of glm(${result.formula}, ${result.family}(link = "${result.link}")); delta-method standard errors from the ${covarianceLabel(result)} covariance`;
}
