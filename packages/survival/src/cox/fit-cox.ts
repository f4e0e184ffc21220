import { InvalidArgumentError, type MusterWarning, pchisq, qnorm, warning } from '@muster/core';
import type { DataInput } from '@muster/formula';
import type { ConfType } from '../internal/conf-int.ts';
import { emptyIntervalWarning } from '../km/summarise-stratum.ts';
import { type ConcordanceResult, concordance } from './concordance.ts';
import type { CoxData } from './cox-data.ts';
import { type CoxKernelResult, coxKernel } from './cox-kernel.ts';
import { coxCurves, coxResiduals } from './internal/cox-extras.ts';
import { type CoxFrame, coxFrame } from './internal/cox-frame.ts';
import { type CoxSettings, validateCoxOptions } from './internal/cox-options.ts';
import { coxCoefficients, coxGlobalTests } from './internal/cox-tests.ts';
import { clusterDfbeta, robustScoreTest } from './internal/robust-variance.ts';
import { zphScaledResiduals } from './internal/zph-residuals.ts';
import { type RiskSetTable, riskSetTable } from './risk-set-table.ts';
import type { CoxCurveRow } from './survival-curve.ts';
import { coxZph, type ZphTransform } from './zph.ts';

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
  /** Convergence tolerance on the relative change in log-likelihood; default 1e-9. */
  eps?: number;
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
  /** Interval type of the survival curves: log (default), log-log, plain or none. */
  confType?: ConfType;
  /** Level of the coefficient intervals and curve limits; default 0.95. */
  confLevel?: number;
}

/** One coefficient of {@link fitCox}; null where R reports NA (aliased). */
export interface CoxCoefficient {
  term: string;
  estimate: number | null;
  hazardRatio: number | null;
  /** Robust standard error when the fit is robust, model-based otherwise. */
  stdError: number | null;
  /** Model-based standard error (inverse information). */
  naiveStdError: number | null;
  /** z = estimate / stdError. */
  statistic: number | null;
  pValue: number | null;
  /** Interval for the hazard ratio at confLevel, from stdError. */
  lower: number | null;
  upper: number | null;
}

/** A chi-square test. */
export interface ChiSquareTest {
  statistic: number;
  df: number;
  pValue: number;
}

