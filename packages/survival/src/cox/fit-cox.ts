import {
  type CoefficientRow,
  type FitResultBase,
  InvalidArgumentError,
  isSqlSource,
  qnorm,
  type SqlSource,
} from '@muster/core';
import type { DataInput } from '@muster/formula';
import { fitCoxSql } from '../sql/fit-cox-sql.ts';
import type { ConfType, CoxCurveRow, ZphTransform } from '../types.ts';
import type { SurvivalWarningCode } from '../warnings.ts';
import { addRequestedOutputs } from './internal/cox-extras.ts';
import { coxFrame, coxInput } from './internal/cox-frame.ts';
import { coxKernel } from './internal/cox-kernel.ts';
import { readInit, validateCoxOptions } from './internal/cox-options.ts';
import {
  coxBaseFields,
  coxConcordance,
  coxGlobalTests,
  coxWarnings,
  zphRows,
} from './internal/cox-outputs.ts';
import { chooseVariance, coxCovariance, fittedPredictor } from './internal/cox-variance.ts';
import { expandStrataInteractions } from './internal/strata-interaction.ts';
import { expandTimeTransform, type TimeTransform } from './internal/time-transform.ts';

/** Options of {@link fitCox}. */
export interface FitCoxOptions {
  /** Handling of tied event times: `efron` (R's default) or `breslow`. */
  ties?: 'efron' | 'breslow';
  /**
   * Robust (sandwich) standard errors from the dfbeta residuals (Lin & Wei 1989). Defaults to true
   * when the model has a cluster or non-integer weights, as coxph; each row is its own cluster
   * otherwise, which is refused for counting-process data (the rows of one subject are not
   * independent): give `cluster(id)` there, as coxph requires ("one of cluster or id is needed").
   */
  robust?: boolean;
  /** Column whose values group rows into clusters (as coxph's `cluster =`); or use `cluster(x)`. */
  cluster?: string;
  /**
   * Column of case weights (> 0), as coxph's `weights =`: each row counts w times in the partial
   * likelihood. Non-integer weights make the variance robust by default, as coxph.
   */
  weights?: string;
  /** Newton-Raphson iteration limit (coxph.control iter.max); default 20. */
  maxIter?: number;
  /** Convergence tolerance on the relative change in log-likelihood (coxph.control eps); default 1e-9. */
  tolerance?: number;
  /**
   * Threads of the risk-set sweep of large right-censored fits (from 1,048,576 rows): the calling
   * thread plus worker threads in Node (default: every CPU, at most 8, or the environment
   * variable MUSTER_THREADS); 1 keeps the fit on the calling thread. The estimates do not depend
   * on it (the sweep runs in fixed chunks whatever the number of threads); browsers use one
   * thread.
   */
  threads?: number;
  /** Initial coefficients (column order); default 0. */
  init?: readonly number[];
  /** Compute the cox.zph proportional-hazards test (default true). */
  zph?: boolean;
  /** Time transform of cox.zph: `km` (default), `rank`, `identity` or `log`. */
  zphTransform?: ZphTransform;
  /**
   * Return cox.zph's scaled Schoenfeld residuals against the transformed time, for plotting
   * beta(t) (cox.zph(fit, transform, terms = FALSE)$y and $x); default false.
   */
  zphResiduals?: boolean;
  /** Return martingale, deviance, score, Schoenfeld, dfbeta and dfbetas residuals (default false). */
  residuals?: boolean;
  /**
   * Predicted survival curves (survfit(fit, newdata)): `'means'` for R's default curve at the
   * covariate means (its cumHazard is basehaz(fit, centered = TRUE)), or covariate profiles, one
   * object per curve with a value for each variable of the model.
   */
  survivalCurves?: 'means' | Record<string, unknown>[];
  /**
   * Time transform of the formula's `tt(x)` terms, as coxph's `tt =`: a function (x, t) => value
   * evaluated at every event time t for everyone at risk then (e.g. `(x, t) => x * Math.log(t)`),
   * or one function per tt() term in order. coxph's `tt = function(x, t, ...) x * log(t)`.
   */
  tt?: TimeTransform | readonly TimeTransform[];
  /** Interval type of the survival curves: log (default), log-log, plain or none. */
  confType?: ConfType;
  /** Level of the coefficient intervals and curve limits; default 0.95. */
  confLevel?: number;
}

/** One coefficient of {@link fitCox}; null where R reports NA (aliased). */
export interface CoxCoefficient extends CoefficientRow {
  /** Log hazard ratio. */
  estimate: number | null;
  /** Robust standard error when the fit is robust, model-based otherwise. */
  stdError: number | null;
  /** z = estimate / stdError. */
  statistic: number | null;
  /** Interval for the log hazard ratio at confLevel, from stdError. */
  lower: number | null;
  upper: number | null;
  /** exp(estimate). */
  hazardRatio: number | null;
  /** Interval for the hazard ratio: exp(lower), exp(upper) (summary.coxph's lower .95, upper .95). */
  hazardRatioLower: number | null;
  hazardRatioUpper: number | null;
  /** Model-based standard error (inverse information). */
  naiveStdError: number | null;
}

