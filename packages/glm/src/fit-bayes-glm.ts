import type { FitResultBase, MusterWarning } from '@muster/core';
import { type DataInput, type DesignSpec, releaseDesignMatrix } from '@muster/formula';
import { bayesIrls } from './bayesglm/bayes-irls.ts';
import { type ModelInput, modelInput } from './bayesglm/model-input.ts';
import { BAYES_CALLER, type FitBayesGlmOptions, resolveBayesOptions } from './bayesglm/options.ts';
import { inputSpreads } from './bayesglm/prior-scales.ts';
import { assembleResult } from './bayesglm/result.ts';
import { bayesWarnings, fitWarnings } from './bayesglm/warnings.ts';
import { detectSeparation } from './detect-separation.ts';
import { makeFamily } from './internal/family.ts';
import { HighsUnavailableError } from './internal/highs.ts';
import type { LinkName } from './internal/link.ts';
import type { WaldRow } from './internal/wald-rows.ts';
import type { GlmSeparation } from './types.ts';
import { type GlmWarning, glmWarnings } from './warnings.ts';

export type { FitBayesGlmOptions };

/** The prior of a {@link fitBayesGlm} fit, per coefficient in `coefficients` order. */
export interface BayesGlmPrior {
  /** 'cauchy' (df 1), 't' or 'normal' (df Infinity) for each coefficient. */
  distribution: ('cauchy' | 't' | 'normal')[];
  mean: number[];
  /** Scale after division by the input's spread (arm's `fit$prior.scale`). */
  scale: number[];
  /** Degrees of freedom (null for Infinity, the normal prior). */
  df: (number | null)[];
  /** The EM's last prior sd (arm's `fit$prior.sd`). */
  sd: number[];
  /** Whether the scales were divided by the inputs' spreads (arm's `scaled`). */
  scaled: boolean;
}

/** Result of {@link fitBayesGlm}: a glm-shaped result whose estimates are posterior modes. */
export interface BayesGlmResult extends FitResultBase<'glm', WaldRow> {
  kind: 'glm';
  /** 'bayes-cauchy' for the default prior; 'bayes-t' or 'bayes-normal' for other df. */
  method: 'bayes-cauchy' | 'bayes-t' | 'bayes-normal';
  family: 'binomial';
  link: LinkName;
  /** The normal approximation at the mode, as arm's `vcov(fit)`. */
  vcovType: 'posterior';
  statisticType: 'z';
  dfResidual: number;
  cluster: null;
  nClusters: null;
  weights: string | null;
  offset: null;
  intervals: { wald: 'normal'; profile: null };
  prior: BayesGlmPrior;
  /** Deviance of the likelihood at the posterior mode, and of the intercept-only ML fit. */
  deviance: number;
  nullDeviance: number;
  dfNull: number;
  nDropped: number;
  dispersion: 1;
  responseLevels?: { failure: string; success: string[] };
  /** Whether the maximum-likelihood estimates would be infinite (Konis's linear program). */
  separation: GlmSeparation;
  design: DesignSpec;
  bic: number;
  aic: number;
  logLik: number;
}

/**
 * The separation check on the model's design: its finding is recorded, not warned about as in
 * fitGlm; when HiGHS cannot be loaded (a browser bundle without setHighsLoader) the result says
 * the check did not run, with a `glm-separation-unchecked` warning.
 */
async function separationOf(
  input: ModelInput,
  converged: boolean,
): Promise<{ separation: GlmSeparation; warning: GlmWarning | null }> {
  const { design, response } = input;
  const method = 'linear-programming (Konis 2007)';
  try {
    const check = await detectSeparation(design.matrix, design.nrow, design.ncol, response.y, {
      weights: response.weights,
      columns: design.columns,
      assign: design.assign,
      termLabels: design.termLabels,
    });
    const separation: GlmSeparation = {
      checked: true,
      separation: check.separation,
      kind: check.kind,
      infiniteTerms: check.infiniteColumns,
      separatingTerms: check.separatingTerms,
      method,
    };
    return { separation, warning: null };
  } catch (error) {
    if (!(error instanceof HighsUnavailableError)) throw error;
    const separation: GlmSeparation = {
      checked: false,
      separation: false,
      kind: 'none',
      infiniteTerms: [],
      separatingTerms: [],
      method,
    };
    const signs = converged ? 'none' : 'not-converged';
    return {
      separation,
      warning: glmWarnings.separationUnchecked(BAYES_CALLER, error.reason, signs),
    };
  }
}