/** Result of {@link fitCox}. */
export interface CoxResult {
  method: 'cox';
  formula: string;
  ties: 'efron' | 'breslow';
  /** Covariance used for stdError: `model-based`, `robust` or `cluster`. */
  vcov: 'model-based' | 'robust' | 'cluster';
  type: 'right' | 'counting';
  coefficients: CoxCoefficient[];
  /** Covariance matrix of the coefficients (rows as coefficients), robust when the fit is. */
  variance: (number | null)[][];
  /** Column means used for centring (0 for columns coded -1/0/1), as coxph's `means`. */
  means: number[];
  /** Log partial likelihood: [null model (beta = init), fitted]. */
  logLik: [number, number];
  nobs: number;
  nevent: number;
  nDropped: number;
  strata: string[] | null;
  nClusters: number | null;
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
  converged: boolean;
  /**
   * Newton-Raphson iterations used, as coxph's `iter` for a converged fit; maxIter when the fit
   * ran out of iterations (R then reports maxIter + 1).
   */
  iterations: number;
  warnings: MusterWarning[];
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
 * partial likelihood is below eps (coxph.fit / agreg.fit); non-convergence, possibly infinite
 * coefficients and aliased columns are reported as warnings, not errors.
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
 * @returns A plain object: coefficients with hazard ratios, tests, concordance, zph, and the
 *   method used; `converged`, `iterations` and `warnings` tell how the fit went.
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
export function fitCox(formula: string, data: DataInput, options: FitCoxOptions = {}): CoxResult {
  const settings = validateCoxOptions(options);
  const frame = coxFrame(formula, data, options);
  const init = readInit(options, frame.p);
  const variance = chooseVariance(frame, options);
  const kernel: CoxKernelResult = coxKernel(
    {
      x: frame.x,
      n: frame.n,
      p: frame.p,
      stop: frame.stop,
      start: frame.start,
      event: frame.event,
      strata: frame.strata,
      nStrata: frame.strataLevels ? frame.strataLevels.length : 1,
      offset: frame.offset,
      weights: frame.weights,
      stopOrder: frame.stopOrder,
    },
    settings.efron,
    settings.control,
    init,
  );
  const sorted = kernel.data;
  const betaUsed = kernel.beta.map((b) => (Number.isNaN(b) ? 0 : b));
  const eta = linearPredictor(sorted, betaUsed);
  const kept: number[] = [];
  for (let j = 0; j < frame.p; j++) if (!kernel.aliased[j]) kept.push(j);
  let table: RiskSetTable | null = null;
  let vcov = kernel.variance;
  let robustScore: ChiSquareTest | null = null;
  if (variance.cluster && frame.p > 0) {
    table = riskSetTable(sorted, eta);
    const { cluster, nClusters } = variance;
    vcov = clusterDfbeta(
      sorted,
      eta,
      settings.efron,
      kernel.variance,
      cluster,
      nClusters,
      table,
    ).variance;
    robustScore = robustScoreTest(
      sorted,
      settings.efron,
      cluster,
      nClusters,
      init,
      kernel.means,
      kept.length,
      settings.control.tolerChol,
    );
  }
  const z = qnorm(1 - (1 - settings.confLevel) / 2);
  const userClusters = variance.cluster && frame.cluster ? variance.cluster : null;
  const c: ConcordanceResult = concordance(
    sorted,
    eta,
    userClusters ? remapByPosition(userClusters, sorted) : null,
    frame.nClusters,
  );
  const result: CoxResult = {
    method: 'cox',
    formula: frame.design.formula,
    ties: settings.ties,
    vcov: variance.cluster ? (frame.cluster ? 'cluster' : 'robust') : 'model-based',
    type: frame.start ? 'counting' : 'right',
    coefficients: coxCoefficients(frame.terms, kernel, vcov, z),
    variance: frame.terms.map((_, i) =>
      frame.terms.map((__, j) =>
        kernel.aliased[i] || kernel.aliased[j] ? null : vcov[i + j * frame.p],
      ),
    ),
    means: Array.from(kernel.means),
    logLik: [kernel.loglikInit, kernel.loglik],
    nobs: frame.n,
    nevent: frame.nevent,
    nDropped: frame.nDropped,
    strata: frame.strataLevels,
    nClusters: userClusters ? frame.nClusters : null,
    concordance: c.concordance,
    concordanceStdError: c.stdError,
    concordanceCounts: {
      concordant: c.concordant,
      discordant: c.discordant,
      tiedX: c.tiedX,
      tiedY: c.tiedY,
      tiedXY: c.tiedXY,
    },
    ...coxGlobalTests(kernel, vcov, kept, frame.p, init, settings.control.tolerChol),
    robustScoreTest: robustScore,
    zph:
      options.zph !== false && kept.length > 0 ? zphRows(frame, sorted, eta, settings, kept) : null,
    zphTransform: settings.zphTransform,
    converged: kernel.converged,
    iterations: kernel.iterations,
    warnings: [...variance.warnings, ...fitWarnings(frame, kernel, settings)],
  };
  const wantResiduals = options.residuals || options.zphResiduals;
  if (wantResiduals || options.survivalCurves) table ??= riskSetTable(sorted, eta);
  if (wantResiduals && table) {
    const { residuals, schoenfeldPositions } = coxResiduals(
      frame,
      sorted,
      eta,
      table,
      settings.efron,
      kernel,
    );
    if (options.residuals) result.residuals = residuals;
    if (options.zphResiduals && kept.length > 0) {
      result.zphResiduals = zphScaledResiduals(
        sorted,
        residuals.schoenfeld,
        schoenfeldPositions,
        kernel,
        frame.terms,
        settings.zphTransform,
      );
    }
  }
  if (options.survivalCurves && table) {
    result.survivalCurves = coxCurves(
      frame,
      options.survivalCurves,
      table,
      settings.efron,
      kernel,
      betaUsed,
      vcov,
      z,
      settings.confType,
    );
  }
  return result;
}

function readInit(options: FitCoxOptions, p: number): Float64Array | undefined {
  if (!options.init) return undefined;
  if (options.init.length !== p) {
    throw new InvalidArgumentError(
      'init',
      `fitCox requires init of length ${p} (one per coefficient); received ${options.init.length}`,
    );
  }
  return Float64Array.from(options.init);
}

/**
 * coxph's choice of variance: robust with a cluster or non-integer weights unless robust = false
 * (the cluster then ignored with a warning); robust without a cluster makes each row its own,
 * refused for counting-process data when asked for explicitly ("one of cluster or id is needed").
 */
function chooseVariance(
  frame: CoxFrame,
  options: FitCoxOptions,
): { cluster: Int32Array | null; nClusters: number; warnings: MusterWarning[] } {
  const warnings: MusterWarning[] = [];
  const nonInteger = frame.weights?.some((w) => w !== Math.floor(w)) ?? false;
  const robust = options.robust ?? (frame.cluster !== null || nonInteger);
  if (frame.cluster && !robust) {
    warnings.push(
      warning(
        'cluster-ignored',
        'fitCox: cluster given with robust = false; the cluster is ignored',
      ),
    );
    return { cluster: null, nClusters: 0, warnings };
  }
  if (!robust) return { cluster: null, nClusters: 0, warnings };
  if (frame.cluster) return { cluster: frame.cluster, nClusters: frame.nClusters, warnings };
  if (frame.start && options.robust === true) {
    throw new InvalidArgumentError(
      'robust',
      'fitCox requires a cluster for robust = true on counting-process data: the rows of one subject are not independent, so per-row sandwich errors understate the uncertainty; add cluster(id) to the formula or name a cluster column (the cluster option; coxph: "one of cluster or id is needed")',
    );
  }
  return {
    cluster: Int32Array.from({ length: frame.n }, (_, i) => i),
    nClusters: frame.n,
    warnings,
  };
}

/** Linear predictor by position, centred at the means, offsets included. */
function linearPredictor(sorted: CoxData, beta: Float64Array): Float64Array {
  const { n, p } = sorted;
  const eta = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    let z = sorted.offset[k];
    for (let j = 0; j < p; j++) z += beta[j] * sorted.x[k * p + j];
    eta[k] = z;
  }
  return eta;
}

