/** The numbers of a table laid out as formatted rows, and the notes that explain them. */
import type {
  GofStatistic,
  TableCoefficient,
  TableDigits,
  TableGof,
  TableRow,
  TableTerm,
  UncertaintyStatistic,
} from '../types.ts';
import { formatFixed, formatPValue, formatSignificant, starsOf } from './format-number.ts';

/** Digits with their defaults filled in. */
export type Digits = Required<TableDigits>;

export const DEFAULT_DIGITS: Digits = {
  estimate: 3,
  stdError: 3,
  statistic: 3,
  pValue: 3,
  likelihood: 1,
  r2: 3,
};

/** The line beneath an estimate. */
function uncertaintyCell(
  value: TableCoefficient,
  uncertainty: UncertaintyStatistic,
  digits: Digits,
): string {
  const wrap = (text: string) => (text === '' ? '' : `(${text})`);
  switch (uncertainty) {
    case 'stdError':
      return wrap(formatSignificant(value.stdError, digits.stdError));
    case 'statistic':
      return wrap(formatSignificant(value.statistic, digits.statistic));
    case 'pValue':
      return wrap(formatPValue(value.pValue, digits.pValue));
    case 'confInt':
      return value.lower === null || value.upper === null
        ? ''
        : `[${formatSignificant(value.lower, digits.estimate)}, ${formatSignificant(value.upper, digits.estimate)}]`;
    case 'none':
      return '';
  }
}

/** Two rows per term (estimate, then the line beneath), one when nothing goes beneath. */
export function termRows(
  terms: TableTerm[],
  uncertainty: UncertaintyStatistic,
  stars: [string, number][] | null,
  digits: Digits,
): TableRow[] {
  const rows: TableRow[] = [];
  for (const term of terms) {
    rows.push({
      section: 'estimate',
      label: term.label,
      cells: term.values.map((value) => {
        if (value === null) return '';
        if (value.estimate === null) return 'NA';
        return `${formatSignificant(value.estimate, digits.estimate)}${starsOf(value.pValue, stars)}`;
      }),
    });
    if (uncertainty !== 'none')
      rows.push({
        section: 'uncertainty',
        label: '',
        cells: term.values.map((value) =>
          value === null ? '' : uncertaintyCell(value, uncertainty, digits),
        ),
      });
  }
  return rows;
}

const COUNTS: GofStatistic[] = ['nobs', 'nEvents', 'nClusters'];
const R2: GofStatistic[] = ['r2McFadden', 'r2Tjur'];

/** Goodness-of-fit rows: counts as integers, likelihoods and R² to fixed decimals. */
export function gofRows(gof: TableGof[], digits: Digits): TableRow[] {
  return gof.map((row) => {
    const decimals = COUNTS.includes(row.statistic)
      ? 0
      : R2.includes(row.statistic)
        ? digits.r2
        : digits.likelihood;
    return {
      section: 'gof',
      label: row.label,
      cells: row.values.map((value) => formatFixed(value, decimals)),
    };
  });
}

/** `95%` from 0.95. */
const percent = (level: number) => `${Number((level * 100).toPrecision(6))}%`;

/** What the line beneath each estimate is. */
export function uncertaintyNote(
  uncertainty: UncertaintyStatistic,
  levels: number[],
): string | null {
  switch (uncertainty) {
    case 'stdError':
      return 'Standard errors in parentheses';
    case 'statistic':
      return 'z or t statistics in parentheses';
    case 'pValue':
      return 'p-values in parentheses';
    case 'confInt': {
      const distinct = [...new Set(levels)];
      return distinct.length === 1
        ? `${percent(distinct[0])} confidence intervals in brackets`
        : `Confidence intervals in brackets (levels ${levels.map(percent).join(', ')} by model)`;
    }
    case 'none':
      return null;
  }
}

/** The stars legend: `* p < 0.05, ** p < 0.01, *** p < 0.001`. */
export function starsNote(stars: [string, number][] | null): string | null {
  if (stars === null) return null;
  return stars.map(([symbol, threshold]) => `${symbol} p < ${threshold}`).join(', ');
}

/** Which models show exponentiated coefficients and how their numbers were derived. */
export function exponentiateNote(flags: boolean[], names: string[]): string | null {
  if (!flags.some(Boolean)) return null;
  const which = flags.every(Boolean)
    ? 'Exponentiated coefficients'
    : `Exponentiated coefficients in ${names.filter((_, i) => flags[i]).join(', ')}`;
  return `${which} (odds, hazard, rate or time ratios): delta-method standard errors exp(b) × SE(b), intervals exp of the limits, p-values test b = 0`;
}