/**
 * Logistic regression with independent weakly informative priors on the coefficients, as
 * `arm::bayesglm` fits it (Gelman, Jakulin, Pittau & Su 2008): by default Cauchy(0, 2.5) on each
 * coefficient of an input scaled to 2 sd (max - min for a binary input) and Cauchy(0, 10) on the
 * intercept at the mean input. The estimates are posterior modes found by arm's EM within IRLS
 * (a t prior as a scale mixture of normals); standard errors come from the normal approximation
 * at the mode, as `summary(bayesglm(...))`. Under separation the estimates stay finite: the
 * alternative to Firth's correction that does not depend on the design's rare cells.
 *
 * @param formula - R model formula with a binomial response (0/1, proportions with weights,
 *   `cbind(successes, failures)` or a two-level text column)
 * @param data - columns by name (`readCsv` output, arrays) or an arquero table
 * @param options - link, weights, prior (`priorScale`, `priorDf`, `priorMean` and their intercept
 *   versions, `scaled`), `confLevel`, `maxIter` (100, as bayesglm), `tolerance`
 * @returns a glm-shaped result with `method` 'bayes-cauchy', the prior actually used (`prior`),
 *   and `separation` saying whether maximum likelihood would have diverged
 * @throws FormulaError for a bad formula or missing column; DataError for invalid values;
 *   InvalidArgumentError for bad or unknown options
 * @example
 * ```ts
 * const data = { y: [0, 0, 0, 1, 1, 1], x: [1, 2, 3, 4, 5, 6] }; // completely separated
 * const fit = await fitBayesGlm('y ~ x', data);
 * fit.coefficients.map((c) => [c.term, c.estimate?.toFixed(4), c.stdError?.toFixed(4)]);
 * // => [['(Intercept)', '-4.2192', '2.6842'], ['x', '1.2055', '0.6976']]
 * fit.separation.kind; // => 'complete'
 * ```
 */
export async function fitBayesGlm(
  formula: string,
  data: DataInput,
  options: FitBayesGlmOptions = {},
): Promise<BayesGlmResult> {
  const resolved = resolveBayesOptions(options);
  const input = modelInput(formula, data, resolved.link, options.weights, options.levels);
  const { design, response } = input;
  const n = design.nrow;
  const p = design.ncol;
  const intercept = design.hasIntercept;
  const family = makeFamily('binomial', resolved.link);
  const prior = resolved.prior(p, intercept);
  const spreads = inputSpreads(design.matrix, n, p, resolved.scaled);
  const scale = prior.scale.map((s, j) => s / spreads[j]);
  const warnings: MusterWarning[] = [...input.warnings];
  scale.forEach((s, j) => {
    if (s >= resolved.minPriorScale) return;
    scale[j] = resolved.minPriorScale;
    warnings.push(bayesWarnings.priorScaleRaised(design.columns[j], j, resolved.minPriorScale));
  });
  const fit = bayesIrls({
    x: design.matrix,
    nrow: n,
    ncol: p,
    y: response.y,
    weights: response.weights,
    trials: response.trials,
    offset: null,
    family,
    intercept,
    scaled: resolved.scaled,
    priorMean: prior.mean,
    priorScale: scale,
    priorDf: prior.df,
    maxIter: resolved.maxIter,
    tolerance: resolved.tolerance,
  });
  warnings.push(...fitWarnings(fit, resolved.maxIter));
  const { separation, warning: unchecked } = await separationOf(input, fit.converged);
  if (unchecked !== null) warnings.push(unchecked);
  if (separation.separation) warnings.push(bayesWarnings.priorDriven(separation));
  const result = assembleResult({
    formula,
    options,
    resolved,
    input,
    family,
    fit,
    prior,
    scale,
    separation,
    warnings,
  });
  // The result keeps the design's spec, not its matrix: its memory goes to the next design.
  releaseDesignMatrix(design);
  return result;
}
