/**
 * Every warning @muster/survival attaches to a result: its stable code and one message builder
 * per code, so that consumers switch on `code` and the wording lives in one place. Conditions
 * that other packages report too share their code (`not-converged`, `aliased`,
 * `missing-values-dropped`, `step-halving-failed`); the README lists every code.
 */
import { type MusterWarning, warning } from '@muster/core';

/**
 * The codes of the warnings of @muster/survival, the values of {@link SurvivalWarningCode}.
 *
 * @example
 * ```ts
 * const data = { time: [5, 3, 8, 1, 9, 4], status: [1, 1, 0, 1, 1, 1], x: [0, 1, 1, 0, 2, 1] };
 * const fit = fitCox('Surv(time, status) ~ x + x2', { ...data, x2: data.x.map((v) => 2 * v) });
 * fit.warnings.map((w) => w.code);
 * // => ['aliased']
 * SURVIVAL_WARNING_CODES.includes('aliased');
 * // => true
 * ```
 */
export const SURVIVAL_WARNING_CODES = [
  'not-converged',
  'aliased',
  'missing-values-dropped',
  'step-halving-failed',
  'empty-intervals-dropped',
  'rows-before-start-time',
  'cluster-ignored',
  'no-events',
  'infinite-coefficient',
  'singular-information',
  'non-finite-loglik',
  'scale-ignored',
  'group-without-risk',
  'cause-without-events',
  'gray-test-singular',
  'sql-source-not-computed',
  'differs-from-survfit',
] as const;

/** A warning code of @muster/survival (see the README's table). */
export type SurvivalWarningCode = (typeof SURVIVAL_WARNING_CODES)[number];

/** A warning of @muster/survival. */
export type SurvivalWarning = MusterWarning<SurvivalWarningCode>;

/** The iterations ran out before the convergence criterion was met (`advice` says what to try). */
export function notConvergedWarning(
  caller: string,
  maxIter: number,
  advice: string,
): SurvivalWarning {
  return warning(
    'not-converged',
    `${caller} ran out of iterations (${maxIter}) and did not converge; ${advice}`,
  );
}

/** Columns that are not estimable (R's NA coefficients), with the likely cause. */
export function aliasedWarning(caller: string, terms: string[], cause: string): SurvivalWarning {
  return warning('aliased', `${caller}: ${terms.join(', ')} not estimable (NA); ${cause}`, terms);
}

/** Rows with a missing value left out, as R's na.omit (`what` names the columns looked at). */
export function missingValuesDroppedWarning(
  caller: string,
  nDropped: number,
  what = 'missing values',
): SurvivalWarning {
  return warning('missing-values-dropped', `${caller} dropped ${nDropped} row(s) with ${what}`);
}

/** A step-halving line search that could not decrease the objective. */
export function stepHalvingFailedWarning(caller: string, iteration: number): SurvivalWarning {
  return warning(
    'step-halving-failed',
    `${caller}: step halving failed to decrease the objective at iteration ${iteration}`,
  );
}

/** (start, stop] rows with stop <= start, dropped as R's Surv() makes them NA (data rows named). */
export function emptyIntervalsDroppedWarning(
  caller: string,
  rows: readonly number[],
): SurvivalWarning {
  const shown = rows.slice(0, 10).join(', ') + (rows.length > 10 ? ', ...' : '');
  return warning(
    'empty-intervals-dropped',
    `${caller} dropped ${rows.length} row(s) whose stop is not after start (R's Surv() makes them NA): data row(s) ${shown}`,
    rows.map(String),
  );
}

/** Rows ending before survfit's `start.time`, left out of the curves. */
export function rowsBeforeStartTimeWarning(
  caller: string,
  nRows: number,
  startTime: number,
): SurvivalWarning {
  return warning(
    'rows-before-start-time',
    `${caller} left out ${nRows} row(s) ending before startTime ${startTime}`,
  );
}

/** A cluster given together with robust = false: the cluster is not used. */
export function clusterIgnoredWarning(caller: string): SurvivalWarning {
  return warning(
    'cluster-ignored',
    `${caller}: cluster given with robust = false; the cluster is ignored (as R)`,
  );
}

/** No events (in a group, or at all): what the result then means is in `consequence`. */
export function noEventsWarning(
  caller: string,
  consequence: string,
  subjects?: string[],
): SurvivalWarning {
  return warning('no-events', `${caller}: ${consequence}`, subjects);
}

/** Monotone likelihood: the log-likelihood converged while these coefficients still grew. */
export function infiniteCoefficientWarning(caller: string, terms: string[]): SurvivalWarning {
  return warning(
    'infinite-coefficient',
    `${caller}: the log-likelihood converged before ${terms.join(', ')}; the coefficient may be infinite (monotone likelihood, e.g. no events in one group)`,
    terms,
  );
}

/** The information matrix is not positive definite (`when` says where: an iteration, the estimate). */
export function singularInformationWarning(caller: string, detail: string): SurvivalWarning {
  return warning('singular-information', `${caller}: the information matrix ${detail}`);
}

/** The log-likelihood is not finite at the last iterate. */
export function nonFiniteLogLikWarning(caller: string): SurvivalWarning {
  return warning(
    'non-finite-loglik',
    `${caller}: the log-likelihood is not finite at the last iterate; the fit failed`,
  );
}

/** A scale option ignored because the distribution fixes the scale. */
export function scaleIgnoredWarning(caller: string, dist: string): SurvivalWarning {
  return warning(
    'scale-ignored',
    `${caller}: the ${dist} distribution has scale 1; the scale option was ignored`,
  );
}

/** Groups with no one at risk at any event time, left out of a test. */
export function groupWithoutRiskWarning(caller: string, groups: string[]): SurvivalWarning {
  return warning(
    'group-without-risk',
    `${caller}: ${groups.join(', ')} had no one at risk at any event time and are left out of the test`,
    groups,
  );
}

/** A cause of a competing-risks outcome without any event (`consequence` says what follows). */
export function causeWithoutEventsWarning(
  caller: string,
  cause: string,
  consequence: string,
): SurvivalWarning {
  return warning(
    'cause-without-events',
    `${caller}: cause '${cause}' has no events${consequence ? `; ${consequence}` : ''}`,
    [cause],
  );
}

/** Gray's test for a cause whose score variance is singular: no statistic. */
export function grayTestSingularWarning(caller: string, cause: string): SurvivalWarning {
  return warning(
    'gray-test-singular',
    `${caller}: Gray's test for cause '${cause}' has a singular score variance (no events of this cause in enough groups); no statistic is reported`,
    [cause],
  );
}

/**
 * A fit on a SQL source leaves out quantities that need each row in memory (`what`), and says
 * which fields hold what instead.
 */
export function sqlSourceNotComputedWarning(
  caller: string,
  what: string,
  instead: string,
): SurvivalWarning {
  return warning(
    'sql-source-not-computed',
    `${caller} on a SQL source does not compute ${what} (they need the rows in memory); ${instead}`,
  );
}

/**
 * A deliberate difference from survival 3.5-3's survfit for the same call (`what` says which and
 * what Muster does instead), listed in the README's "Where Muster differs from R on purpose".
 */
export function differsFromSurvfitWarning(caller: string, what: string): SurvivalWarning {
  return warning('differs-from-survfit', `${caller} differs from survfit on purpose: ${what}`);
}
