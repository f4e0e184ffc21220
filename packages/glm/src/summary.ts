/**
 * R-like text of a glm fit: `summary(fit)` is R's `print(summary(glm))` (the coefficient table by
 * printCoefmat, dispersion, deviances, AIC, iterations), `format(fit)` adds the confidence
 * intervals and the warnings, as `muster glm` prints them. Relogit and bayesglm fits print the
 * same layout with their method's own lines; marginal-effects results print as marginaleffects
 * 1.0 prints them.
 */
import {
  type CoefficientRow,
  formatR,
  InvalidArgumentError,
  printCoefficients,
  printMatrix,
} from '@muster/core';
import type { BayesGlmResult } from './fit-bayes-glm.ts';
import type { RelogitResult } from './fit-relogit.ts';
import {
  covarianceLabel,
  marginsHeader,
  marginsLines,
  predictionHeader,
  predictionLines,
} from './margins/print-margins.ts';
import type { MarginalEffectsResult, PredictionGridResult } from './margins/types.ts';
import type { GlmResult } from './types.ts';

/** Any result of this package's fits. */
export type AnyGlmResult = GlmResult | RelogitResult | BayesGlmResult;

/** Options of {@link summary} and {@link format}. */
export interface GlmSummaryOptions {
  /** What the call shows as `data = ...` (default `data`). */
  data?: string;
  /**
   * For a marginal-effects result: a first line naming where the effects are evaluated, the model
   * and the covariance (clusters), which marginaleffects' print leaves out (default false).
   */
  header?: boolean;
  /**
   * For a marginal-effects result: the line width its table wraps at, as R's
   * `getOption("width")` (default 80).
   */
  width?: number;
}

/** What {@link summary} and {@link format} print: a fit, or marginal effects or predictions of one. */
export type GlmSummaryInput = AnyGlmResult | MarginalEffectsResult | PredictionGridResult;

type MarginsResult = MarginalEffectsResult | PredictionGridResult;

function isMargins(x: GlmSummaryInput): x is MarginsResult {
  if (x?.kind === 'marginal-effects') return Array.isArray((x as MarginalEffectsResult).effects);
  return x?.kind === 'prediction-grid' && Array.isArray((x as PredictionGridResult).predictions);
}

/** marginaleffects' print, under the header line when asked for. */
function marginsSummary(result: MarginsResult, options: GlmSummaryOptions): string {
  const width = options.width ?? 80;
  if (!Number.isInteger(width) || width < 10) {
    throw new InvalidArgumentError(
      'width',
      `summary requires width to be an integer of at least 10; received ${String(width)}`,
    );
  }
  if (result.kind === 'prediction-grid') {
    const lines = predictionLines(result, width);
    if (options.header === true) lines.unshift(predictionHeader(result));
    return lines.join('\n');
  }
  const lines = marginsLines(result, width);
  if (options.header === true) lines.unshift(marginsHeader(result));
  return lines.join('\n');
}

/** R's summary digits: max(3, getOption("digits") - 3). */
const DIGITS = 4;

function checkFit(fit: AnyGlmResult, caller: string): void {
  if (fit?.kind !== 'glm' || !Array.isArray(fit.coefficients)) {
    throw new InvalidArgumentError(
      'fit',
      `${caller} requires a result of fitGlm, fitRelogit, fitBayesGlm, marginalEffects or predictionGrid; received ${fit === null || typeof fit !== 'object' ? String(fit) : `kind '${String((fit as { kind?: unknown }).kind)}'`}`,
    );
  }
}

function isRelogit(fit: AnyGlmResult): fit is RelogitResult {
  return fit.method === 'relogit';
}

function isBayes(fit: AnyGlmResult): fit is BayesGlmResult {
  return String(fit.method).startsWith('bayes');
}

/** The covariance as a phrase: `cluster-robust CR1 by war (160 clusters)`. */
export function vcovLabel(fit: AnyGlmResult): string {
  return covarianceLabel(fit as GlmResult);
}

