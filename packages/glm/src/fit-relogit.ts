import {
  checkOptionKeys,
  DataError,
  type FitResultBase,
  InvalidArgumentError,
  MusterError,
  type MusterWarning,
} from '@muster/core';
import {
  type DataInput,
  type DesignSpec,
  designMatrix,
  releaseDesignMatrix,
} from '@muster/formula';
import { fitGlm } from './fit-glm.ts';
import { matrixRows, type WaldRow, waldRows } from './internal/wald-rows.ts';
import { priorCorrection, relogitBias } from './relogit/bias.ts';
import type { GlmResult, GlmSeparation } from './types.ts';

const CALLER = 'fitRelogit';

/** Options of {@link fitRelogit}. */
export interface FitRelogitOptions {
  /**
   * Fraction of events in the population, 0 < tau < 1, for data sampled on the outcome (all
   * events and a fraction of non-events): the intercept gets King & Zeng's prior correction.
   * Omit for a random sample.
   */
  tau?: number;
  /** King & Zeng's small-sample bias correction of the coefficients (default true). */
  biasCorrection?: boolean;
  /** Level of the Wald intervals (default 0.95). */
  confLevel?: number;
  /** Level order of text columns, first level the reference (for the response: the failure). */
  levels?: Record<string, string[]>;
}

/** Result of {@link fitRelogit}: a glm-shaped result with King & Zeng's corrections. */
export interface RelogitResult extends FitResultBase<'glm', WaldRow> {
  kind: 'glm';
  method: 'relogit';
  family: 'binomial';
  link: 'logit';
  /** Classical ML covariance, times (n / (n + k))^2 when bias-corrected (King & Zeng, eq. 13). */
  vcovType: 'classical';
  statisticType: 'z';
  tau: number | null;
  biasCorrection: boolean;
  /** Fraction of events in the sample (ybar). */
  sampleFraction: number;
  /** The maximum-likelihood estimates before correction (R's coef(glm(...))). */
  mlEstimates: (number | null)[];
  /** Estimated bias subtracted from them (zeros without bias correction). */
  bias: (number | null)[];
  /** log(((1 - tau) / tau) (ybar / (1 - ybar))) subtracted from the intercept, or null. */
  interceptCorrection: number | null;
  cluster: null;
  nClusters: null;
  nDropped: number;
  intervals: { wald: 'normal'; profile: null };
  responseLevels?: { failure: string; success: string[] };
  separation: GlmSeparation;
  design: DesignSpec;
}

const KNOWN = ['tau', 'biasCorrection', 'confLevel', 'levels'];

function checkOptions(options: FitRelogitOptions): void {
  checkOptionKeys(CALLER, options, KNOWN);
  const { tau, confLevel } = options;
  if (tau !== undefined && !(typeof tau === 'number' && tau > 0 && tau < 1)) {
    throw new InvalidArgumentError('tau', `${CALLER} requires 0 < tau < 1; received ${tau}`);
  }
  if (confLevel !== undefined && !(confLevel > 0 && confLevel < 1)) {
    throw new InvalidArgumentError(
      'confLevel',
      `${CALLER} requires 0 < confLevel < 1; received ${confLevel}`,
    );
  }
}

/** The ML fit's errors and warnings speak for fitRelogit, which they are a step of. */
function renamed<T extends { message: string }>(item: T): T {
  if (item.message.startsWith('fitGlm')) item.message = CALLER + item.message.slice(6);
  return item;
}

async function maximumLikelihood(
  formula: string,
  data: DataInput,
  options: FitRelogitOptions,
): Promise<GlmResult> {
  try {
    const ml = await fitGlm(formula, data, {
      family: 'binomial',
      profile: false,
      levels: options.levels,
    });
    ml.warnings = ml.warnings.map((w) => renamed({ ...w }));
    return ml;
  } catch (error) {
    if (error instanceof MusterError) renamed(error);
    throw error;
  }
}

/**
 * King and Zeng's rare-events logistic regression (`relogit`): the maximum-likelihood logit,
 * corrected for the small-sample bias that makes rare events look rarer than they are, and, for
 * data sampled on the outcome, for the sampling design. The bias correction subtracts
 * (X'WX)^-1 X'W xi from the estimates (eq. 11-12) and shrinks the covariance by (n / (n + k))^2;
 * the prior correction subtracts log(((1 - tau) / tau) (ybar / (1 - ybar))) from the intercept.
 * Predicted probabilities with the approximate Bayesian correction are {@link predictRelogit}'s.
 *
 * Reference: King G, Zeng L (2001). Logistic regression in rare events data. _Political
 * Analysis_ 9(2), 137-163. The R formulas they are checked against are in
 * test/fixtures/r/generate-rare.R. Zelig 4's relogit, with tau, puts the case-control weights
 * into W and xi under prior correction; Muster follows the paper (the likelihood maximised is
 * the unweighted one, so w_i = 1).
 *
 * @param formula - R model formula with a binary response (0/1 or a two-level text column)
 * @param data - columns by name or an arquero table
 * @param options - `tau` (population fraction of events), `biasCorrection` (default true),
 *   `confLevel`, `levels`
 * @returns a glm-shaped result (`method: 'relogit'`) with the corrected estimates, the ML ones
 *   (`mlEstimates`), the bias and the intercept correction; no log-likelihood (null): the
 *   corrected estimates do not maximise one
 * @throws FormulaError, DataError as fitGlm (a response other than 0/1 included);
 *   InvalidArgumentError for tau outside (0, 1), tau without an intercept or unknown options
 * @example
 * ```ts
 * const data = { y: [0, 0, 1, 0, 1, 1, 0, 0], x: [1, 2, 3, 4, 5, 6, 7, 8] };
 * const fit = await fitRelogit('y ~ x', data, { tau: 0.05 });
 * fit.coefficients.map((c) => c.estimate?.toFixed(4));
 * // => ['-2.9567', '0.0322']
 * ```
 */
