/** print(survdiff) for log-rank (G-rho) tests. */
import { formatPValues, formatR, printMatrix } from '@muster/core';
import type { LogRankResult } from '../log-rank.ts';
import { rLevel, round } from './r-text.ts';

/** print.survdiff sets options(digits = max(getOption("digits") - 4, 3)) while printing. */
const DIGITS = 3;

/** The header Muster adds on request: the weights and the strata. */
export function logRankHeader(test: LogRankResult): string {
  const name =
    test.method === 'log-rank'
      ? 'Log-rank test'
      : test.method === 'peto-peto'
        ? 'Peto-Peto test (rho = 1)'
        : `G-rho test (rho = ${test.rho})`;
  return `${name}${test.strata ? `, stratified by ${test.strata.length} strata` : ''}`;
}

/**
 * survdiff's row names: `sex=1` for one grouping term (the result keeps the level), the
 * result's `a=1, b=x` for several.
 */
function groupNames(test: LogRankResult): string[] {
  const rhs = test.formula.slice(test.formula.indexOf('~') + 1);
  const terms = splitTerms(rhs).filter((term) => !/^strata\s*\(/.test(term));
  if (terms.length !== 1) return test.groups.map((g) => rLevel(g.group));
  return test.groups.map((g) => `${terms[0]}=${rLevel(g.group)}`);
}

/** The `+`-separated terms of a right-hand side, outside parentheses, trimmed. */
function splitTerms(rhs: string): string[] {
  const terms: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of rhs) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === '+' && depth === 0) {
      terms.push(current.trim());
      current = '';
    } else current += ch;
  }
  terms.push(current.trim());
  return terms.filter((term) => term !== '');
}

/** The lines of print(survdiff(...)); `header` puts {@link logRankHeader} first. */
export function logRankLines(test: LogRankResult, data: string, header: boolean): string[] {
  const { groups, variance, nDropped } = test;
  const n = groups.reduce((sum, g) => sum + g.n, 0);
  const columns = [
    groups.map((g) => g.n),
    groups.map((g) => g.observed),
    groups.map((g) => g.expected),
    groups.map((g) => (g.observed - g.expected) ** 2 / g.expected),
    groups.map((g, i) => (g.observed - g.expected) ** 2 / variance[i][i]),
  ].map((column) => formatR(column, DIGITS));
  const names = groupNames(test);
  const p = test.pValue === null ? 'NA' : formatPValues([test.pValue], DIGITS - 2)[0];
  return [
    ...(header ? [logRankHeader(test)] : []),
    'Call:',
    `survdiff(formula = ${test.formula}, data = ${data}${test.rho !== 0 ? `, rho = ${test.rho}` : ''})`,
    '',
    ...(nDropped > 0
      ? [
          `n=${n}, ${nDropped} observation${nDropped === 1 ? '' : 's'} deleted due to missingness.`,
          '',
        ]
      : []),
    ...printMatrix(
      ['N', 'Observed', 'Expected', '(O-E)^2/E', '(O-E)^2/V'],
      names.map((name, i) => [name, ...columns.map((column) => column[i])]),
    ),
    '',
    ` Chisq= ${formatR([round(test.chisq, 1)], DIGITS)[0]}  on ${test.df} degrees of freedom, p= ${p} `,
  ];
}