/** A chi-square test. */
export interface ChiSquareTest {
  statistic: number;
  df: number;
  pValue: number;
}

/**
 * The fields of a Cox fit ({@link CoxResult}, and the cause-specific fit of
 * fitCauseSpecificCox, which differs in `kind`).
 */
export interface CoxModel<Kind extends string>
  extends FitResultBase<Kind, CoxCoefficient, SurvivalWarningCode> {
  /** Maximum partial likelihood. */
  method: 'partial-likelihood';
  ties: 'efron' | 'breslow';
  /**
   * Covariance behind stdError: `classical` (inverse information), `robust` (each row its own
   * cluster) or `cluster`.
   */
  vcovType: 'classical' | 'robust' | 'cluster';
  /** Covariance matrix of the coefficients (rows as coefficients), robust when the fit is. */
  vcov: (number | null)[][];
  statisticType: 'z';
  dfResidual: null;
  type: 'right' | 'counting';
  /** Column means used for centring (0 for columns coded -1/0/1), as coxph's `means`. */
  means: number[];
  /** Log partial likelihood of the fitted model (coxph's loglik[2]). */
  logLik: number;
  /** Log partial likelihood at the initial coefficients, 0 unless `init` (coxph's loglik[1]). */
  logLikNull: number;
  /** Events (rows with event 1, unweighted), as coxph's `nevent`. */
  nEvents: number;
  /** Non-aliased coefficients, as attr(logLik(fit), 'df'). */
  df: number;
  /** -2 logLik + 2 df, as R's AIC(fit). */
  aic: number;
  /** -2 logLik + log(nEvents) df, as R's BIC(fit) (coxph's nobs is the number of events). */
  bic: number;
  nDropped: number;
  strata: string[] | null;
  concordance: number;
  concordanceStdError: number;
  concordanceCounts: {
    concordant: number;
    discordant: number;
    tiedX: number;
    tiedY: number;
    tiedXY: number;
  };
  likelihoodRatioTest: ChiSquareTest | null;
  /**
   * Wald test from the reported covariance. `statistic` is rounded to 2 decimals as
   * summary.coxph reports it (the p-value uses the unrounded value, `statisticUnrounded`).
   */
  waldTest: (ChiSquareTest & { statisticUnrounded: number }) | null;
  /** Score (log-rank) test at beta = init, model-based. */
  scoreTest: ChiSquareTest | null;
  /** Robust score test (robust fits only), as coxph's rscore. */
  robustScoreTest: ChiSquareTest | null;
  /** cox.zph with the chosen transform (`zphTransform`, default KM): one row per term, then GLOBAL. */
  zph: { term: string; chisq: number; df: number; pValue: number }[] | null;
  /** Time transform of `zph` and `zphResiduals`. */
  zphTransform: ZphTransform;
  /**
   * Scaled Schoenfeld residuals (zphResiduals option): one entry per event (by stratum and time),
   * `x` the transformed time, `y` one array per non-aliased coefficient (null where the
   * covariate does not vary within the event's stratum, as cox.zph's NA).
   */
  zphResiduals?: {
    transform: ZphTransform;
    terms: string[];
    time: number[];
    x: number[];
    y: (number | null)[][];
  };
  /**
   * Newton-Raphson iterations used, as coxph's `iter` for a converged fit; maxIter when the fit
   * ran out of iterations (R then reports maxIter + 1).
   */
  iterations: number;
  residuals?: {
    /** 1-based data row of each entry of the per-row residuals (rows used, in data order). */
    rows: number[];
    /** By data row used (in data order). */
    martingale: number[];
    /** Deviance residuals by data row used: sign(m) sqrt(-2 (m + delta log(delta - m))). */
    deviance: number[];
    /** By data row used; one array per coefficient (aliased ones 0). */
    score: number[][];
    /**
     * Approximate change in each coefficient when the row is left out: w_i times the score
     * residual times the model-based variance (residuals(fit, 'dfbeta')); one array per
     * coefficient (null for aliased ones).
     */
    dfbeta: (number | null)[][];
    /** dfbeta scaled by the coefficients' model-based standard errors (residuals(fit, 'dfbetas')). */
    dfbetas: (number | null)[][];
    /** One row per event, ordered by stratum and time. */
    schoenfeld: { row: number; time: number; stratum: string | null; values: (number | null)[] }[];
  };
  survivalCurves?: {
    profile: Record<string, unknown> | 'means';
    strata: { stratum: string | null; table: CoxCurveRow[] }[];
  }[];
}