function callLine(fit: AnyGlmResult, data: string): string {
  if (isRelogit(fit)) {
    return `relogit(formula = ${fit.formula}, data = ${data}${fit.tau === null ? '' : `, tau = ${fit.tau}`}, bias.correct = ${fit.biasCorrection ? 'TRUE' : 'FALSE'})`;
  }
  const weights = fit.weights ? `, weights = ${fit.weights}` : '';
  if (isBayes(fit)) {
    return `bayesglm(formula = ${fit.formula}, family = binomial(link = "${fit.link}"), data = ${data}${weights})`;
  }
  const firth = fit.method === 'firth' ? ', method = "brglmFit", type = "AS_mean"' : '';
  return `glm(formula = ${fit.formula}, family = ${fit.family}(link = "${fit.link}"), data = ${data}${weights}${firth})`;
}

function coefficientLines(fit: AnyGlmResult): string[] {
  const t = fit.statisticType === 't';
  const aliased = fit.coefficients.filter((c) => c.estimate === null).length;
  const notes: string[] = [];
  if (fit.vcovType !== 'classical' && !isBayes(fit)) {
    notes.push(`standard errors: ${vcovLabel(fit)}`);
  }
  if (fit.method === 'firth') notes.push('Firth bias-reduced estimates');
  if (isRelogit(fit))
    notes.push(fit.biasCorrection ? 'bias-corrected (King & Zeng 2001)' : 'no bias correction');
  if (isBayes(fit)) notes.push('posterior modes; standard errors from the normal approximation');
  const head = `Coefficients:${aliased > 0 ? ` (${aliased} not defined because of singularities)` : ''}`;
  return [
    notes.length > 0 ? `${head.slice(0, -1)} (${notes.join('; ')}):` : head,
    ...printCoefficients(
      ['Estimate', 'Std. Error', t ? 't value' : 'z value', t ? 'Pr(>|t|)' : 'Pr(>|z|)'],
      fit.coefficients.map((c: CoefficientRow) => ({
        term: c.term,
        values: [c.estimate, c.stdError, c.statistic, c.pValue],
      })),
      { digits: DIGITS },
    ),
  ];
}

function dispersionLine(fit: AnyGlmResult): string {
  const family = fit.family;
  if (fit.statisticType === 'z') return `(Dispersion parameter for ${family} family taken to be 1)`;
  const dispersion = (fit as GlmResult).dispersion;
  return Number.isFinite(dispersion)
    ? `(Dispersion parameter for ${family} family taken to be ${formatR([dispersion])[0]})`
    : `(Dispersion parameter for ${family} family not estimable: no residual degrees of freedom)`;
}

/** `    Null deviance: 275.70  on 376  degrees of freedom` and the residual line, as R pads them. */
function devianceLines(fit: GlmResult | BayesGlmResult): string[] {
  const deviances = formatR([fit.nullDeviance, fit.deviance], Math.max(5, DIGITS + 1));
  const width = Math.max(...deviances.map((d) => d.length));
  const dfs = [String(fit.dfNull), String(fit.dfResidual)];
  const dfWidth = Math.max(...dfs.map((d) => d.length));
  const labels = ['    Null deviance:', 'Residual deviance:'];
  return labels.map(
    (label, i) =>
      `${label} ${deviances[i].padStart(width)}  on ${dfs[i].padStart(dfWidth)}  degrees of freedom`,
  );
}

function aicLine(aic: number): string {
  return `AIC: ${Number.isFinite(aic) ? formatR([aic], Math.max(4, DIGITS + 1))[0] : 'NA'}`;
}

function methodLines(fit: AnyGlmResult): string[] {
  if (isRelogit(fit)) {
    const lines = [
      `Rare-events logit (King & Zeng 2001): ${fit.nEvents} events in ${fit.nobs} observations (ybar = ${fit.sampleFraction.toPrecision(4)}).`,
    ];
    if (fit.interceptCorrection !== null) {
      lines.push(
        `Prior correction for tau = ${fit.tau}: ${fit.interceptCorrection.toFixed(5)} subtracted from the intercept.`,
      );
    }
    lines.push('');
    lines.push(
      ...printMatrix(
        ['ML estimate', 'Bias'],
        fit.coefficients.map((c, j) => {
          const [ml, bias] = [fit.mlEstimates[j], fit.bias[j]];
          return [c.term, ...formatR([ml, bias], DIGITS + 1)];
        }),
      ),
    );
    return lines;
  }
  if (isBayes(fit)) {
    const prior = fit.prior;
    return printMatrix(
      ['Prior', 'Mean', 'Scale', 'df'],
      fit.coefficients.map((c, j) => [
        c.term,
        prior.distribution[j],
        String(prior.mean[j]),
        formatR([prior.scale[j]], DIGITS + 1)[0],
        prior.df[j] === null ? 'Inf' : String(prior.df[j]),
      ]),
    );
  }
  return [];
}

