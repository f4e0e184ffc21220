/**
 * Coefficient rows with z tests and Wald intervals from estimates and their covariance, for the
 * estimators whose intervals are Wald only (the rare-events logit, the prior-regularised fit).
 *
 * Contract: `covariance` is p x p column-major; a non-finite estimate or variance gives nulls.
 */
import { pnorm, qnorm } from '@muster/core';

/**
 * A coefficient row of `fitRelogit` and `fitBayesGlm`: the shared row fields (z test, Wald
 * interval at `confLevel`; null where the estimate or its variance is not finite), with the
 * profile-likelihood limits of `fitGlm`'s rows always null.
 */
export interface WaldRow {
  term: string;
  estimate: number | null;
  stdError: number | null;
  statistic: number | null;
  pValue: number | null;
  lower: number | null;
  upper: number | null;
  /** No profile-likelihood limits for these estimators: always null. */
  profileLower: null;
  profileUpper: null;
}

function finiteOrNull(v: number): number | null {
  return Number.isFinite(v) ? v : null;
}

export function waldRows(
  terms: string[],
  estimates: ArrayLike<number>,
  covariance: Float64Array,
  confLevel: number,
): WaldRow[] {
  const p = terms.length;
  const zq = qnorm(1 - (1 - confLevel) / 2);
  return terms.map((term, j) => {
    const estimate = estimates[j];
    const se = Math.sqrt(covariance[j * p + j]);
    const statistic = estimate / se;
    return {
      term,
      estimate: finiteOrNull(estimate),
      stdError: finiteOrNull(se),
      statistic: finiteOrNull(statistic),
      pValue: finiteOrNull(2 * pnorm(Math.abs(statistic), 0, 1, false)),
      lower: finiteOrNull(estimate - zq * se),
      upper: finiteOrNull(estimate + zq * se),
      profileLower: null,
      profileUpper: null,
    };
  });
}

/** A p x p column-major matrix as rows of numbers (null where not finite). */
export function matrixRows(m: Float64Array, p: number): (number | null)[][] {
  return Array.from({ length: p }, (_, a) =>
    Array.from({ length: p }, (_, b) => finiteOrNull(m[b * p + a])),
  );
}
