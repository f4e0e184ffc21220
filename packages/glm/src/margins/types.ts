/**
 * Results of the marginal-effects functions: plain, serialisable objects in the shared
 * vocabulary (`kind`, `confLevel`, `vcovType`, rows of `estimate`, `stdError`, `statistic`,
 * `pValue`, `lower`, `upper`).
 */
import type { MusterWarning, ResultBase } from '@muster/core';
import type { DesignSpec } from '@muster/formula';
import type { FamilyName, GlmSeparation, LinkName } from '../types.ts';

/**
 * The fields of a fit that marginal effects read: a `fitGlm`, `fitRelogit` or `fitBayesGlm`
 * result (its coefficients, covariance, link and design).
 */
export interface MarginsFit {
  kind: 'glm';
  formula: string;
  family: FamilyName;
  link: LinkName;
  method: string;
  coefficients: readonly { term: string; estimate: number | null }[];
  /** The covariance matrix of the coefficients (null rows and columns for aliased terms). */
  vcov: (number | null)[][];
  /** Its type: 'classical', 'HC0'-'HC3', 'cluster', ... */
  vcovType: string;
  confLevel: number;
  nobs: number;
  design: DesignSpec;
  weights?: string | null;
  offset?: string | null;
  cluster?: string | null;
  nClusters?: number | null;
  clusterType?: 'HC1' | 'HC0';
  separation?: GlmSeparation;
}

/** One marginal effect or contrast on the response scale. */
export interface MarginalEffectRow {
  /** The predictor (a data column, as R's marginaleffects names it: `troops` for `log(troops)`). */
  term: string;
  /** `'dY/dX'` for a slope; `'hi - lo'` for a contrast (`'autocracy - anocracy'`, `'1 - 0'`, `'0.5 - 0'`). */
  contrast: string;
  estimate: number | null;
  /** Delta-method standard error from the fit's covariance. */
  stdError: number | null;
  /** estimate / stdError, a z statistic. */
  statistic: number | null;
  /** Two-sided normal p-value. */
  pValue: number | null;
  /** estimate -/+ z stdError at the result's confLevel. */
  lower: number | null;
  upper: number | null;
  /** 1-based row of the result's grid the effect is evaluated at; null for an average over the model's rows. */
  gridRow: number | null;
}

/** The rows an effect or prediction is evaluated at: every model variable's value by row. */
export interface MarginsGrid {
  /** The variables given values (the others are at their mean or mode). */
  at: string[];
  /** One array per variable, all of the grid's length. */
  columns: Record<string, (number | string)[]>;
}

/** Result of {@link marginalEffects}. */
export interface MarginalEffectsResult extends ResultBase<'marginal-effects'> {
  formula: string;
  family: FamilyName;
  link: LinkName;
  /** Always 'response': effects on the mean (a probability for a binomial model). */
  scale: 'response';
  /**
   * 'average' (AME: the mean over the model's rows), 'means' (MEM: at the grid of means and
   * modes) or 'values' (at representative values: one effect per grid row).
   */
  estimand: 'average' | 'means' | 'values';
  /** The grid of 'means' and 'values'; null for averages. */
  grid: MarginsGrid | null;
  /** Rows of the data the model used (averaged over for 'average'). */
  nobs: number;
  /** The fit's covariance type behind every standard error ('classical', 'HC1', 'cluster', ...). */
  vcovType: string;
  /** Cluster column(s) of a clustered covariance, else null. */
  cluster: string | null;
  /** sandwich's vcovCL type of a clustered covariance ('HC1', CR1, or 'HC0'), else null. */
  clusterType: 'HC1' | 'HC0' | null;
  /** Clusters of a clustered covariance (the first dimension's when there are several), else null. */
  nClusters: number | null;
  confLevel: number;
  statisticType: 'z';
  /** Finite-difference step h of each continuous predictor (1e-4 x its range unless given). */
  steps: Record<string, number>;
  /** Jacobian of the delta method: 'exact' (marginaleffects >= 1.0) or 'forward' differences (< 1.0). */
  jacobian: 'exact' | 'forward';
  /** How the numbers were computed, in words. */
  method: string;
  effects: MarginalEffectRow[];
  warnings: MusterWarning[];
}

/** One prediction over a grid, on the response scale with its interval. */
export interface PredictionGridRow {
  /** 1-based grid row (the values of every variable are in the result's `grid.columns`). */
  gridRow: number;
  /** Values of the grid's named variables at this row. */
  at: Record<string, number | string>;
  /** Predicted mean, the inverse link of the linear predictor. */
  estimate: number;
  /** Delta-method standard error on the response scale (predict.glm's se.fit for type 'response'). */
  stdError: number;
  /** Inverse link of the link-scale limits (inside the parameter space). */
  lower: number;
  upper: number;
  /** The linear predictor and its standard error. */
  linkEstimate: number;
  linkStdError: number;
}

/** Result of {@link predictionGrid}. */
export interface PredictionGridResult extends ResultBase<'prediction-grid'> {
  formula: string;
  family: FamilyName;
  link: LinkName;
  grid: MarginsGrid;
  vcovType: string;
  cluster: string | null;
  /** sandwich's vcovCL type of a clustered covariance ('HC1', CR1, or 'HC0'), else null. */
  clusterType: 'HC1' | 'HC0' | null;
  /** Clusters of a clustered covariance (the first dimension's when there are several), else null. */
  nClusters: number | null;
  confLevel: number;
  /** How the interval was formed. */
  method: string;
  predictions: PredictionGridRow[];
  warnings: MusterWarning[];
}
