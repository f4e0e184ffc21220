/**
 * Result types of @muster/matching: plain, serialisable objects whose content follows MatchIt's
 * `matchit` object and `summary.matchit` (field names spelled out in camelCase).
 */
import type { ResultBase } from '@muster/core';
import type { WarningCode } from './warnings.ts';

/** Matching methods: MatchIt's `method` argument. */
export type MatchMethod = 'nearest' | 'cem' | 'subclass';

/** Target estimands: ATT (treated are focal), ATC (controls are focal), ATE (cem, subclass). */
export type Estimand = 'ATT' | 'ATC' | 'ATE';

/** Order in which focal units are matched: MatchIt's `m.order`. */
export type MatchOrder = 'largest' | 'smallest' | 'data' | 'random';

/** Common-support discarding by the distance: MatchIt's `discard`. */
export type DiscardRule = 'none' | 'both' | 'control' | 'treated';

/**
 * One row of a balance table, as a row of `summary.matchit()`: `term` is `distance` or a
 * covariate column (numeric variables by name, factors one column per level, `regimedemocracy`).
 * Numbers are null where MatchIt prints `.` (NA).
 */
export interface BalanceRow {
  term: string;
  meansTreated: number | null;
  meansControl: number | null;
  /** (mean treated - mean control) / sd, the sd from the full sample (see {@link MatchResult.balance}). */
  stdMeanDiff: number | null;
  /** Weighted variance of the treated over that of the controls (null for binary variables). */
  varRatio: number | null;
  /** Mean and largest distance between the two groups' weighted eCDFs. */
  ecdfMean: number | null;
  ecdfMax: number | null;
  /** Mean within-pair (or within-subclass) absolute difference, standardised like stdMeanDiff. */
  stdPairDist: number | null;
}

/** Sample sizes, as `summary.matchit()$nn`: `[control, treated]` per row. */
export interface SampleSizes {
  /** All units, and their effective sample size (equal to the count without sampling weights). */
  all: { control: number; treated: number };
  allEss: { control: number; treated: number };
  /** Units with a positive matching weight, and the effective sample size of the weights. */
  matched: { control: number; treated: number };
  matchedEss: { control: number; treated: number };
  /** Units not discarded but left without a match. */
  unmatched: { control: number; treated: number };
  discarded: { control: number; treated: number };
}

/** Balance before and after matching. */
export interface BalanceTables {
  /** How the mean differences are standardised: by the sd of the treated (ATT), of the controls (ATC), or pooled (ATE). */
  standardisation: 'treated' | 'control' | 'pooled';
  /** Balance in the full sample (`summary(m)$sum.all`). */
  all: BalanceRow[];
  /** Balance with the matching weights (`$sum.matched`; `$sum.across` for subclassification). */
  matched: BalanceRow[];
  sizes: SampleSizes;
}

/** How the distance (propensity score) was obtained. */
export interface DistanceInfo {
  /** 'glm' (estimated), or 'user' (supplied). */
  kind: 'glm' | 'user';
  /** glm link ('logit', 'probit', ...) or null for a user distance. */
  link: string | null;
  /** The distance is the linear predictor (MatchIt's `link = "linear.logit"`) rather than the probability. */
  linear: boolean;
  /** Coefficients of the propensity model (glm only): term and estimate. */
  coefficients: { term: string; estimate: number | null }[] | null;
}

/** Result of {@link matchIt}. Arrays are indexed by data row (0-based) unless said otherwise. */
export interface MatchResult extends ResultBase<'matching', WarningCode> {
  /** The formula as given (`treat ~ covariates`). */
  formula: string;
  method: MatchMethod;
  estimand: Estimand;
  /** The treatment column, and which of its values is 'treated' (MatchIt's binarisation). */
  treatment: { column: string; treatedValue: number | string; controlValue: number | string };
  /** Covariate variables (model-frame names, as the formula's right-hand side). */
  covariates: string[];
  /** 1 for treated, 0 for control, per data row. */
  treat: number[];
  /** The distance measure per row (propensity score or user-supplied), or null (cem). */
  distance: number[] | null;
  distanceInfo: DistanceInfo | null;
  /** Units removed from matching by the common-support rule. */
  discarded: boolean[];
  /** Matching weights per row (0 = not in the matched sample). */
  weights: number[];
  /** Pair or subclass id per row (1-based, as MatchIt numbers them), null when unmatched or with replacement. */
  subclass: (number | null)[] | null;
  /**
   * Nearest neighbour only: one entry per focal unit (treated for ATT, control for ATC), in data
   * order: `focal` is its row, `matches` the rows of its matched units in the order found (null
   * where none was found), as MatchIt's `match.matrix`.
   */
  matchMatrix: { focal: number; matches: (number | null)[] }[] | null;
  /** The caliper on the distance scale (after multiplying by the sd), or null. */
  caliper: number | null;
  /** Nearest neighbour settings: ratio, replace, order, exact variables; null otherwise. */
  nearest: {
    ratio: number;
    replace: boolean;
    order: MatchOrder;
    /** Seed of the random order (m.order 'random'), else null. */
    seed: number | null;
    exact: string[];
  } | null;
  /** Subclassification: the quantile cut points of the distance (`q.cut`); cem: the cut points used per variable. */
  cutPoints: Record<string, number[]> | null;
  balance: BalanceTables;
}