/**
 * R's `print(summary(fit))` of a glm as text: the call, the coefficient table (printCoefmat with 4
 * significant digits, p-values by format.pval, significance stars), the dispersion, null and
 * residual deviances, AIC and the number of iterations. Standard errors, tests and p-values follow
 * the fit's covariance (`vcovType`; R's summary is classical, `lmtest::coeftest(fit, vcov)` prints
 * the others), and the table's title names it when it is not classical. Relogit and bayesglm fits
 * print their method and their own table (ML estimates and bias; priors).
 *
 * Deliberate differences from R 4.2: the call is on one line and names the family with its link
 * (`binomial(link = "logit")`); the deviance residuals R 4.2 prints first are left out (as R 4.3
 * does); the legend's quotes are plain, as R prints them in the C locale.
 *
 * A {@link marginalEffects} result prints as marginaleffects 1.0's `print.marginaleffects` prints
 * `avg_slopes(fit)`, `slopes(fit, newdata = "mean")` or `slopes(fit, newdata = datagrid(...))`:
 * columns Term and Contrast (each left out, and named below the table, when it has one value), the
 * grid's named variables, Estimate, Std. Error, z, Pr(>|z|), S (the s-value -log2(p)) and the
 * interval at the result's `confLevel` (`2.5 %`, `97.5 %`); numbers by `format(x, digits = 3)`
 * column by column, p-values by `format.pval(p, digits = 3, eps = 0.001)` (`<0.001`), S by
 * `sprintf("%.1f")`; the table wraps at `width` characters as R's print of a data frame, more than
 * 30 rows show the first and last 5; then `Type: response`. `header: true` puts a line first that
 * marginaleffects leaves out: where the effects are evaluated (the means and modes, or the grid's
 * values), the model and its covariance with the clusters. `format` adds the warnings. A
 * {@link predictionGrid} result prints as `predictions(fit, newdata = datagrid(...))` of a glm
 * (`type = "invlink(link)"`): the grid's variables, Estimate, Pr(>|z|) and S of the link-scale
 * test, the interval, `Type: invlink(link)` (marginaleffects drops Std. Error and z there).
 *
 * @param fit - a result of {@link fitGlm}, {@link fitRelogit}, {@link fitBayesGlm}, {@link marginalEffects} or {@link predictionGrid}
 * @param options - `data`: the name the call shows; `header`, `width`: of marginal effects
 * @returns the text, lines joined by newlines
 * @throws InvalidArgumentError when `fit` is not a result of this package, or `width` is not an integer of at least 10
 * @example
 * ```ts
 * const data = { y: [0, 0, 1, 0, 1, 1], x: [1, 2, 3, 4, 5, 6] };
 * const fit = await fitGlm('y ~ x', data, { family: 'binomial', profile: false });
 * summary(marginalEffects(fit, data)).split('\n');
 * // => ['', ' Estimate Std. Error    z Pr(>|z|)    S 2.5 % 97.5 %', '    0.159     0.0222 7.14   <0.001 40.0 0.115  0.202', '', 'Term: x', 'Type: response', 'Comparison: dY/dX', '']
 * ```
 * @example
 * ```ts
 * const fit = await fitGlm('y ~ x', { y: [0, 0, 1, 0, 1, 1], x: [1, 2, 3, 4, 5, 6] }, { family: 'binomial', profile: false });
 * summary(fit).split('\n').slice(4, 7);
 * // => ['Coefficients:', '            Estimate Std. Error z value Pr(>|z|)', '(Intercept)  -4.2491     3.3878  -1.254    0.210']
 * ```
 */