/** cox.zph (KM transform) by term of the model, then GLOBAL. */
function zphRows(
  frame: CoxFrame,
  sorted: CoxData,
  eta: Float64Array,
  settings: CoxSettings,
  kept: number[],
): NonNullable<CoxResult['zph']> {
  const { design } = frame;
  const termColumns = new Map<number, number[]>();
  kept.forEach((j, position) => {
    const a = design.assign[frame.columnIndex[j]];
    const list = termColumns.get(a) ?? [];
    list.push(position);
    termColumns.set(a, list);
  });
  const termList = [...termColumns.entries()]
    .sort((u, v) => u[0] - v[0])
    .map(([a, columns]) => ({ term: design.termLabels[a - 1], columns }));
  return coxZph(sorted, eta, settings.efron, kept, termList, settings.zphTransform).map((row) => ({
    term: row.term,
    chisq: row.chisq,
    df: row.df,
    pValue: pchisq(row.chisq, row.df, false),
  }));
}

function fitWarnings(
  frame: CoxFrame,
  kernel: CoxKernelResult,
  settings: CoxSettings,
): MusterWarning[] {
  const warnings: MusterWarning[] = [];
  const { terms } = frame;
  if (frame.nDropped > 0) {
    warnings.push(
      warning(
        'missing-values-dropped',
        `fitCox dropped ${frame.nDropped} row(s) with missing values`,
      ),
    );
  }
  if (frame.emptyIntervals.length > 0) {
    warnings.push(emptyIntervalWarning('fitCox', frame.emptyIntervals));
  }
  if (!kernel.converged && settings.control.maxIter > 0) {
    warnings.push(
      warning(
        'not-converged',
        `fitCox ran out of iterations (${settings.control.maxIter}) and did not converge; estimates are from the last accepted step. Check for separation (a covariate that perfectly predicts the order of events) or raise maxIter`,
      ),
    );
  }
  const aliasedTerms = terms.filter((_, j) => kernel.aliased[j]);
  if (aliasedTerms.length > 0) {
    warnings.push(
      warning(
        'aliased-coefficients',
        `fitCox: the information matrix is singular; ${aliasedTerms.join(', ')} not estimable (NA), e.g. a covariate constant within every stratum or collinear with others`,
        aliasedTerms,
      ),
    );
  }
  if (kernel.possiblyInfinite.length > 0) {
    const names = kernel.possiblyInfinite.map((j) => terms[j]);
    warnings.push(
      warning(
        'infinite-coefficient',
        `fitCox: the log-likelihood converged before ${names.join(', ')}; the coefficient may be infinite (monotone likelihood, e.g. no events in one group)`,
        names,
      ),
    );
  }
  return warnings;
}

function remapByPosition(codes: Int32Array, data: CoxData): Int32Array {
  const out = new Int32Array(data.n);
  for (let k = 0; k < data.n; k++) out[k] = codes[data.row[k]];
  return out;
}
