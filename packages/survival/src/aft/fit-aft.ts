import type { CoefficientRow, FitResultBase } from '@muster/core';
import type { DataInput } from '@muster/formula';
import type { AftDistribution } from '../types.ts';
import type { SurvivalWarningCode } from '../warnings.ts';
import { aftFrame } from './internal/aft-frame.ts';
import { readAftOptions } from './internal/aft-options.ts';
import { aftCoefficients, aftResult } from './internal/aft-outputs.ts';
import { standardiseColumns, toOriginalScale } from './internal/aft-scaling.ts';
import { startingValues, survregProblem } from './internal/aft-start.ts';
import { rememberDesign } from './internal/design-store.ts';
import { survregIterate } from './internal/survreg-kernel.ts';

/** Options of {@link fitAft}. */
export interface AftOptions {
  /** Error distribution of log time. Default 'weibull'. */
  dist?: AftDistribution;
  /** Fixed scale (> 0), or 0 to estimate it (survreg's `scale`). Exponential fixes it at 1. */
  scale?: number;
  /** Column of case weights (survreg's `weights`). */
  weights?: string;
  /** Maximum Newton-Raphson iterations (survreg.control's `iter.max`). Default 30. */
  maxIter?: number;
  /** Relative tolerance on the log-likelihood (`rel.tolerance`). Default 1e-9. */
  tolerance?: number;
  /** Pivot tolerance of the Cholesky decomposition (`toler.chol`). Default 1e-10. */
  tolerChol?: number;
  /** Level of the coefficient intervals. Default 0.95. */
  confLevel?: number;
}

/**
 * One coefficient of an AFT fit; the log-scale rows come last: `Log(scale)`, or one per stratum
 * named by the strata level (`sex=1`) as survreg's summary names them.
 */
export interface AftCoefficient extends CoefficientRow {
  /** Estimate (log-time scale); null when the column is aliased (not estimable). */
  estimate: number | null;
  /** Wald z = estimate / stdError. */
  statistic: number | null;
  /** Two-sided normal p-value. */
  pValue: number | null;
  /** Wald interval at confLevel on the estimate's scale (log time, or log scale), as confint(). */
  lower: number | null;
  upper: number | null;
}

/** Result of {@link fitAft}. */
export interface AftResult extends FitResultBase<'aft', AftCoefficient, SurvivalWarningCode> {
  /** Maximum likelihood (survreg). */
  method: 'ml';
  dist: AftDistribution;
  /** The inverse of the observed information. */
  vcovType: 'classical';
  /**
   * Covariance of all parameters in `coefficients` order (coefficients, then the log-scales),
   * null in the rows and columns of aliased coefficients.
   */
  vcov: (number | null)[][];
  statisticType: 'z';
  dfResidual: null;
  nClusters: null;
  /** Scale sigma: one number, or one per stratum (in `strataLevels` order) with strata(). */
  scale: number | number[];
  /** Whether the scale was estimated (false for exponential or a fixed `scale`). */
  scaleEstimated: boolean;
  strataLevels: string[] | null;
  /** Log-likelihood of the fitted model (on the time scale, as survreg's loglik[2]). */
  logLik: number;
  /** Log-likelihood of the intercept-only model (survreg's loglik[1]). */
  logLikNull: number;
  /** Likelihood-ratio test against the intercept-only model. */
  likelihoodRatioTest: { statistic: number; df: number; pValue: number };
  /** Number of estimated parameters (coefficients, aliased ones included as survreg counts them, and log-scales). */
  df: number;
  /** -2 logLik + 2 df, as R's AIC(fit). */
  aic: number;
  /** -2 logLik + log(nobs) df, as R's BIC(fit). */
  bic: number;
  nDropped: number;
  /** Uncensored observations. */
  nEvents: number;
}

/**
 * Parametric accelerated failure time model, as R's `survreg`: log(T) = x'b + sigma e with e
 * extreme-value (Weibull; exponential with sigma = 1), logistic (log-logistic) or Gaussian
 * (log-normal), fitted by maximum likelihood on right-censored data.
 *
 * Method: survreg.fit's algorithm: covariates that are not 0/1 are centred and scaled while
 * iterating, starting values from the intercept-only fit (itself started from the moments of
 * log time), Newton-Raphson on (b, log sigma) with step halving (survreg6.c), convergence when
 * the relative change in log-likelihood is at most `tolerance`; the covariance is the inverse of
 * the observed information. The log-likelihood is on the time scale (it includes -sum log t over
 * the events), as survreg reports it. Reference: Kalbfleisch & Prentice (2002), The Statistical
 * Analysis of Failure Time Data, ch. 2-3; Therneau, survreg documentation.
 *
 * @param formula - `Surv(time, event) ~ terms`, optionally with `strata(g)` (one scale per
 *   stratum) and `offset()`.
 * @param data - The data (columns by name, or an arquero table).
 * @param options - `dist` (default 'weibull'), `scale`, `weights`, `maxIter` (30), `tolerance`
 *   (1e-9), `tolerChol` (1e-10), `confLevel` (0.95).
 * @returns Coefficients with standard errors, z, p and Wald intervals (and `Log(scale)` rows
 *   when estimated), `scale`, `logLik` (fitted) and `logLikNull` (intercept-only), `aic`, `bic`,
 *   `converged`, `iterations`, `warnings`.
 *   Non-convergence is a result (`converged: false`, a warning), not an error.
 * @throws FormulaError without a Surv response or with start-stop data; DataError for
 *   non-positive or infinite times, or event codes other than 0/1; InvalidArgumentError for bad
 *   options.
 * @example
 * ```ts
 * const fit = fitAft('Surv(time, status) ~ age + sex', lung, { dist: 'weibull' });
 * fit.coefficients.map((c) => [c.term, c.estimate]);
 * // => [['(Intercept)', 6.2749], ['age', -0.01226], ['sex', 0.3821], ['Log(scale)', -0.2823]]
 * ```
 */
export function fitAft(formula: string, data: DataInput, options: AftOptions = {}): AftResult {
  const settings = readAftOptions(options);
  const frame = aftFrame(formula, data, options, settings);
  const { n, nvar, nstrata, nstrat2, x } = frame;
  const scaling = standardiseColumns(x, n, nvar);
  let meanOnly = nvar === 1;
  for (let i = 0; i < n && meanOnly; i++) if (x[i] !== 1) meanOnly = false;
  const { fit0, init } = startingValues(frame, settings, meanOnly);
  const problem = survregProblem(frame, settings, nvar, x);
  const fit = survregIterate(
    problem,
    init,
    settings.maxIter,
    settings.tolerance,
    settings.tolerChol,
  );
  const nvar2 = nvar + nstrat2;
  const { estimate, variance } = toOriginalScale(fit.beta, fit.variance, scaling, nvar, nvar2);
  const scaleNames =
    nstrat2 === 0 ? [] : nstrata > 1 ? [...(frame.strataLevels ?? [])] : ['Log(scale)'];
  const terms = [...frame.design.columns, ...scaleNames];
  const coefficients = aftCoefficients(terms, estimate, variance, nvar, settings.confLevel);
  const result = aftResult(frame, settings, fit, fit0, coefficients, variance);
  rememberDesign(result, frame.design);
  return result;
}