/** Result of {@link fitCox}. */
export interface CoxResult extends CoxModel<'cox'> {}

/**
 * Fit a Cox proportional-hazards model by maximum partial likelihood, as R's
 * `coxph(formula, data, ties, robust)`.
 *
 * The response is `Surv(time, event)` or `Surv(start, stop, event)` (counting process, for
 * time-varying covariates and late entry); `strata(x)` terms give each stratum its own baseline
 * hazard; `cluster(x)` (or `options.cluster`) gives cluster-robust standard errors. Factors and
 * transformations are coded by @muster/formula as R's model.matrix does (the intercept is
 * dropped). Ties are handled by Efron's (default) or Breslow's approximation. The fit is
 * Newton-Raphson with step halving from beta = 0, stopping when the relative change in the log
 * partial likelihood is below `tolerance` (coxph.fit / agreg.fit); non-convergence, possibly
 * infinite coefficients and aliased columns are reported as warnings, not errors.
 *
 * Also returned: likelihood-ratio, Wald and score tests; Harrell's concordance with its standard
 * error (concordancefit); the proportional-hazards test of cox.zph (KM transform, per term and
 * GLOBAL); optionally martingale, deviance, score, Schoenfeld, dfbeta and dfbetas residuals and
 * predicted survival curves (survfit.coxph, with the baseline hazard matching the ties method).
 * Case weights (`weights`) enter as coxph's; (start, stop] rows with stop <= start are dropped
 * with a warning naming them, as R's Surv() makes them NA.
 *
 * Reference: Cox (1972), JRSS B 34:187-220; Efron (1977), JASA 72:557-565; Lin & Wei (1989),
 * JASA 84:1074-1078; Grambsch & Therneau (1994), Biometrika 81:515-526; Therneau & Grambsch
 * (2000), Modeling Survival Data; R survival's coxfit6.c, agfit4.c, cox.zph, concordance.
 *
 * @param formula - `Surv(time, status) ~ terms`, with optional `strata()` and `cluster()` terms.
 * @param data - Columns by name (as readCsv returns them) or an arquero table.
 * @param options - See {@link FitCoxOptions}.
 * @returns A plain object with the fields every Muster fit shares (`kind: 'cox'`, `vcovType`
 *   and the `vcov` matrix, `nEvents`, `logLik` and `logLikNull`, `df`, `aic`, `bic` as R's
 *   AIC/BIC with the number of events); coefficient rows with the log-hazard interval
 *   (`lower`, `upper`) and the hazard ratio with its own; tests, concordance, zph;
 *   `converged`, `iterations` and `warnings` tell how the fit went.
 * @throws FormulaError for a formula without a Surv() response or with an unknown column;
 *   DataError for non-numeric times, bad event codes or weights (row and column named);
 *   InvalidArgumentError for unknown or bad options, robust = true on counting-process data
 *   without a cluster, or data without any event.
 * @example
 * ```ts
 * // survival's book1.R data: the Breslow estimate is log(1.5 + sqrt(33) / 2)
 * const fit = fitCox('Surv(time, status) ~ x', {
 *   time: [9, 1, 1, 6, 6, 8], status: [1, 1, 0, 1, 1, 0], x: [0, 1, 1, 1, 0, 0],
 * }, { ties: 'breslow' });
 * fit.coefficients[0].estimate;
 * // => 1.4752849 (= log(1.5 + sqrt(33) / 2))
 * ```
 */
export function fitCox(formula: string, data: DataInput, options?: FitCoxOptions): CoxResult;
/**
 * {@link fitCox} on a table in a SQL engine (a `SqlSource`, e.g. `duckdbSource(db, 'panel')` of
 * `@muster/duckdb`): the same Newton-Raphson, with the partial likelihood, score and information
 * of each step computed by aggregate queries in the engine (risk-set sums as window functions
 * over time in descending order, per stratum; Efron's tied terms by a join with the tie
 * positions), so memory does not grow with the rows. Resolves to the same result as in memory
 * (to 1e-9; README, "Out-of-core fits") except for concordance (NaN) and cox.zph (null), which
 * need the rows in order and are named by a `sql-source-not-computed` warning. Right-censored
 * and counting-process data, strata, offsets, integer case weights; robust and clustered
 * variances, residuals and curves are refused.
 *
 * @param formula - `Surv(time, status) ~ terms`, optionally with `strata()` terms.
 * @param data - The source.
 * @param options - As {@link FitCoxOptions}, without the per-row outputs.
 * @returns A promise of the {@link CoxResult}.
 * @throws As the in-memory fit; InvalidArgumentError for an option that needs the rows, a
 *   FormulaError for a term that cannot be written in SQL.
 * @example
 * ```ts
 * import { duckdbSource, openDatabase } from '@muster/duckdb';
 *
 * const db = await openDatabase();
 * const rows = duckdbSource(db, 'SELECT * FROM (VALUES (9, 1, 0), (1, 1, 1), (1, 0, 1), (6, 1, 1), (6, 1, 0), (8, 0, 0)) t(time, status, x)');
 * const fit = await fitCox('Surv(time, status) ~ x', rows, { ties: 'breslow' });
 * fit.coefficients[0].estimate;
 * // => 1.4752849 (= log(1.5 + sqrt(33) / 2), as in memory)
 * db.close();
 * ```
 */
