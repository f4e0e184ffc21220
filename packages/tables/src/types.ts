/**
 * Types of a regression table: the options, the numbers behind each cell, and the laid-out rows
 * that every output format (HTML, Typst, Markdown, LaTeX, CSV) draws from.
 */

/** What is printed beneath each estimate. */
export type UncertaintyStatistic = 'stdError' | 'confInt' | 'statistic' | 'pValue' | 'none';

/** A goodness-of-fit row; shown when at least one model has a value for it. */
export type GofStatistic =
  | 'nobs'
  | 'nEvents'
  | 'nClusters'
  | 'logLik'
  | 'aic'
  | 'bic'
  | 'deviance'
  | 'r2McFadden'
  | 'r2Tjur';

/** Significant digits per statistic (each shown number is rounded to these). */
export interface TableDigits {
  /** Estimates and interval limits (default 3 significant digits). */
  estimate?: number;
  /** Standard errors (default 3). */
  stdError?: number;
  /** z or t statistics (default 3). */
  statistic?: number;
  /** p-values, printed as R's `format.pval` (default 3; below 2.2e-16 as `<2e-16`). */
  pValue?: number;
  /** Log-likelihood, AIC, BIC and deviance: decimals, not significant digits (default 1). */
  likelihood?: number;
  /** Pseudo-R² (decimals, default 3). */
  r2?: number;
}

/** Options of {@link regressionTable}. */
export interface RegressionTableOptions {
  /** Column headings, one per model (default `(1)`, `(2)`, ...). */
  modelNames?: string[];
  /**
   * Terms to show, in this order, with their labels: `{ inequality: 'Inequality', 'log(troops)':
   * 'Troops (log)' }` or `[['inequality', 'Inequality'], ...]`. Terms left out are dropped. Two
   * terms with one label share a row (a model must not have both). Default: every term, in order
   * of first appearance across the models, under its own name.
   */
  coefMap?: Record<string, string> | [string, string][];
  /**
   * Show exp(estimate) (odds, hazard, rate or time ratios): exp of the estimate and of the interval
   * limits, standard error by the delta method exp(b) × SE(b) (as modelsummary); statistics and
   * p-values still test b = 0. One flag for all models or one per model (default false).
   */
  exponentiate?: boolean | boolean[];
  /** Printed beneath each estimate (default `'stdError'`, in parentheses; `'confInt'` in brackets). */
  uncertainty?: UncertaintyStatistic;
  /**
   * Significance stars after the estimate, off by default. `true` uses `* 0.05, ** 0.01, *** 0.001`;
   * an object maps symbols to thresholds (`{ '+': 0.1, '*': 0.05 }`): the symbol of the smallest
   * threshold above p is shown.
   */
  stars?: boolean | Record<string, number>;
  /** Goodness-of-fit rows, in order (default all of them, each shown where a model has it). */
  gof?: GofStatistic[];
  /** Significant digits per statistic. */
  digits?: TableDigits;
  /** Show the model, method and covariance rows at the foot (default true). */
  methodRows?: boolean;
  /** A caption above the table, or null (default). */
  title?: string | null;
  /** Notes added under the table, after those the table writes itself. */
  notes?: string[];
}

/** One model's numbers for one term, on the shown scale (exponentiated where asked). */
export interface TableCoefficient {
  estimate: number | null;
  stdError: number | null;
  statistic: number | null;
  pValue: number | null;
  lower: number | null;
  upper: number | null;
}

/** One term row: its label and each model's numbers (null where the model lacks the term). */
export interface TableTerm {
  /** The row's label (the coefMap label, or the term). */
  label: string;
  /** The model term behind each model's cell (coefMap may map several terms to one label). */
  terms: (string | null)[];
  values: (TableCoefficient | null)[];
}

/** One goodness-of-fit row. */
export interface TableGof {
  statistic: GofStatistic;
  label: string;
  values: (number | null)[];
}

/** A row as laid out for display: a label and one formatted cell per model. */
export interface TableRow {
  /** `estimate` and `uncertainty` (the line beneath) rows of a term, `gof` and `method` rows. */
  section: 'estimate' | 'uncertainty' | 'gof' | 'method';
  label: string;
  cells: string[];
}
