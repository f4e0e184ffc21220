/**
 * Result types of {@link fitGlmer}: plain, serialisable objects with lme4's quantities under
 * Muster's names.
 */
import type { CoefficientRow, FitResultBase } from '@muster/core';
import type { MixedFamilyName, MixedLinkName } from './internal/family.ts';
import type { WarningCode } from './warnings.ts';

export type { MixedFamilyName, MixedLinkName };

/**
 * One fixed effect with its Wald test (summary(glmer)$coefficients) and Wald interval at the
 * result's `confLevel`, on the link scale. Every number is finite: aliased fixed effects are an
 * error.
 */
export interface GlmerCoefficient extends CoefficientRow {
  estimate: number;
  stdError: number;
  /** z = estimate / stdError. */
  statistic: number;
  pValue: number;
  lower: number;
  upper: number;
}

/** One row of `as.data.frame(VarCorr(fit))`: a variance (var2 null) or a covariance. */
export interface GlmerVarianceComponent {
  group: string;
  var1: string;
  var2: string | null;
  /** Variance, or covariance when var2 is set. */
  vcov: number;
  /** Standard deviation, or correlation when var2 is set. */
  sdcor: number;
}

/** Conditional modes of one random effect (ranef(fit, condVar = TRUE)) by level. */
export interface GlmerConditionalModes {
  /** The grouping factor (terms on the same factor share it, as in ranef). */
  group: string;
  term: string;
  levels: string[];
  mode: number[];
  /** Conditional variance of each mode (attr(, "postVar")), given theta and beta. */
  condVar: number[];
}

/** Intraclass correlation on the latent scale for one grouping factor's intercept. */
export interface GlmerIcc {
  group: string;
  /** var_group / (sum of the random-intercept variances + residual variance). */
  value: number;
  /** pi^2 / 3 (logit), 1 (probit), log(1 + 1 / lambda) with lambda = exp(b0 + sum var / 2) (poisson, log-normal approximation). */
  residualVariance: number;
  method:
    | 'latent (logit: pi^2/3)'
    | 'latent (probit: 1)'
    | 'log-normal approximation (Nakagawa et al. 2017)';
}

/** Quantiles of the scaled Pearson residuals, as `summary(glmer)` prints them. */
export interface GlmerScaledResiduals {
  min: number;
  /** First quartile (R's quantile type 7). */
  q1: number;
  median: number;
  q3: number;
  max: number;
}

/** Profile-likelihood interval for the standard deviation of a single scalar random effect. */
export interface GlmerProfileInterval {
  group: string;
  term: string;
  /** For the standard deviation (square for the variance). */
  lower: number;
  upper: number;
  confLevel: number;
  /** True when the deviance at sd = 0 is within the cut-off: the lower limit is the boundary 0. */
  lowerAtBoundary: boolean;
  method: 'profile likelihood (exact roots)';
}

/** Likelihood-ratio test of the random effects against the pooled glm (same fixed effects). */
export interface GlmerLrTest {
  pooledLogLik: number;
  /** 2 (logLik - pooledLogLik), with both log-likelihoods of the full density. */
  statistic: number;
  /** Number of covariance parameters tested. */
  df: number;
  /** Naive chi-squared(df) p-value (conservative: the null is on the boundary). */
  pValue: number;
  /** For one variance: the 50:50 mixture of chi-squared(0) and chi-squared(1), i.e. pValue / 2 (Self & Liang 1987); null otherwise. */
  pValueBoundary: number | null;
  note: string;
}

/**
 * Result of {@link fitGlmer}: the shared {@link FitResultBase} fields (fixed effects in
 * `coefficients`, their covariance in `vcov`) and lme4's random-effects quantities.
 */
export interface GlmerResult extends FitResultBase<'glmer', GlmerCoefficient, WarningCode> {
  /** The fixed-effects formula (lme4::nobars). */
  fixedFormula: string;
  family: MixedFamilyName;
  link: MixedLinkName;
  nAGQ: number;
  /** 'laplace' (nAGQ = 1) or 'adaptive-gauss-hermite' (nAGQ > 1). */
  method: 'laplace' | 'adaptive-gauss-hermite';
  optimizer: 'nelder-mead (bounded, restarted)';
  /**
   * 'hessian': finite-difference Hessian of the deviance over (theta, beta), as glmer's vcov;
   * 'RX': conditional on theta (used at the boundary, with a `glmer-vcov-rx` warning).
   */
  vcovType: 'hessian' | 'RX';
  /** Covariance of the fixed effects (rows and columns in `coefficients` order). */
  vcov: number[][];
  /** Wald z tests, as summary(glmer). */
  statisticType: 'z';
  dfResidual: null;
  varianceComponents: GlmerVarianceComponent[];
  /** lme4's theta: lower triangles of the relative covariance factors, term by term. */
  theta: number[];
  conditionalModes: GlmerConditionalModes[];
  icc: GlmerIcc[];
  profileInterval: GlmerProfileInterval | null;
  lrTest: GlmerLrTest | null;
  /** glmer's logLik (for nAGQ > 1 built from deviance residuals, as glmer). */
  logLik: number;
  /** -2 logLik. */
  deviance: number;
  aic: number;
  bic: number;
  /** Number of parameters (theta and beta). */
  df: number;
  /**
   * Quantiles of the scaled Pearson residuals (y - mu) sqrt(w / V(mu)) at the conditional modes,
   * `quantile(residuals(fit, "pearson", scaled = TRUE))`.
   */
  scaledResiduals: GlmerScaledResiduals;
  /** Binomial: the number of successes (sum of the 0/1 responses, or of cbind's first column); poisson: null. */
  nEvents: number | null;
  /** Levels of the first grouping factor (`nGroups` has them all). */
  nClusters: number;
  nDropped: number;
  nGroups: Record<string, number>;
  /** Some variance estimated at 0 or a correlation at +/-1 (lme4's isSingular). */
  singular: boolean;
  converged: boolean;
  /** Deviance evaluations of the optimiser. */
  iterations: number;
}