export function fitCox(
  formula: string,
  data: SqlSource,
  options?: FitCoxOptions,
): Promise<CoxResult>;
export function fitCox(
  formula: string,
  data: DataInput | SqlSource,
  options: FitCoxOptions = {},
): CoxResult | Promise<CoxResult> {
  if (isSqlSource(data)) return fitCoxSql(formula, data, options);
  if (options.tt !== undefined) return fitCoxTimeTransform(formula, data, options);
  const interactions = expandStrataInteractions('fitCox', formula, data);
  if (interactions) {
    const fit = fitCoxInMemory(interactions.formula, interactions.data, options);
    const rename = (term: string) => interactions.termNames.get(term) ?? term;
    return {
      ...fit,
      formula,
      coefficients: fit.coefficients.map((c) => ({ ...c, term: rename(c.term) })),
      zph: fit.zph?.map((row) => ({ ...row, term: rename(row.term) })) ?? null,
    };
  }
  return fitCoxInMemory(formula, data, options);
}

function fitCoxInMemory(formula: string, data: DataInput, options: FitCoxOptions): CoxResult {
  const settings = validateCoxOptions(options);
  const frame = coxFrame(formula, data, options);
  const init = readInit(options, frame.p);
  const choice = chooseVariance(frame, options);
  const kernel = coxKernel(coxInput(frame), settings.efron, settings.control, init);
  const fitted = fittedPredictor(frame, kernel);
  const covariance = coxCovariance(fitted, kernel, choice, settings, init);
  const z = qnorm(1 - (1 - settings.confLevel) / 2);
  const result: CoxResult = {
    kind: 'cox',
    ...coxBaseFields(frame, kernel, settings, covariance, choice, z),
    ...coxConcordance(frame, fitted, choice),
    ...coxGlobalTests(
      kernel,
      covariance.vcov,
      fitted.kept,
      frame.p,
      init,
      settings.control.tolerChol,
    ),
    robustScoreTest: covariance.robustScore,
    zph: options.zph !== false && fitted.kept.length > 0 ? zphRows(frame, fitted, settings) : null,
    zphTransform: settings.zphTransform,
    warnings: [...choice.warnings, ...coxWarnings(frame, kernel, settings)],
  };
  addRequestedOutputs(result, options, frame, fitted, kernel, settings, covariance, z);
  return result;
}

/**
 * fitCox with tt() terms, as coxph: the data are expanded to one stratum per event time holding
 * everyone at risk then, with f(x, t) for each tt(x) term (see internal/time-transform.ts), and
 * the Cox model runs on them; terms are named `tt(x)`, `nobs` counts the data rows. Outputs that
 * coxph does not give for such models (cox.zph, residuals, curves) are refused or null.
 */
function fitCoxTimeTransform(formula: string, data: DataInput, options: FitCoxOptions): CoxResult {
  const { tt, ...rest } = options;
  validateCoxOptions(options);
  for (const key of ['residuals', 'survivalCurves', 'zphResiduals'] as const) {
    if (rest[key]) {
      throw new InvalidArgumentError(
        key,
        `fitCox does not give ${key} for models with tt() terms (coxph's cox.zph, residuals and survfit are not defined on its expanded data); received ${key}`,
      );
    }
  }
  if (rest.robust === true && !rest.cluster && !/\bcluster\s*\(/.test(formula)) {
    throw new InvalidArgumentError(
      'robust',
      'fitCox requires a cluster (subject id) for a robust variance with tt() terms: the expanded rows of one subject are not independent',
    );
  }
  const extra = [rest.weights, rest.cluster].filter((c): c is string => typeof c === 'string');
  const expansion = expandTimeTransform('fitCox', formula, data, tt as TimeTransform, extra);
  const fit = fitCox(expansion.formula, expansion.data, { ...rest, zph: false });
  const rename = (term: string) => expansion.termNames.get(term) ?? term;
  return {
    ...fit,
    formula,
    nobs: expansion.nRows,
    strata: expansion.strataLabels,
    coefficients: fit.coefficients.map((c) => ({ ...c, term: rename(c.term) })),
    zph: null,
  };
}
