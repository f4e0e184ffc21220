import {
  DataError,
  FormulaError,
  InvalidArgumentError,
  type MusterWarning,
  pchisq,
  qnorm,
  warning,
} from '@muster/core';
import { applyDesign, type DataInput, type DesignMatrix, designMatrix } from '@muster/formula';
import { cholesky2, chsolve2 } from './cox/cholesky2.ts';
import { type ConcordanceResult, concordance } from './cox/concordance.ts';
import type { CoxData } from './cox/cox-data.ts';
import { COX_CONTROL, type CoxControl, type CoxKernelResult, coxKernel } from './cox/cox-kernel.ts';
import { martingaleResiduals, schoenfeldResiduals, scoreResiduals } from './cox/residuals.ts';
import { hazardIncrements, type RiskSetTable, riskSetTable } from './cox/risk-set-table.ts';
import { type CoxCurveRow, coxSurvivalCurve } from './cox/survival-curve.ts';
import { coxZph } from './cox/zph.ts';
import { aeqSurv } from './internal/aeq-surv.ts';
import { CONF_TYPES, type ConfType } from './internal/conf-int.ts';
import { toLevels } from './internal/levels.ts';
import { sortIndex } from './internal/sort-index.ts';
import { readSurvival } from './internal/survival-input.ts';

/** Options of {@link fitCox}. */
export interface FitCoxOptions {
  /** Handling of tied event times: `efron` (R's default) or `breslow`. */
  ties?: 'efron' | 'breslow';
  /**
   * Robust (sandwich) standard errors from the dfbeta residuals (Lin & Wei 1989). Defaults to true
   * when the model has a cluster, as coxph; each row is its own cluster otherwise.
   */
  robust?: boolean;
  /** Column whose values group rows into clusters (as coxph's `cluster =`); or use `cluster(x)`. */
  cluster?: string;
  /** Newton-Raphson iteration limit (coxph.control iter.max); default 20. */
  maxIter?: number;
  /** Convergence tolerance on the relative change in log-likelihood; default 1e-9. */
  eps?: number;
  /** Initial coefficients (column order); default 0. */
  init?: readonly number[];
  /** Compute the cox.zph proportional-hazards test (default true). */
  zph?: boolean;
  /** Return martingale, score and Schoenfeld residuals (default false). */
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
  /** cox.zph with the KM transform: one row per term, then GLOBAL. */
  zph: { term: string; chisq: number; df: number; pValue: number }[] | null;
  converged: boolean;
  /**
   * Newton-Raphson iterations used, as coxph's `iter` for a converged fit; maxIter when the fit
   * ran out of iterations (R then reports maxIter + 1).
   */
  iterations: number;
  warnings: MusterWarning[];
  residuals?: {
    /** By data row used (in data order). */
    martingale: number[];
    /** By data row used; one array per coefficient (aliased ones 0). */
    score: number[][];
    /** One row per event, ordered by stratum and time. */
    schoenfeld: { row: number; time: number; stratum: string | null; values: (number | null)[] }[];
  };
  survivalCurves?: {
    profile: Record<string, unknown> | 'means';
    strata: { stratum: string | null; table: CoxCurveRow[] }[];
  }[];
}

const round2 = (x: number) => Math.round(x * 100) / 100;
const orNull = (x: number) => (Number.isFinite(x) ? x : null);

/** b' V^- b with survival's generalised Cholesky (coxph.wtest). */
function waldStatistic(variance: Float64Array, p: number, b: Float64Array, toler: number): number {
  const factor = Float64Array.from(variance);
  cholesky2(factor, p, toler);
  const solved = Float64Array.from(b);
  chsolve2(factor, p, solved);
  let value = 0;
  for (let j = 0; j < p; j++) value += b[j] * solved[j];
  return value;
}

function subMatrix(matrix: Float64Array, p: number, keep: number[]): Float64Array {
  const q = keep.length;
  const out = new Float64Array(q * q);
  for (let i = 0; i < q; i++)
    for (let j = 0; j < q; j++) out[i + j * q] = matrix[keep[i] + keep[j] * p];
  return out;
}

