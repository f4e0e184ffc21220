import { coefMapEntries, collectTerms } from './internal/collect-terms.ts';
import { DEFAULT_GOF, goodnessOfFit, tjurOmissions } from './internal/goodness-of-fit.ts';
import {
  exponentiateNote,
  gofRows,
  starsNote,
  termRows,
  uncertaintyNote,
} from './internal/layout.ts';
import { methodRows } from './internal/method-rows.ts';
import { toCsv, toLatex, toMarkdown, toText } from './internal/render-text.ts';
import { shownCoefficient } from './internal/shown-coefficient.ts';
import {
  checkDigits,
  checkFits,
  checkGof,
  checkOptionNames,
  checkUncertainty,
  modelNames,
  perModel,
  starThresholds,
} from './internal/validate-options.ts';
import type {
  RegressionTableOptions,
  TableGof,
  TableRow,
  TableTerm,
  UncertaintyStatistic,
} from './types.ts';

/**
 * Several fitted models side by side: the numbers behind each cell (`terms`, `gof`), the rows as
 * shown (`rows`) and the notes under them. A notebook cell that ends with one shows it as an HTML
 * table and, in the PDF, a Typst table; `toMarkdown()`, `toLatex()` and `toCsv()` give text.
 * Plain data apart from those methods: `JSON.stringify` keeps every field.
 */
export class RegressionTable {
  /** Discriminant the report's display code recognises. */
  readonly kind = 'regression-table' as const;
  /** Caption above the table, or null. */
  readonly title: string | null;
  /** Column headings, one per model. */
  readonly models: string[];
  /** What the line beneath each estimate shows. */
  readonly uncertainty: UncertaintyStatistic;
  /** Each term row's label and each model's numbers (on the shown scale). */
  readonly terms: TableTerm[];
  /** Goodness-of-fit rows with each model's value (null where it has none). */
  readonly gof: TableGof[];
  /** The rows as shown: estimates, the line beneath each, goodness of fit, model and method. */
  readonly rows: TableRow[];
  /** Notes under the table: what the parentheses hold, stars, ratios, omissions, the caller's. */
  readonly notes: string[];

  constructor(
    fields: Omit<RegressionTable, 'kind' | 'toMarkdown' | 'toLatex' | 'toCsv' | 'toText'>,
  ) {
    this.title = fields.title;
    this.models = fields.models;
    this.uncertainty = fields.uncertainty;
    this.terms = fields.terms;
    this.gof = fields.gof;
    this.rows = fields.rows;
    this.notes = fields.notes;
  }

  /** Plain text for a terminal: aligned columns, rules between the groups of rows, the notes. */
  toText(): string {
    return toText(this);
  }

  /** A Markdown pipe table with the notes under it. */
  toMarkdown(): string {
    return toMarkdown(this);
  }

  /** A LaTeX `table` with a booktabs `tabular` (needs `\usepackage{booktabs}`). */
  toLatex(): string {
    return toLatex(this);
  }

  /** CSV: `row`, `statistic` and one column per model (notes left out). */
  toCsv(): string {
    return toCsv(this, this.uncertainty);
  }
}

/**
 * A regression table of several fitted models, as R's modelsummary or stargazer lay one out:
 * models as columns, terms as rows with the estimate and its standard error (or interval,
 * statistic, p-value) beneath, then goodness-of-fit rows (N, events, clusters, log-likelihood,
 * AIC, BIC, deviance, McFadden's and Tjur's pseudo-R² where they apply) and rows naming each
 * model, its estimation method and its covariance. Models of different kinds mix (a glm beside a
 * Cox model): the terms are the union, blank where a model lacks one. Reads only the fields every
 * Muster fit shares (`FitResultBase`), plus `deviance`, `nullDeviance`, `family`, `link`,
 * `cluster`, `fittedValues` and `response` where a result has them.
 *
 * Numbers: estimates, standard errors and statistics to 3 significant digits, p-values as R's
 * `format.pval` prints them, counts as integers, log-likelihood, AIC, BIC and deviance to one
 * decimal and pseudo-R² to three (`digits` changes each). `exponentiate` shows exp(b) with the
 * delta-method standard error exp(b) SE(b) and exp of the limits (modelsummary's convention).
 * Stars are off unless asked for.
 *
 * @param fits - Fitted models (any result extending `FitResultBase`), one column each.
 * @param options - See {@link RegressionTableOptions}.
 * @returns A {@link RegressionTable}.
 * @throws InvalidArgumentError naming `fits[i]` for a value that is not a fitted model, or the
 *   option that is out of its domain.
 * @example
 * ```ts
 * import { fitGlm } from '@muster/glm';
 * // data: packages/datasets/data/lyall_synthetic.csv, read with readCsv
 * const logit = await fitGlm('mass_desertion ~ inequality', data, { family: 'binomial' });
 * const clustered = await fitGlm('mass_desertion ~ inequality + log(troops)', data, {
 *   family: 'binomial',
 *   vcov: 'cluster',
 *   cluster: 'war',
 * });
 * const table = regressionTable([logit, clustered], {
 *   modelNames: ['Logit', 'Clustered'],
 *   coefMap: { inequality: 'Inequality', 'log(troops)': 'Troops (log)' },
 * });
 * table.rows.slice(0, 2);
 * // => [{ section: 'estimate', label: 'Inequality', cells: ['7.48', '7.77'] }, { section: 'uncertainty', label: '', cells: ['(1.17)', '(1.22)'] }]
 * table.gof.find((row) => row.statistic === 'nClusters').values;
 * // => [null, 160]
 * table.toMarkdown().split('\n')[2];
 * // => '| Inequality     |            7.48 |            7.77 |'
 * ```
 */
export function regressionTable(
  fits: readonly unknown[],
  options: RegressionTableOptions = {},
): RegressionTable {
  checkOptionNames(options);
  const models = checkFits(fits);
  const names = modelNames(options.modelNames, models.length);
  const exponentiate = perModel(options.exponentiate, models.length);
  const uncertainty = checkUncertainty(options.uncertainty);
  const stars = starThresholds(options.stars);
  const digits = checkDigits(options.digits);
  const gofNames = checkGof(options.gof, DEFAULT_GOF);

  const terms = collectTerms(models, coefMapEntries(options.coefMap), (index, term) => {
    const row = models[index].coefficients.find((r) => r.term === term)!;
    return shownCoefficient(row, exponentiate[index]);
  });
  const gof = goodnessOfFit(models, gofNames);
  const rows: TableRow[] = [
    ...termRows(terms, uncertainty, stars, digits),
    ...gofRows(gof, digits),
  ];
  if (options.methodRows ?? true)
    for (const row of methodRows(models)) rows.push({ section: 'method', ...row });

  const notes = [
    uncertaintyNote(
      uncertainty,
      models.map((fit) => fit.confLevel),
    ),
    starsNote(stars),
    exponentiateNote(exponentiate, names),
    gofNames.includes('r2Tjur') ? tjurOmissions(models, names) : null,
    ...(options.notes ?? []),
  ].filter((note): note is string => note !== null);
  return new RegressionTable({
    title: options.title ?? null,
    models: names,
    uncertainty,
    terms,
    gof,
    rows,
    notes,
  });
}