export function summary(fit: GlmSummaryInput, options: GlmSummaryOptions = {}): string {
  if (isMargins(fit)) return marginsSummary(fit, options);
  checkFit(fit, 'summary');
  const lines = ['', 'Call:', callLine(fit, options.data ?? 'data')];
  if (fit.responseLevels !== undefined) {
    lines.push(
      `Response: P(${fit.responseLevels.success.join(' or ')}); '${fit.responseLevels.failure}' counts as failure`,
    );
  }
  lines.push('', ...coefficientLines(fit), '');
  if (isRelogit(fit)) {
    lines.push(...methodLines(fit), '');
  } else {
    lines.push(dispersionLine(fit), '', ...devianceLines(fit));
    if (fit.nDropped > 0) {
      lines.push(
        `  (${fit.nDropped} observation${fit.nDropped === 1 ? '' : 's'} deleted due to missingness)`,
      );
    }
    lines.push(aicLine(fit.aic), '');
    lines.push(
      fit.converged
        ? `Number of ${isBayes(fit) ? '' : 'Fisher Scoring '}iterations: ${fit.iterations}`
        : `Did not converge in ${fit.iterations} iterations`,
    );
    if (isBayes(fit)) {
      lines.push('', ...methodLines(fit));
      if (fit.separation.separation) {
        lines.push(
          `Separation (${fit.separation.kind}): maximum likelihood would diverge along ${fit.separation.infiniteTerms.join(', ')}.`,
        );
      }
    }
    lines.push('');
  }
  return lines.join('\n');
}

function intervalLines(fit: AnyGlmResult): string[] {
  const level = `${Number((fit.confLevel * 100).toPrecision(4))}%`;
  const g = fit as GlmResult;
  const profile = g.intervals?.profile ?? null;
  const method =
    profile === null
      ? ''
      : `; profile: ${profile.includes('spline') ? "MASS's profile and spline, as R's confint" : 'exact likelihood-ratio roots'}`;
  const columns: (number | null)[][] = [
    fit.coefficients.map((c) => c.lower),
    fit.coefficients.map((c) => c.upper),
  ];
  if (profile !== null) {
    columns.push(
      g.coefficients.map((c) => c.profileLower),
      g.coefficients.map((c) => c.profileUpper),
    );
  }
  const formatted = columns.map((column) => formatR(column, DIGITS + 1));
  return [
    `${level} confidence intervals (Wald: ${fit.statisticType === 't' ? 't' : 'normal'} quantile, ${vcovLabel(fit)}${method}):`,
    ...printMatrix(
      ['Wald lower', 'Wald upper', ...(profile !== null ? ['Profile lower', 'Profile upper'] : [])],
      fit.coefficients.map((c, j) => [c.term, ...formatted.map((column) => column[j])]),
    ),
  ];
}

/**
 * The full text `muster glm` prints: {@link summary}, then the confidence intervals at the fit's
 * `confLevel` (Wald from its covariance and, when computed, the profile-likelihood limits) and the
 * fit's warnings.
 *
 * Of a {@link marginalEffects} result: {@link summary} and then the warnings.
 *
 * @param fit - a result of {@link fitGlm}, {@link fitRelogit}, {@link fitBayesGlm}, {@link marginalEffects} or {@link predictionGrid}
 * @param options - `data`: the name the call shows; `header`, `width`: of marginal effects
 * @returns the text, lines joined by newlines
 * @throws InvalidArgumentError when `fit` is not a result of this package
 * @example
 * ```ts
 * const fit = await fitGlm('y ~ x', { y: [0, 0, 1, 0, 1, 1], x: [1, 2, 3, 4, 5, 6] }, { family: 'binomial', profile: false });
 * format(fit).split('\n').slice(-2);
 * // => ['(Intercept)  -10.88916     2.3910', 'x             -0.57461     3.0027']
 * ```
 */
export function format(fit: GlmSummaryInput, options: GlmSummaryOptions = {}): string {
  if (isMargins(fit)) return [marginsSummary(fit, options), ...warningLines(fit)].join('\n');
  checkFit(fit, 'format');
  const lines = [summary(fit, options), ...intervalLines(fit)];
  if (fit.warnings.length > 0) lines.push('', ...warningLines(fit));
  return lines.join('\n');
}

/** `warning: ...` for each of the result's warnings. */
function warningLines(result: GlmSummaryInput): string[] {
  return result.warnings.map((w) => `warning: ${w.message}`);
}
