/** cmprsk's print(summary(crr)) for Fine-Gray fits. */
import { formatR, pnorm, printMatrix } from '@muster/core';
import type { FineGrayResult } from '../competing/fit-fine-gray.ts';
import { convergence, round, signif } from './r-text.ts';

/** print.summary.crr sets options(digits = max(getOption("digits") - 4, 3)) while printing. */
const DIGITS = 3;

/** The header Muster adds on request: the cause, the censoring code, convergence. */
export function fineGrayHeader(fit: FineGrayResult): string {
  return `Fine-Gray competing-risks regression (cmprsk::crr) for cause ${fit.cause}, censoring code ${fit.censorCode}: ${convergence(fit)}`;
}

/** A numeric matrix as print() shows it at `digits`: each column formatted on its own. */
function printColumns(header: readonly string[], terms: readonly string[], columns: number[][]) {
  const formatted = columns.map((column) => formatR(column, DIGITS));
  return printMatrix(
    header,
    terms.map((term, i) => [term, ...formatted.map((column) => column[i])]),
  );
}

function coefficientLines(fit: FineGrayResult): string[] {
  const rows = fit.coefficients;
  // summary.crr: signif(2 * (1 - pnorm(abs(beta) / se)), 2), 0 once pnorm rounds to 1.
  const p = rows.map((c) => signif(2 * (1 - pnorm(Math.abs(c.estimate) / c.stdError)), 2));
  return printColumns(
    ['coef', 'exp(coef)', 'se(coef)', 'z', 'p-value'],
    rows.map((c) => c.term),
    [
      rows.map((c) => c.estimate),
      rows.map((c) => Math.exp(c.estimate)),
      rows.map((c) => c.stdError),
      rows.map((c) => c.estimate / c.stdError),
      p,
    ],
  );
}

function hazardRatioLines(fit: FineGrayResult): string[] {
  const rows = fit.coefficients;
  const a = (1 - fit.confLevel) / 2;
  const [lower, upper] = formatR([100 * a, 100 * (1 - a)], DIGITS);
  return printColumns(
    ['exp(coef)', 'exp(-coef)', `${lower}%`, `${upper}%`],
    rows.map((c) => c.term),
    [
      rows.map((c) => Math.exp(c.estimate)),
      rows.map((c) => Math.exp(-c.estimate)),
      rows.map((c) => c.hazardRatioLower),
      rows.map((c) => c.hazardRatioUpper),
    ],
  );
}

/**
 * The lines of print(summary(crr)); `header` puts {@link fineGrayHeader} first. As crr, a fit
 * that did not converge prints `crr converged: FALSE` instead of its estimates.
 */
export function fineGrayLines(fit: FineGrayResult, header: boolean): string[] {
  const lines = [
    ...(header ? [fineGrayHeader(fit)] : []),
    'Competing Risks Regression',
    '',
    'Call:',
    `crr(ftime = ${fit.time}, fstatus = ${fit.event}, cov1 = ${fit.formula.replace(/^.*~\s*/, '')}${fit.cengroup ? `, cengroup = ${fit.cengroup.column}` : ''}, failcode = ${fit.cause}, cencode = ${fit.censorCode})`,
    '',
  ];
  if (!fit.converged) return [...lines, 'crr converged: FALSE '];
  const test = 2 * (fit.logLik - fit.logLikNull);
  return [
    ...lines,
    ...coefficientLines(fit),
    '',
    ...hazardRatioLines(fit),
    '',
    `Num. cases = ${fit.nobs}${fit.nDropped > 0 ? ` (${fit.nDropped} cases omitted due to missing values)` : ''}`,
    `Pseudo Log-likelihood = ${formatR([fit.logLik], DIGITS)[0]} `,
    `Pseudo likelihood ratio test = ${formatR([round(test, 2)], DIGITS)[0]}  on ${fit.df} df,`,
  ];
}
