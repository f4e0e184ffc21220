import {
  type CoefficientRow,
  checkOptionKeys,
  DataError,
  type FitResultBase,
  FormulaError,
  InvalidArgumentError,
  pchisq,
  pnorm,
  qnorm,
} from '@muster/core';
import { type DataInput, designMatrix } from '@muster/formula';
import { preflightFormula } from '../internal/formula-preflight.ts';
import type { AftDistribution } from '../types.ts';
import {
  aliasedWarning,
  noEventsWarning,
  nonFiniteLogLikWarning,
  notConvergedWarning,
  type SurvivalWarning,
  type SurvivalWarningCode,
  scaleIgnoredWarning,
} from '../warnings.ts';
import {
  type BaseDistribution,
  baseOf,
  densityRow,
  initialValues,
} from './internal/aft-distributions.ts';
import { rememberDesign } from './internal/design-store.ts';
import { ldlFactor, ldlSolve } from './internal/ldl.ts';
import { type SurvregProblem, survregIterate } from './internal/survreg-kernel.ts';

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

function derivativesAtZero(
  base: BaseDistribution,
  status: number,
  sigma: number,
): { dg: number; ddg: number } {
  // survreg.fit's derfun evaluated at eta = y, i.e. z = 0.
  const d = densityRow(base, 0);
  const dtemp = d[2] * d[3];
  const tdenom = 1 / ((status === 0 ? d[1] : 1) * sigma);
  const dg = -tdenom * (status === 0 ? -d[2] : d[3]);
  const ddg = (tdenom / sigma) * (status === 0 ? -dtemp : d[4]);
  return { dg, ddg: ddg - dg * dg };
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
  checkOptionKeys('fitAft', options, [
    'dist',
    'scale',
    'weights',
    'maxIter',
    'tolerance',
    'tolerChol',
    'confLevel',
  ]);
  const fn = 'fitAft';
  const dist = options.dist ?? 'weibull';
  if (!Object.hasOwn(baseOf, dist)) {
    throw new InvalidArgumentError(
      'dist',
      `${fn} requires dist to be weibull, exponential, lognormal or loglogistic; received ${String(dist)}`,
    );
  }
  const base = baseOf[dist];
  let fixedScale = options.scale ?? 0;
  if (!(fixedScale >= 0) || !Number.isFinite(fixedScale)) {
    throw new InvalidArgumentError(
      'scale',
      `${fn} requires scale >= 0 (0 = estimate); received ${String(options.scale)}`,
    );
  }
  const warnings: SurvivalWarning[] = [];
  if (dist === 'exponential') {
    if (options.scale !== undefined && options.scale !== 0 && options.scale !== 1) {
      warnings.push(scaleIgnoredWarning(fn, dist));
    }
    fixedScale = 1;
  }
  const maxIter = options.maxIter ?? 30;
  const eps = options.tolerance ?? 1e-9;
  const tolChol = options.tolerChol ?? 1e-10;
  if (!Number.isInteger(maxIter) || maxIter < 0) {
    throw new InvalidArgumentError(
      'maxIter',
      `${fn} requires maxIter to be a non-negative integer; received ${String(maxIter)}`,
    );
  }
  const confLevel = options.confLevel ?? 0.95;
  if (!(confLevel > 0 && confLevel < 1)) {
    throw new InvalidArgumentError(
      'confLevel',
      `${fn} requires confLevel in (0, 1); received ${String(options.confLevel)}`,
    );
  }

  preflightFormula('fitAft', formula);
  const design = designMatrix(
    formula,
    data,
    options.weights === undefined ? undefined : { extra: { weights: options.weights } },
  );
  const response = design.response;
  if (response === null || response.kind !== 'surv') {
    throw new FormulaError(
      formula,
      0,
      `${fn} requires a Surv(time, event) response; received ${formula}`,
    );
  }
  if (response.start !== null) {
    throw new FormulaError(
      formula,
      0,
      `${fn} requires right-censored Surv(time, event) data; start-stop data are not supported`,
    );
  }
  const n = design.nrow;
  const nvar = design.ncol;
  if (n === 0) {
    throw new DataError(
      `${fn} requires at least one complete row; received 0 (${design.nDropped} dropped for missing values)`,
    );
  }
  const dataRow = (i: number) => design.rows[i] + 1;
  const y = new Float64Array(n);
  const status = new Uint8Array(n);
  let logCorrect = 0;
  let nEvents = 0;
  const w = new Float64Array(n).fill(1);
  if (options.weights !== undefined) {
    const values = design.extra.weights;
    for (let i = 0; i < n; i++) {
      const v = values[i];
      if (typeof v !== 'number' || !(v > 0) || !Number.isFinite(v)) {
        throw new DataError(
          `${fn} requires positive finite weights; row ${dataRow(i)} of column '${options.weights}' has ${String(v)}`,
          {
            column: options.weights,
            row: dataRow(i),
          },
        );
      }
      w[i] = v;
    }
  }
  for (let i = 0; i < n; i++) {
    const t = response.stop[i];
    const e = response.event[i];
    if (!(t > 0) || !Number.isFinite(t)) {
      throw new DataError(
        `${fn} requires positive finite survival times for the ${dist} distribution; row ${dataRow(i)} has time ${t}`,
        { row: dataRow(i) },
      );
    }
    if (e !== 0 && e !== 1) {
      throw new DataError(
        `${fn} requires event values 0 (censored) or 1 (event); row ${dataRow(i)} has ${e}`,
        {
          row: dataRow(i),
        },
      );
    }
    y[i] = Math.log(t);
    status[i] = e;
    if (e === 1) {
      nEvents++;
      logCorrect -= w[i] * Math.log(t);
    }
  }
  const offset = design.offset ? Float64Array.from(design.offset) : new Float64Array(n);
  const strataLevels = design.strata ? design.strata.levels : null;
  const nstrata = strataLevels ? strataLevels.length : 1;
  if (fixedScale > 0 && nstrata > 1) {
    throw new InvalidArgumentError('scale', `${fn} cannot combine a fixed scale with strata()`);
  }
  const strata = design.strata ? Int32Array.from(design.strata.codes) : new Int32Array(n);
  const nstrat2 = fixedScale > 0 ? 0 : nstrata;
  const nvar2 = nvar + nstrat2;
  const x = Float64Array.from(design.matrix);
  for (let i = 0; i < x.length; i++) {
    if (!Number.isFinite(x[i])) {
      throw new DataError(
        `${fn} requires finite covariates; column '${design.columns[Math.floor(i / n)]}' row ${dataRow(i % n)} has ${x[i]}`,
        {
          column: design.columns[Math.floor(i / n)],
          row: dataRow(i % n),
        },
      );
    }
  }
  if (nEvents === 0) {
    warnings.push(
      noEventsWarning(
        fn,
        'every observation is censored; the likelihood has no maximum and the estimates are not meaningful',
      ),
    );
  }

  // survreg.fit rescales non-0/1 columns when the first column is the intercept.
  let rescaled = false;
  const center = new Float64Array(nvar);
  const stdev = new Float64Array(nvar).fill(1);
  let firstIsOne = nvar > 1;
  for (let i = 0; i < n && firstIsOne; i++) if (x[i] !== 1) firstIsOne = false;
  if (firstIsOne) {
    for (let j = 0; j < nvar; j++) {
      let okay = true;
      for (let i = 0; i < n; i++) {
        const v = x[j * n + i];
        if (v !== 0 && v !== 1) {
          okay = false;
          break;
        }
      }
      if (okay) continue;
      rescaled = true;
      let mean = 0;
      for (let i = 0; i < n; i++) mean += x[j * n + i];
      mean /= n;
      let ss = 0;
      for (let i = 0; i < n; i++) ss += (x[j * n + i] - mean) ** 2;
      center[j] = mean;
      stdev[j] = Math.sqrt(ss / (n - 1));
    }
    if (rescaled) {
      for (let j = 0; j < nvar; j++) {
        if (center[j] === 0 && stdev[j] === 1) continue;
        for (let i = 0; i < n; i++) x[j * n + i] = (x[j * n + i] - center[j]) / stdev[j];
      }
    }
  }
  let meanOnly = nvar === 1;
  for (let i = 0; i < n && meanOnly; i++) if (x[i] !== 1) meanOnly = false;

  const problem = (columns: number, matrix: Float64Array): SurvregProblem => ({
    n,
    nvar: columns,
    nstrat: nstrat2,
    strata,
    y,
    status,
    x: matrix,
    w,
    offset,
    base,
  });
  const moments = initialValues(base, y, w);
  const startScale = fixedScale > 0 ? Math.log(fixedScale) : Math.log(4 * moments[1]) / 2;

  let fit0: ReturnType<typeof survregIterate> | null = null;
  let vars: Float64Array;
  if (!meanOnly) {
    const sigma = Math.exp(startScale);
    let sumWt = 0;
    let sumNum = 0;
    for (let i = 0; i < n; i++) {
      const { dg, ddg } = derivativesAtZero(base, status[i], sigma);
      const wt = -ddg * w[i];
      sumWt += wt;
      sumNum += w[i] * dg + wt * (y[i] - offset[i]);
    }
    const start0 = new Float64Array(1 + Math.max(nstrata, 1));
    start0[0] = sumNum / sumWt;
    for (let s = 0; s < nstrata; s++) start0[1 + s] = startScale;
    fit0 = survregIterate(problem(1, new Float64Array(n).fill(1)), start0, 20, eps, tolChol);
    vars = fit0.beta.slice(1);
  } else {
    vars = new Float64Array(nstrata).fill(startScale);
  }
  // Starting coefficients: one weighted least-squares step from eta = y.
  const xtwx = new Float64Array(nvar * nvar);
  const xtz = new Float64Array(nvar);
  for (let i = 0; i < n; i++) {
    const { dg, ddg } = derivativesAtZero(
      base,
      status[i],
      Math.exp(vars[nstrata > 1 ? strata[i] : 0]),
    );
    const wt = -ddg * w[i];
    const target = wt * (y[i] - offset[i]) + w[i] * dg;
    for (let j = 0; j < nvar; j++) {
      const xj = x[j * n + i];
      xtz[j] += target * xj;
      for (let l = 0; l <= j; l++) xtwx[l * nvar + j] += wt * xj * x[l * n + i];
    }
  }
  for (let j = 0; j < nvar; j++)
    for (let l = 0; l < j; l++) xtwx[j * nvar + l] = xtwx[l * nvar + j];
  const coef = ldlSolve(ldlFactor(xtwx, nvar, tolChol), xtz);
  const init = new Float64Array(nvar + vars.length);
  init.set(coef, 0);
  init.set(vars, nvar);
  const fit = survregIterate(problem(nvar, x), init, maxIter, eps, tolChol);

  // Back to the original covariate scale.
  const estimate = fit.beta.slice(0, nvar2);
  let variance = fit.variance;
  if (rescaled) {
    const t = new Float64Array(nvar2 * nvar2); // column-major vtemp
    for (let j = 0; j < nvar2; j++) t[j * nvar2 + j] = j < nvar ? 1 / stdev[j] : 1;
    for (let j = 1; j < nvar; j++) t[j * nvar2] = -center[j] / stdev[j];
    const original = new Float64Array(nvar2);
    for (let i = 0; i < nvar2; i++) {
      let s = 0;
      for (let j = 0; j < nvar2; j++) s += t[j * nvar2 + i] * estimate[j];
      original[i] = s;
    }
    estimate.set(original);
    const tv = new Float64Array(nvar2 * nvar2);
    for (let i = 0; i < nvar2; i++)
      for (let j = 0; j < nvar2; j++) {
        let s = 0;
        for (let k = 0; k < nvar2; k++) s += t[k * nvar2 + i] * variance[j * nvar2 + k];
        tv[j * nvar2 + i] = s;
      }
    variance = new Float64Array(nvar2 * nvar2);
    for (let i = 0; i < nvar2; i++)
      for (let j = 0; j < nvar2; j++) {
        let s = 0;
        for (let k = 0; k < nvar2; k++) s += tv[k * nvar2 + i] * t[k * nvar2 + j];
        variance[j * nvar2 + i] = s;
      }
  }

  const scaleNames = nstrat2 === 0 ? [] : nstrata > 1 ? [...strataLevels!] : ['Log(scale)'];
  const terms = [...design.columns, ...scaleNames];
  const quantile = qnorm(1 - (1 - confLevel) / 2);
  const coefficients: AftCoefficient[] = terms.map((term, j) => {
    const v = variance[j * nvar2 + j];
    if (v === 0 || !Number.isFinite(estimate[j])) {
      return {
        term,
        estimate: j < nvar && v === 0 ? null : estimate[j],
        stdError: null,
        statistic: null,
        pValue: null,
        lower: null,
        upper: null,
      };
    }
    const se = Math.sqrt(v);
    const z = estimate[j] / se;
    return {
      term,
      estimate: estimate[j],
      stdError: se,
      statistic: z,
      pValue: 2 * pnorm(-Math.abs(z)),
      lower: estimate[j] - quantile * se,
      upper: estimate[j] + quantile * se,
    };
  });
  const aliased = coefficients.filter((c) => c.estimate === null).map((c) => c.term);
  if (aliased.length > 0) {
    warnings.push(aliasedWarning(fn, aliased, 'collinear columns, reported as null'));
  }
  if (!fit.converged) {
    warnings.push(
      notConvergedWarning(
        fn,
        maxIter,
        'try a larger maxIter, rescale covariates, or another distribution',
      ),
    );
  }
  if (!Number.isFinite(fit.loglik)) warnings.push(nonFiniteLogLikWarning(fn));

  const logLik0 = (fit0 ? fit0.loglik : fit.loglik) + logCorrect;
  const logLik1 = fit.loglik + logCorrect;
  const lrDf = nvar - 1;
  const lrStatistic = 2 * (logLik1 - logLik0);
  const scales = Array.from(fit.beta.slice(nvar, nvar + Math.max(nstrat2, 1)), (v) =>
    nstrat2 === 0 ? fixedScale : Math.exp(v),
  );
  const df = nvar2;
  const isAliased = coefficients.map((c) => c.estimate === null);
  const result: AftResult = {
    kind: 'aft',
    formula: design.formula,
    method: 'ml',
    dist,
    confLevel,
    vcovType: 'classical',
    vcov: terms.map((_, i) =>
      terms.map((__, j) => (isAliased[i] || isAliased[j] ? null : variance[j * nvar2 + i])),
    ),
    statisticType: 'z',
    dfResidual: null,
    coefficients,
    scale: nstrata > 1 ? scales : scales[0],
    scaleEstimated: nstrat2 > 0,
    strataLevels,
    nobs: n,
    nEvents,
    nClusters: null,
    nDropped: design.nDropped,
    logLik: logLik1,
    logLikNull: logLik0,
    likelihoodRatioTest: {
      statistic: lrStatistic,
      df: lrDf,
      pValue: lrDf > 0 ? pchisq(lrStatistic, lrDf, false) : Number.NaN,
    },
    df,
    aic: -2 * logLik1 + 2 * df,
    bic: -2 * logLik1 + Math.log(n) * df,
    converged: fit.converged,
    iterations: fit.iterations,
    warnings,
  };
  rememberDesign(result, design);
  return result;
}
