/**
 * The sections of lme4's print(summary(glmer)) (lme4 1.1-31: .prt.methTit, .prt.aictab,
 * .prt.resids, .prt.VC with formatVC, .prt.grps, the correlation of fixed effects and .prt.warn),
 * each as the lines R prints.
 */
import { formatR } from '@muster/core';
import type { GlmerResult, GlmerVarianceComponent } from '../types.ts';
import {
  abbreviate,
  catFill,
  printLeftMatrix,
  printNamedVector,
  roundHalfEven,
  strwrap,
  WIDTH,
  zapsmall,
} from './r-print.ts';

/** lme4's summary digits: max(3, getOption("digits") - 3). */
export const DIGITS = 4;

/** lme4's default `lme4.summary.cor.max`: the correlation is shown for at most 12 fixed effects. */
const COR_MAX = 12;

/** The method title, wrapped as .prt.methTit wraps it when it is wider than the console. */
export function titleLines(fit: GlmerResult): string[] {
  const approximation =
    fit.method === 'laplace'
      ? 'Laplace Approximation'
      : `Adaptive Gauss-Hermite Quadrature, nAGQ = ${fit.nAGQ}`;
  const title = `Generalized linear mixed model fit by maximum likelihood (${approximation})`;
  const cls = 'glmerMod';
  if (title.length + 5 + cls.length > WIDTH) {
    return catFill([...strwrap(title, WIDTH - 2, 2), ' [', cls, ']'], '');
  }
  return [`${title} ['${cls}']`];
}

/** AIC, BIC, logLik, deviance (rounded to 1 decimal, formatted together) and the residual df. */
export function fitStatisticLines(fit: GlmerResult): string[] {
  const dfResid = fit.nobs - fit.df;
  const rounded = [fit.aic, fit.bic, fit.logLik, fit.deviance, dfResid].map((v) =>
    roundHalfEven(v, 1),
  );
  const formatted = formatR(rounded);
  formatted[4] = String(dfResid);
  return printNamedVector(['AIC', 'BIC', 'logLik', 'deviance', 'df.resid'], formatted);
}

/** The quantiles of the scaled Pearson residuals, zapsmall'ed and printed with 4 digits. */
export function residualLines(fit: GlmerResult): string[] {
  const r = fit.scaledResiduals;
  const values = zapsmall([r.min, r.q1, r.median, r.q3, r.max], DIGITS + 1);
  return [
    'Scaled residuals: ',
    ...printNamedVector(['Min', '1Q', 'Median', '3Q', 'Max'], formatR(values, DIGITS)),
    '',
  ];
}

/** Consecutive variance components of one lme4 term (`war`, then `war.1`, ...). */
function groupsOf(components: GlmerVarianceComponent[]) {
  const groups: {
    name: string;
    variances: GlmerVarianceComponent[];
    cor: (i: number, j: number) => number;
  }[] = [];
  for (const c of components) {
    let g = groups.at(-1);
    if (g?.name !== c.group) {
      const own = components.filter((d) => d.group === c.group);
      const vars = own.filter((d) => d.var2 === null);
      const cor = (i: number, j: number) =>
        i === j
          ? 1
          : (own.find(
              (d) =>
                d.var2 !== null &&
                ((d.var1 === vars[i]!.var1 && d.var2 === vars[j]!.var1) ||
                  (d.var1 === vars[j]!.var1 && d.var2 === vars[i]!.var1)),
            )?.sdcor ?? Number.NaN);
      g = { name: c.group, variances: vars, cor };
      groups.push(g);
    }
  }
  return groups;
}

/** formatVC's correlation cells of one term: format(round(r, 2), nsmall = 2), lower triangle. */
function correlationCells(p: number, cor: (i: number, j: number) => number): string[][] {
  const text = (v: number) => (Number.isNaN(v) ? 'NaN' : roundHalfEven(v, 2).toFixed(2));
  const all: string[] = [];
  for (let i = 0; i < p; i++) for (let j = 0; j < p; j++) all.push(text(cor(i, j)));
  const w = Math.max(...all.map((s) => s.length));
  return Array.from({ length: p }, (_, i) =>
    Array.from({ length: p }, (_, j) => (j < i ? text(cor(i, j)).padStart(w) : '')),
  );
}

/** The random-effects table (variances and standard deviations, correlations) and group counts. */
export function randomEffectLines(fit: GlmerResult): string[] {
  const groups = groupsOf(fit.varianceComponents);
  const rows = groups.flatMap((g) => g.variances);
  const variances = formatR(
    rows.map((c) => c.vcov),
    DIGITS,
  );
  const sds = formatR(
    rows.map((c) => c.sdcor),
    DIGITS,
  );
  const maxlen = Math.max(...groups.map((g) => g.variances.length));
  const corr = groups.flatMap((g) => {
    const p = g.variances.length;
    return correlationCells(p, g.cor).map((row) => [
      ...row,
      ...new Array<string>(Math.max(0, maxlen - p)).fill(''),
    ]);
  });
  const header = ['Groups', 'Name', 'Variance', 'Std.Dev.'];
  if (maxlen > 1) header.push('Corr', ...new Array<string>(maxlen - 2).fill(''));
  let k = 0;
  const cells = groups.flatMap((g) =>
    g.variances.map((c, j) => {
      const row = [j === 0 ? g.name : '', c.var1, variances[k]!, sds[k]!];
      if (maxlen > 1) row.push(...corr[k]!.slice(0, maxlen - 1));
      k++;
      return row;
    }),
  );
  const counts = Object.entries(fit.nGroups).map(([group, n]) => `${group}, ${n}`);
  return [
    'Random effects:',
    ...printLeftMatrix(
      header,
      cells.map(() => ''),
      cells,
    ),
    ...catFill([`Number of obs: ${fit.nobs}, groups: `, counts.join('; ')]),
  ];
}

/** The correlation of the fixed effects (for 2 to 12 of them), as print.summary.merMod prints it. */
export function fixedCorrelationLines(fit: GlmerResult): string[] {
  const p = fit.coefficients.length;
  if (p < 2 || p > COR_MAX) return [];
  const sd = fit.vcov.map((row, i) => Math.sqrt(row[i]!));
  const text = fit.vcov.map((row, i) =>
    row.map((v, j) => roundHalfEven(v / (sd[i]! * sd[j]!), 3).toFixed(3)),
  );
  const w = Math.max(...text.flat().map((s) => s.length));
  const terms = fit.coefficients.map((c) => c.term);
  const rowNames = abbreviate(terms, 11).slice(1);
  const header = abbreviate(terms, 6).slice(0, -1);
  const cells = rowNames.map((_, r) =>
    header.map((_, j) => (j < r + 1 ? text[r + 1]![j]!.padStart(w) : '')),
  );
  return ['', 'Correlation of Fixed Effects:', ...printLeftMatrix(header, rowNames, cells)];
}

/** .prt.warn: lme4's convergence note for a boundary (singular) fit. */
export function optimizerLines(fit: GlmerResult): string[] {
  if (!fit.singular) return [];
  return [
    'optimizer (Nelder_Mead) convergence code: 0 (OK)',
    "boundary (singular) fit: see help('isSingular')",
    '',
  ];
}
