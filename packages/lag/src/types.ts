/**
 * Shared result and input types of @muster/lag. Everything here is plain data: results
 * serialise to JSON as they are.
 */

/**
 * A discrete delay distribution on d = 0, 1, ..., maxDelay periods (offence -> court, onset ->
 * report). `pmf[d]` is P(delay = d); the entries sum to 1.
 */
export interface DelayDistribution {
  /** 'gamma', 'lognormal', 'negative-binomial', 'empirical', 'convolution' or 'pmf'. */
  distribution: string;
  /** P(delay = d) for d = 0..maxDelay; sums to 1. */
  pmf: number[];
  /** Largest delay with positive support (pmf.length - 1). */
  maxDelay: number;
  /** Mean of the continuous or untruncated distribution the pmf was built from, when there is one. */
  mean?: number;
  /** Standard deviation of that distribution, when there is one. */
  sd?: number;
  /** How the pmf was obtained, in words (discretisation rule, estimator). */
  method: string;
}

/** A delay given either as a {@link DelayDistribution} or as its pmf (P(delay = d), d = 0, 1, ...). */
export type DelayInput = DelayDistribution | ArrayLike<number>;

/**
 * A date or period. Strings are ISO dates `YYYY-MM-DD` or months `YYYY-MM`; numbers are period
 * indices already in the unit of the analysis.
 */
export type DateLike = string | number;

/** The time unit of a series: one period is a day, an ISO week (7 days) or a calendar month. */
export type PeriodUnit = 'day' | 'week' | 'month';