/** Robust variance D'D from dfbeta residuals summed within clusters. */
function robustPieces(
  data: CoxData,
  eta: Float64Array,
  efron: boolean,
  naive: Float64Array,
  cluster: Int32Array,
  nClusters: number,
  table: RiskSetTable,
): { variance: Float64Array; scoreByCluster: Float64Array } {
  const { n, p } = data;
  const increments = hazardIncrements(table, efron);
  const resid = scoreResiduals(data, eta, table, increments);
  const byCluster = new Float64Array(nClusters * p);
  for (let k = 0; k < n; k++) {
    const c = cluster[data.row[k]];
    const w = data.weight[k];
    for (let j = 0; j < p; j++) byCluster[c * p + j] += w * resid[k * p + j];
  }
  // dfbeta = resid %*% naive
  const dfbeta = new Float64Array(nClusters * p);
  for (let c = 0; c < nClusters; c++) {
    for (let j = 0; j < p; j++) {
      let s = 0;
      for (let k = 0; k < p; k++) s += byCluster[c * p + k] * naive[k + j * p];
      dfbeta[c * p + j] = s;
    }
  }
  const variance = new Float64Array(p * p);
  for (let c = 0; c < nClusters; c++) {
    for (let i = 0; i < p; i++) {
      for (let j = 0; j < p; j++) variance[i + j * p] += dfbeta[c * p + i] * dfbeta[c * p + j];
    }
  }
  return { variance, scoreByCluster: byCluster };
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
 * GLOBAL); optionally martingale, score and Schoenfeld residuals and predicted survival curves
 * (survfit.coxph, with the baseline hazard matching the ties method).
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
 *   DataError for non-numeric or negative times, stop not after start, or bad event codes (row
 *   and column named); InvalidArgumentError for bad options or data without any event.
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
  const ties = options.ties ?? 'efron';
  if (ties !== 'efron' && ties !== 'breslow') {
    throw new InvalidArgumentError(
      'ties',
      `fitCox requires ties 'efron' or 'breslow'; received ${String(ties)}`,
    );
  }
  const confType = options.confType ?? 'log';
  if (!CONF_TYPES.includes(confType)) {
    throw new InvalidArgumentError(
      'confType',
      `fitCox requires confType log, log-log, plain or none; received ${String(confType)}`,
    );
  }
  const confLevel = options.confLevel ?? 0.95;
  if (!(confLevel > 0 && confLevel < 1)) {
    throw new InvalidArgumentError(
      'confLevel',
      `fitCox requires confLevel in (0, 1); received ${confLevel}`,
    );
  }
  const control: CoxControl = {
    ...COX_CONTROL,
    maxIter: options.maxIter ?? COX_CONTROL.maxIter,
    eps: options.eps ?? COX_CONTROL.eps,
  };
  if (!(Number.isInteger(control.maxIter) && control.maxIter >= 0)) {
    throw new InvalidArgumentError(
      'maxIter',
      `fitCox requires maxIter to be a non-negative integer; received ${control.maxIter}`,
    );
  }
  if (!(control.eps > 0)) {
    throw new InvalidArgumentError('eps', `fitCox requires eps > 0; received ${control.eps}`);
  }
  const efron = ties === 'efron';
  const design: DesignMatrix = designMatrix(
    formula,
    data,
    options.cluster ? { extra: { cluster: options.cluster } } : {},
  );
  const response = design.response;
  if (response?.kind !== 'surv') {
    throw new FormulaError(
      formula,
      0,
      'fitCox requires a Surv(time, event) or Surv(start, stop, event) response',
    );
  }
  if (design.cluster && options.cluster) {
    throw new InvalidArgumentError(
      'cluster',
      `fitCox takes a cluster either as a cluster() term or as options.cluster; received both (${design.cluster.label} and ${options.cluster})`,
    );
  }
  const survival = readSurvival('fitCox', {
    time: response.stop,
    event: response.event,
    start: response.start,
    dataRows: design.rows,
    names: { time: 'time', event: 'event', start: 'start' },
  });
  const n = survival.stop.length;
  if (survival.nDropped > 0) {
    // the design matrix has already dropped incomplete rows; anything left is a bug upstream
    throw new InvalidArgumentError(
      'data',
      'fitCox received a response with missing values after the model frame',
    );
  }
  const stopOrder = sortIndex(survival.stop);
  const fixed = aeqSurv('fitCox', survival.stop, survival.start, stopOrder, design.rows);
  let nevent = 0;
  for (let i = 0; i < n; i++) nevent += survival.event[i];
  if (nevent === 0) {
    throw new InvalidArgumentError(
      'data',
      `fitCox requires at least one event; received 0 events in ${n} rows`,
    );
  }

  // covariates: drop the intercept column
  const columnIndex: number[] = [];
  design.assign.forEach((a, j) => {
    if (a > 0) columnIndex.push(j);
  });
  const p = columnIndex.length;
  const x = new Float64Array(n * p);
  columnIndex.forEach((c, j) => {
    x.set(design.matrix.subarray(c * n, (c + 1) * n), j * n);
  });
  const terms = columnIndex.map((c) => design.columns[c]);
  for (let j = 0; j < p; j++) {
    for (let i = 0; i < n; i++) {
      const v = x[i + j * n];
      if (!Number.isFinite(v)) {
        throw new DataError(
          `fitCox requires finite covariates; ${terms[j]} is ${v} in data row ${design.rows[i] + 1}`,
          { column: terms[j], row: design.rows[i] + 1 },
        );
      }
    }
  }
  if (options.init && options.init.length !== p) {
    throw new InvalidArgumentError(
      'init',
      `fitCox requires init of length ${p} (one per coefficient); received ${options.init.length}`,
    );
  }
  const init = options.init ? Float64Array.from(options.init) : undefined;

  // clusters
  let clusterCodes: Int32Array | null = null;
  let nClusters = 0;
  if (design.cluster) {
    clusterCodes = design.cluster.codes;
    nClusters = design.cluster.levels.length;
  } else if (options.cluster) {
    const levels = toLevels(design.extra.cluster ?? []);
    clusterCodes = levels.codes;
    nClusters = levels.labels.length;
  }
  const warnings: MusterWarning[] = [];
  let robust = options.robust ?? clusterCodes !== null;
  if (clusterCodes && options.robust === false) {
    warnings.push(
      warning(
        'cluster-ignored',
        'fitCox: cluster given with robust = false; the cluster is ignored',
      ),
    );
    clusterCodes = null;
    robust = false;
  }
  const vcovType = robust ? (clusterCodes ? 'cluster' : 'robust') : 'model-based';

  const kernel: CoxKernelResult = coxKernel(
    {
      x,
      n,
      p,
      stop: fixed.stop,
      start: fixed.start,
      event: survival.event,
      strata: design.strata ? design.strata.codes : null,
      nStrata: design.strata ? design.strata.levels.length : 1,
      offset: design.offset,
      weights: null,
      stopOrder,
    },
    efron,
    control,
    init,
  );
  const sorted = kernel.data;
  const betaUsed = kernel.beta.map((b) => (Number.isNaN(b) ? 0 : b));
  // linear predictor by position, centred at the means
  const eta = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    let z = sorted.offset[k];
    for (let j = 0; j < p; j++) z += betaUsed[j] * sorted.x[k * p + j];
    eta[k] = z;
  }
  const naive = kernel.variance;
  let variance = naive;
  let table: RiskSetTable | null = null;
  let robustScoreTest: ChiSquareTest | null = null;
  const kept: number[] = [];
  for (let j = 0; j < p; j++) if (!kernel.aliased[j]) kept.push(j);
  const df = kept.length;

  if (robust && p > 0) {
    const codes = clusterCodes ?? Int32Array.from({ length: n }, (_, i) => i);
    const count = clusterCodes ? nClusters : n;
    table = riskSetTable(sorted, eta);
    variance = robustPieces(sorted, eta, efron, naive, codes, count, table).variance;
    // robust score test at beta = init
    // as coxph: the linear predictor X init (0 without init), offsets left out
    const eta0 = new Float64Array(n);
    if (init) {
      for (let k = 0; k < n; k++) {
        let z = 0;
        for (let j = 0; j < p; j++) z += init[j] * (sorted.x[k * p + j] + kernel.means[j]);
        eta0[k] = z;
      }
    }
    const table0 = riskSetTable(sorted, eta0);
    const identity = new Float64Array(p * p);
    for (let j = 0; j < p; j++) identity[j + j * p] = 1;
    const { scoreByCluster } = robustPieces(sorted, eta0, efron, identity, codes, count, table0);
    const u = new Float64Array(p);
    const outer = new Float64Array(p * p);
    for (let c = 0; c < count; c++) {
      for (let i = 0; i < p; i++) {
        u[i] += scoreByCluster[c * p + i];
        for (let j = 0; j < p; j++) {
          outer[i + j * p] += scoreByCluster[c * p + i] * scoreByCluster[c * p + j];
        }
      }
    }
    const statistic = waldStatistic(outer, p, u, control.tolerChol);
    robustScoreTest = { statistic, df, pValue: pchisq(statistic, df, false) };
  }

  const z = qnorm(1 - (1 - confLevel) / 2);
  const coefficients: CoxCoefficient[] = terms.map((term, j) => {
    if (kernel.aliased[j]) {
      return {
        term,
        estimate: null,
        hazardRatio: null,
        stdError: null,
        naiveStdError: null,
        statistic: null,
        pValue: null,
        lower: null,
        upper: null,
      };
    }
    const estimate = kernel.beta[j];
    const se = Math.sqrt(variance[j + j * p]);
    const naiveSe = Math.sqrt(naive[j + j * p]);
    const statistic = estimate / se;
    return {
      term,
      estimate,
      hazardRatio: Math.exp(estimate),
      stdError: se,
      naiveStdError: naiveSe,
      statistic,
      pValue: pchisq(statistic * statistic, 1, false),
      lower: Math.exp(estimate - z * se),
      upper: Math.exp(estimate + z * se),
    };
  });

  let likelihoodRatioTest: ChiSquareTest | null = null;
  let waldTest: CoxResult['waldTest'] = null;
  let scoreTest: ChiSquareTest | null = null;
  if (df > 0) {
    const lr = 2 * (kernel.loglik - kernel.loglikInit);
    likelihoodRatioTest = { statistic: lr, df, pValue: pchisq(lr, df, false) };
    const b = new Float64Array(df);
    kept.forEach((j, i) => {
      b[i] = kernel.beta[j] - (init ? init[j] : 0);
    });
    const wald = waldStatistic(subMatrix(variance, p, kept), df, b, control.tolerChol);
    waldTest = {
      statistic: round2(wald),
      df,
      pValue: pchisq(wald, df, false),
      statisticUnrounded: wald,
    };
    scoreTest = { statistic: kernel.scoreTest, df, pValue: pchisq(kernel.scoreTest, df, false) };
  }

  const c: ConcordanceResult = concordance(
    sorted,
    eta,
    clusterCodes ? remapByPosition(clusterCodes, sorted) : null,
    nClusters,
  );

  let zph: CoxResult['zph'] = null;
  if (options.zph !== false && df > 0) {
    const termColumns = new Map<number, number[]>();
    kept.forEach((j, position) => {
      const a = design.assign[columnIndex[j]];
      const list = termColumns.get(a) ?? [];
      list.push(position);
      termColumns.set(a, list);
    });
    const termList = [...termColumns.entries()]
      .sort((u, v) => u[0] - v[0])
      .map(([a, columns]) => ({ term: design.termLabels[a - 1], columns }));
    zph = coxZph(sorted, eta, efron, kept, termList).map((row) => ({
      term: row.term,
      chisq: row.chisq,
      df: row.df,
      pValue: pchisq(row.chisq, row.df, false),
    }));
  }

  // warnings
  if (survival.nDropped > 0 || design.nDropped > 0) {
    warnings.push(
      warning(
        'missing-values-dropped',
        `fitCox dropped ${design.nDropped + survival.nDropped} row(s) with missing values`,
      ),
    );
  }
  if (!kernel.converged && control.maxIter > 0) {
    warnings.push(
      warning(
        'not-converged',
        `fitCox ran out of iterations (${control.maxIter}) and did not converge; estimates are from the last accepted step. Check for separation (a covariate that perfectly predicts the order of events) or raise maxIter`,
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

  const means = Array.from(kernel.means);
  const result: CoxResult = {
    method: 'cox',
    formula: design.formula,
    ties,
    vcov: vcovType,
    type: fixed.start ? 'counting' : 'right',
    coefficients,
    variance: terms.map((_, i) =>
      terms.map((__, j) => (kernel.aliased[i] || kernel.aliased[j] ? null : variance[i + j * p])),
    ),
    means,
    logLik: [kernel.loglikInit, kernel.loglik],
    nobs: n,
    nevent,
    nDropped: design.nDropped + survival.nDropped,
    strata: design.strata ? design.strata.levels : null,
    nClusters: clusterCodes ? nClusters : null,
    concordance: c.concordance,
    concordanceStdError: c.stdError,
    concordanceCounts: {
      concordant: c.concordant,
      discordant: c.discordant,
      tiedX: c.tiedX,
      tiedY: c.tiedY,
      tiedXY: c.tiedXY,
    },
    likelihoodRatioTest,
    waldTest,
    scoreTest,
    robustScoreTest,
    zph,
    converged: kernel.converged,
    iterations: kernel.iterations,
    warnings,
  };

  if (options.residuals || options.survivalCurves) {
    table ??= riskSetTable(sorted, eta);
  }
  if (options.residuals && table) {
    const increments = hazardIncrements(table, efron);
    const martingale = martingaleResiduals(sorted, eta, table, increments);
    const score = scoreResiduals(sorted, eta, table, increments);
    const schoenfeld = schoenfeldResiduals(sorted, table, increments);
    const byRow = new Int32Array(n); // data order index -> position
    for (let k = 0; k < n; k++) byRow[sorted.row[k]] = k;
    const eventPositions: number[] = [];
    for (let k = 0; k < n; k++) if (sorted.event[k] === 1) eventPositions.push(k);
    eventPositions.sort(
      (u, v) =>
        sorted.stratum[u] - sorted.stratum[v] ||
        sorted.stop[u] - sorted.stop[v] ||
        sorted.row[u] - sorted.row[v],
    );
    result.residuals = {
      martingale: Array.from(byRow, (k) => martingale[k]),
      score: terms.map((_, j) => Array.from(byRow, (k) => score[k * p + j])),
      schoenfeld: eventPositions.map((k) => ({
        row: design.rows[sorted.row[k]] + 1,
        time: sorted.stop[k],
        stratum: design.strata ? design.strata.levels[sorted.stratum[k]] : null,
        values: terms.map((_, j) => (kernel.aliased[j] ? null : schoenfeld[k * p + j])),
      })),
    };
  }
  if (options.survivalCurves && table) {
    const increments = hazardIncrements(table, efron);
    const profiles =
      options.survivalCurves === 'means' ? ['means' as const] : options.survivalCurves;
    const stratumNames: (string | null)[] = [];
    for (let b = 0; b + 1 < table.strataStart.length; b++) {
      const s = table.stratum[table.strataStart[b]];
      stratumNames.push(design.strata ? design.strata.levels[s] : null);
    }
    result.survivalCurves = profiles.map((profile) => {
      const centred = new Float64Array(p);
      // survfit's default curve is at the mean offset (coxph centres offsets)
      let linear = 0;
      if (profile === 'means' && design.offset) {
        for (let i = 0; i < n; i++) linear += design.offset[i] / n;
      }
      if (profile !== 'means') {
        const columns: Record<string, unknown[]> = {};
        for (const [key, value] of Object.entries(profile)) columns[key] = [value];
        const coded = applyDesign(design, columns as DataInput);
        if (coded.nrow !== 1) {
          throw new InvalidArgumentError(
            'survivalCurves',
            `fitCox requires a value for every covariate in each survival-curve profile; received ${JSON.stringify(profile)}`,
          );
        }
        columnIndex.forEach((col, j) => {
          centred[j] = coded.matrix[col] - kernel.means[j];
          linear += betaUsed[j] * centred[j];
        });
        if (coded.offset) linear += coded.offset[0];
      }
      const curves = coxSurvivalCurve(
        table as RiskSetTable,
        increments,
        variance,
        centred,
        linear,
        z,
        confType,
      );
      return {
        profile,
        strata: curves.map((rows, b) => ({
          stratum: stratumNames[b],
          table: rows.map((row) => ({
            ...row,
            cumHazardStdErr: orNull(row.cumHazardStdErr) as number,
            stdErr: orNull(row.stdErr) as number,
            lower: (confType === 'none' ? null : orNull(row.lower)) as number,
            upper: (confType === 'none' ? null : orNull(row.upper)) as number,
          })),
        })),
      };
    });
  }
  return result;
}

function remapByPosition(codes: Int32Array, data: CoxData): Int32Array {
  const out = new Int32Array(data.n);
  for (let k = 0; k < data.n; k++) out[k] = codes[data.row[k]];
  return out;
}
