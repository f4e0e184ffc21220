/**
 * Result types of the formula-level functions: plain, serialisable objects whose field names
 * follow the reference cases' `expected` objects (../shared/reference).
 */
import type { MusterWarning } from '@muster/core';
import type { DesignSpec } from '@muster/formula';
import type { FamilyName } from './internal/family.ts';
import type { LinkName } from './internal/link.ts';
import type { VcovType } from './internal/sandwich.ts';

export type { FamilyName, LinkName, VcovType };

/** One coefficient; every number is null for a coefficient R reports as aliased (NA). */
export interface GlmCoefficient {
  /** R's term (column) name: `(Intercept)`, `regimedemocracy`, `log(troops)`, `a:b`. */
  term: string;
  estimate: number | null;
  /** From the covariance named by the result's `vcov`. */
  stdError: number | null;
  /** estimate / stdError: z (binomial, poisson) or t (gaussian, Gamma). */
  statistic: number | null;
  /** Two-sided: normal (z) or t with dfResidual degrees of freedom. */
  pValue: number | null;
  /** Wald interval estimate -/+ qnorm(1 - (1 - level) / 2) stdError (R's confint.default). */
  waldLower: number | null;
  waldUpper: number | null;
  /** Exact profile-likelihood limits (null when not computed or not finite). */
  profileLower: number | null;
  profileUpper: number | null;
}

/** How the separation check ran and what it found. */
export interface GlmSeparation {
  /** Whether the linear program ran ('auto' runs it up to 200,000 design cells, and beyond when the fit shows signs of separation). */
  checked: boolean;
  separation: boolean;
  kind: 'none' | 'complete' | 'quasi-complete';
  /** Coefficients whose maximum-likelihood estimates are infinite. */
  infiniteTerms: string[];
  /** Terms that separate the outcome on their own. */
  separatingTerms: string[];
  method: 'linear-programming (Konis 2007)';
}

/** Result of {@link fitGlm}. */
export interface GlmResult {
  kind: 'glm';
  formula: string;
  family: FamilyName;
  link: LinkName;
  /** 'ml' (maximum likelihood, R's glm) or 'firth' (brglm2 AS_mean bias reduction). */
  method: 'ml' | 'firth';
  /** Covariance behind stdError, statistic, pValue and the Wald interval. */
  vcov: VcovType;
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
  coefficients: GlmCoefficient[];
  /** The covariance matrix named by `vcov` (rows and columns in coefficient order; null where aliased). */
  covariance: (number | null)[][];
  logLik: number;
  deviance: number;
  nullDeviance: number;
  aic: number;
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
  converged: boolean;
  iterations: number;
  warnings: MusterWarning[];
  separation: GlmSeparation;
  /** How to code new data for {@link predictGlm} (plain JSON from @muster/formula). */
  design: DesignSpec;
}
