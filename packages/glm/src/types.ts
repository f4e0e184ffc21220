/**
 * Result types of the formula-level functions: plain, serialisable objects with the fields every
 * Muster fit shares (`FitResultBase` of @muster/core, STYLE.md) and the glm's own.
 */
import type { CoefficientRow, FitResultBase } from '@muster/core';
import type { DesignSpec } from '@muster/formula';
import type { FamilyName } from './internal/family.ts';
import type { LinkName } from './internal/link.ts';
import type { VcovType } from './internal/sandwich.ts';
import type { GlmWarningCode } from './warnings.ts';

export type { FamilyName, LinkName, VcovType };

/**
 * One coefficient; every number is null for a coefficient R reports as aliased (NA). `stdError`
 * comes from the covariance named by the result's `vcovType`; `statistic` is z (binomial, poisson)
 * or t (families with an estimated dispersion); `pValue` is two-sided; `lower`/`upper` are the
 * Wald limits estimate -/+ qnorm(1 - (1 - confLevel) / 2) stdError (R's confint.default).
 */
export interface GlmCoefficient extends CoefficientRow {
  /** Exact profile-likelihood limits (null when not computed or not finite). */
  profileLower: number | null;
  profileUpper: number | null;
}

/** How the separation check ran and what it found. */
export interface GlmSeparation {
  /**
   * Whether the data were checked ('auto' checks designs of up to 200,000 cells, and larger ones
   * when the fit shows signs of separation).
   */
  checked: boolean;
  separation: boolean;
  kind: 'none' | 'complete' | 'quasi-complete';
  /** Coefficients whose maximum-likelihood estimates are infinite. */
  infiniteTerms: string[];
  /** Terms that separate the outcome on their own. */
  separatingTerms: string[];
  /**
   * The check that ran: Konis's exact linear program; (under 'auto', for a converged
   * maximum-likelihood fit) the fit's own score equations projected to a Stiemke certificate that
   * the data overlap, which proves there is no separation without the LP (docs/algorithm.md,
   * section 5); or (a fit on a SQL source) a check of each design column on its own, which finds
   * no separation by a combination of columns.
   */
  method:
    | 'linear-programming (Konis 2007)'
    | 'overlap certificate (score equations)'
    | 'single-column sign check (SQL)';
}

/** Result of {@link fitGlm}: the fields of every fit (`FitResultBase`) and the glm's own. */
export interface GlmResult extends FitResultBase<'glm', GlmCoefficient, GlmWarningCode> {
  family: FamilyName;
  link: LinkName;
  /** 'ml' (maximum likelihood, R's glm) or 'firth' (brglm2 AS_mean bias reduction). */
  method: 'ml' | 'firth';
  /** Covariance behind stdError, statistic, pValue and the Wald interval. */
  vcovType: VcovType;
  /** Cluster column(s) for vcov 'cluster' (comma-separated for several), else null. */
  cluster: string | null;
  nClusters: number | null;
  /** Clusters of each dimension when clustering on several columns. */
  nClustersByDimension?: number[];
  /** sandwich's vcovCL type behind a clustered covariance: 'HC1' (CR1) or 'HC0' (Stata's). */
  clusterType?: 'HC1' | 'HC0';
  /** Prior weights column, or null. */
  weights: string | null;
  /** Offset given as an option (column name, or 'values'); offset() terms are in the formula. */
  offset: string | null;
  /** 'z' or 't' (t with dfResidual for families with an estimated dispersion). */
  statisticType: 'z' | 't';
  /** Confidence level of both intervals. */
  confLevel: number;
  /** Interval methods: Wald always; profile null when not computed. */
  intervals: {
    wald: 'normal';
    profile:
      | 'likelihood-ratio (exact roots)'
      | 'likelihood-ratio (MASS profile and spline, as R confint)'
      | null;
  };
  /** The covariance matrix named by `vcovType` (rows and columns in coefficient order; null where aliased). */
  vcov: (number | null)[][];
  /** Log-likelihood (NaN for the quasi families, whose likelihood R leaves NA). */
  logLik: number;
  /**
   * Estimated parameters, R's `attr(logLik(fit), 'df')`: the rank, plus 1 for the dispersion of
   * gaussian, Gamma and inverse.gaussian and for an estimated negative binomial theta.
   */
  df: number;
  deviance: number;
  nullDeviance: number;
  /** R's AIC (NaN for the quasi families). */
  aic: number;
  /**
   * R's `BIC(fit)`: -2 logLik + log(n) df, n counting every row of the fit (as R's logLik, also
   * rows of prior weight 0); NaN for the quasi families.
   */
  bic: number;
  /**
   * Binomial and quasibinomial: the weighted number of successes, sum(prior weight x y) (with
   * cbind, the successes); null for the other families.
   */
  nEvents: number | null;
  dfResidual: number;
  dfNull: number;
  /** Observations used (rows kept with a positive prior weight). */
  nobs: number;
  /** Data rows dropped because a variable the model uses was missing. */
  nDropped: number;
  /**
   * For a text response: the level counted as failure (the first) and the levels counted as
   * success (R's rule for a factor response); absent for numeric responses.
   */
  responseLevels?: { failure: string; success: string[] };
  /** Negative binomial: theta (estimated as MASS's glm.nb, or the one given). */
  theta?: number;
  /** Standard error of theta (null when theta was given). */
  thetaStdError?: number | null;
  /** 1 for binomial and poisson; Pearson chi-square / dfResidual otherwise. */
  dispersion: number;
  separation: GlmSeparation;
  /** How to code new data for {@link predictGlm} (plain JSON from @muster/formula). */
  design: DesignSpec;
}