export async function fitRelogit(
  formula: string,
  data: DataInput,
  options: FitRelogitOptions = {},
): Promise<RelogitResult> {
  checkOptions(options);
  const ml = await maximumLikelihood(formula, data, options);
  const design = designMatrix(formula, data, { dropUnusedLevels: true, levels: options.levels });
  const tau = options.tau ?? null;
  if (tau !== null && !design.hasIntercept) {
    throw new InvalidArgumentError(
      'tau',
      `${CALLER} requires an intercept for the prior correction with tau; received '${formula}'`,
    );
  }
  const { estimates, covariance, bias, ybar } = corrections(ml, design, options);
  const warnings: MusterWarning[] = [...ml.warnings];
  const interceptCorrection = tau === null ? null : priorCorrection(tau, ybar);
  if (interceptCorrection !== null) estimates[0] -= interceptCorrection;
  const p = design.ncol;
  const result: RelogitResult = {
    kind: 'glm',
    formula: ml.formula,
    method: 'relogit',
    family: 'binomial',
    link: 'logit',
    confLevel: options.confLevel ?? 0.95,
    vcovType: 'classical',
    vcov: matrixRows(covariance, p),
    statisticType: 'z',
    dfResidual: null,
    coefficients: waldRows(design.columns, estimates, covariance, options.confLevel ?? 0.95),
    nobs: ml.nobs,
    nEvents: Math.round(ybar * ml.nobs),
    nClusters: null,
    cluster: null,
    logLik: null,
    df: p,
    aic: null,
    bic: null,
    tau,
    biasCorrection: options.biasCorrection !== false,
    sampleFraction: ybar,
    mlEstimates: ml.coefficients.map((c) => c.estimate),
    bias: Array.from(bias, (b) => (Number.isFinite(b) ? b : null)),
    interceptCorrection,
    nDropped: ml.nDropped,
    intervals: { wald: 'normal', profile: null },
    ...(ml.responseLevels === undefined ? {} : { responseLevels: ml.responseLevels }),
    separation: ml.separation,
    design: ml.design,
    converged: ml.converged,
    iterations: ml.iterations,
    warnings,
  };
  // The result keeps no part of the matrix: its memory goes to the next design.
  releaseDesignMatrix(design);
  return result;
}

/** The bias-corrected estimates and covariance (NaN for aliased columns) and the event fraction. */
function corrections(
  ml: GlmResult,
  design: ReturnType<typeof designMatrix>,
  options: FitRelogitOptions,
): { estimates: Float64Array; covariance: Float64Array; bias: Float64Array; ybar: number } {
  const n = design.nrow;
  const p = design.ncol;
  const response = design.response;
  let events = 0;
  if (response?.kind === 'vector') for (const v of response.values) events += v;
  else if (response?.kind === 'factor') for (const c of response.codes) events += c === 0 ? 0 : 1;
  else {
    throw new DataError(
      `${CALLER} requires a 0/1 or two-level text response; received a ${response?.kind ?? 'missing'} response in '${design.formula}'`,
    );
  }
  const kept = ml.coefficients.flatMap((c, j) => (c.estimate === null ? [] : [j]));
  const k = kept.length;
  const x = new Float64Array(n * k);
  kept.forEach((j, a) => {
    x.set(design.matrix.subarray(j * n, (j + 1) * n), a * n);
  });
  const beta = kept.map((j) => ml.coefficients[j].estimate as number);
  const fitted = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let eta = 0;
    for (let a = 0; a < k; a++) eta += x[a * n + i] * beta[a];
    fitted[i] = 1 / (1 + Math.exp(-eta));
  }
  const biasKept =
    options.biasCorrection === false ? new Float64Array(k) : relogitBias(x, n, k, fitted);
  const shrink = options.biasCorrection === false ? 1 : (n / (n + k)) ** 2;
  const estimates = new Float64Array(p).fill(Number.NaN);
  const bias = new Float64Array(p).fill(Number.NaN);
  const covariance = new Float64Array(p * p).fill(Number.NaN);
  kept.forEach((j, a) => {
    bias[j] = biasKept[a];
    estimates[j] = beta[a] - biasKept[a];
    for (const l of kept) {
      const v = ml.vcov[j][l];
      covariance[l * p + j] = v === null ? Number.NaN : shrink * v;
    }
  });
  return { estimates, covariance, bias, ybar: events / n };
}
