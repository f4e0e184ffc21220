/**
 * MatchIt 4.5.1's print(summary(m)) (print.summary.matchit and its subclass version): the balance
 * tables and sample sizes through MatchIt's `round_df_char` and R's `print()` of a character
 * matrix (right-aligned, wrapped at R's width of 80).
 */
import { printMatrix } from '@muster/core';
import { formatFormula } from '@muster/formula';
import type { BalanceRow, MatchResult, SampleSizes } from '../types.ts';

/** R's getOption("width"). */
const WIDTH = 80;

/** print.summary.matchit's digits: max(3, getOption("digits") - 3). */
const DIGITS = 4;

/** R's round(x, digits) for printing (no negative zero). */
function round(v: number, decimals: number): number {
  const scale = 10 ** decimals;
  const r = (Math.sign(v) * Math.round(Math.abs(v) * scale)) / scale;
  return r === 0 ? 0 : r;
}

/** Decimals R's format() (7 significant digits, fixed notation) needs to show `v`. */
function decimalsNeeded(v: number): number {
  if (v === 0) return 0;
  const [mantissa, exponent] = Math.abs(v).toExponential(6).split('e');
  const significant = Math.max(1, mantissa!.replace('.', '').replace(/0+$/, '').length);
  return Math.max(0, significant - Number(exponent) - 1);
}

/**
 * One column through MatchIt's `round_df_char(df, digits, pad, na_vals)`: rounded, formatted
 * together in fixed notation (one number of decimals); with `pad = " "` trailing zeros dropped and
 * the decimals padded with spaces (`126.  `); negative values rounded to zero keep their sign
 * (`-0.0000`) unless they are floating-point noise (above -1e-12: a difference that is 0 in exact
 * arithmetic, which MatchIt shows as 0.0000 or -0.0000 as its rounding errors fall); NA as `na`,
 * infinite values as `N/A`.
 */
export function roundColumn(
  values: readonly (number | null)[],
  digits: number,
  pad: '0' | ' ',
  na = '.',
): string[] {
  const rounded = values.map((v) => (v === null || !Number.isFinite(v) ? v : round(v, digits)));
  const finite = rounded.filter((v): v is number => v !== null && Number.isFinite(v));
  const decimals = Math.max(0, ...finite.map(decimalsNeeded));
  let text = rounded.map((v) => (v === null || !Number.isFinite(v) ? '' : v.toFixed(decimals)));
  if (pad === ' ') {
    text = text.map((t) => (t.includes('.') ? t.replace(/0+$/, '').replace(/\.$/, '') : t));
    if (text.some((t) => t.includes('.'))) {
      const right = text.map((t) => (t.includes('.') ? t.length - t.indexOf('.') - 1 : 0));
      const most = Math.max(...right);
      text = text.map((t, i) => `${t}${t.includes('.') ? '' : '.'}${' '.repeat(most - right[i]!)}`);
    }
  }
  return values.map((v, i) => {
    if (v === null || Number.isNaN(v)) return na;
    if (!Number.isFinite(v)) return 'N/A';
    return v < -1e-12 && rounded[i] === 0 ? `-${text[i]}` : text[i]!;
  });
}

/**
 * `print(m, right = TRUE, quote = FALSE)` of a character matrix (core's printMatrix): row names
 * left-aligned, headers and cells right-aligned, in blocks of columns that fit R's width of 80.
 */
export function printRightMatrix(
  header: readonly string[],
  rowNames: readonly string[],
  cells: readonly (readonly string[])[],
): string[] {
  return printMatrix(
    header,
    rowNames.map((name, i) => [name, ...cells[i]!]),
    { width: WIDTH },
  );
}

const BALANCE_HEADER = [
  'Means Treated',
  'Means Control',
  'Std. Mean Diff.',
  'Var. Ratio',
  'eCDF Mean',
  'eCDF Max',
  'Std. Pair Dist.',
];

/** A balance table, its columns rounded to 4 decimals; the pair distance only when asked and present. */
function balanceLines(rows: readonly BalanceRow[], pairDistance: boolean): string[] {
  const columns = [
    rows.map((r) => r.meansTreated),
    rows.map((r) => r.meansControl),
    rows.map((r) => r.stdMeanDiff),
    rows.map((r) => r.varRatio),
    rows.map((r) => r.ecdfMean),
    rows.map((r) => r.ecdfMax),
    rows.map((r) => r.stdPairDist),
  ];
  const keep = pairDistance && columns[6]!.some((v) => v !== null) ? 7 : 6;
  const formatted = columns.slice(0, keep).map((c) => roundColumn(c, DIGITS, '0'));
  return printRightMatrix(
    BALANCE_HEADER.slice(0, keep),
    rows.map((r) => r.term),
    rows.map((_, i) => formatted.map((c) => c[i]!)),
  );
}

/** R's all.equal on two numeric vectors: mean relative difference below 1.5e-8. */
function allEqual(a: readonly number[], b: readonly number[]): boolean {
  const scale = b.reduce((s, v) => s + Math.abs(v), 0);
  const diff = a.reduce((s, v, i) => s + Math.abs(v - b[i]!), 0);
  return scale > 0 ? diff / scale < 1.5e-8 : diff < 1.5e-8;
}

/** The sample sizes, the effective-size rows left out where they equal the counts. */
function sampleSizeLines(sizes: SampleSizes): string[] {
  const pair = (g: { control: number; treated: number }) => [g.control, g.treated];
  const rows: [string, number[]][] = [];
  if (!allEqual(pair(sizes.allEss), pair(sizes.all))) rows.push(['All (ESS)', pair(sizes.allEss)]);
  rows.push(['All', pair(sizes.all)]);
  if (!allEqual(pair(sizes.matchedEss), pair(sizes.matched))) {
    rows.push(['Matched (ESS)', pair(sizes.matchedEss)]);
  }
  rows.push(
    ['Matched', pair(sizes.matched)],
    ['Unmatched', pair(sizes.unmatched)],
    ['Discarded', pair(sizes.discarded)],
  );
  const control = roundColumn(
    rows.map(([, v]) => v[0]!),
    2,
    ' ',
  );
  const treated = roundColumn(
    rows.map(([, v]) => v[1]!),
    2,
    ' ',
  );
  return printRightMatrix(
    ['Control', 'Treated'],
    rows.map(([name]) => name),
    rows.map((_, i) => [control[i]!, treated[i]!]),
  );
}

/** The call as one line: the formula, the data's name, the method and a non-default estimand. */
function callLine(match: MatchResult, data: string): string {
  const estimand = match.estimand === 'ATT' ? '' : `, estimand = "${match.estimand}"`;
  return `matchit(formula = ${formatFormula(match.formula)}, data = ${data}, method = "${match.method}"${estimand})`;
}

/** print(summary(m)) of MatchIt 4.5.1, line by line. */
export function matchSummaryLines(match: MatchResult, data: string): string[] {
  const subclass = match.method === 'subclass';
  return [
    '',
    'Call:',
    callLine(match, data),
    '',
    'Summary of Balance for All Data:',
    ...balanceLines(match.balance.all, false),
    '',
    subclass ? 'Summary of Balance Across Subclasses' : 'Summary of Balance for Matched Data:',
    ...balanceLines(match.balance.matched, true),
    '',
    'Sample Sizes:',
    ...sampleSizeLines(match.balance.sizes),
    '',
  ];
}
