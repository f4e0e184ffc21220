import { checkOptionKeys, createRandom, InvalidArgumentError, type ResultBase } from '@muster/core';
import { convolveInto, emsFit, emsWorkspace } from './internal/ems.ts';
import { periodLabels } from './internal/periods.ts';
import { quantileSorted } from './internal/quantile.ts';
import { checkNumber, toCounts, toPmf } from './internal/validate.ts';
import type { DateLike, DelayInput, PeriodUnit } from './types.ts';
import { type LagWarning, lagWarnings, type WarningCode } from './warnings.ts';

const BACK_PROJECT_OPTIONS = ['k', 'tolerance', 'maxIter', 'lambda0', 'start', 'unit', 'bootstrap'];
const BOOTSTRAP_OPTIONS = [
  'replicates',
  'seed',
  'confLevel',
  'tolerance0',
  'maxIter0',
  'keepReplicates',
  'countDraws',
];
/** Old option names of backProject and the names that replace them. */
const RENAMED = { eps: 'tolerance', alpha: 'confLevel', eps0: 'tolerance0' };

/** Options of {@link backProject}. Defaults are those of `surveillance::backprojNP`. */
export interface BackProjectOptions {
  /** Smoothing parameter k (even, >= 0): binomial weights choose(k, j) / 2^k over k + 1 periods. Default 2. */
  k?: number;
  /** Stop when the relative change ||lambda_new - lambda_old|| / ||lambda_old|| < tolerance (backprojNP's eps). Default 0.005. */
  tolerance?: number;
  /** Stop after maxIter + 1 steps at most (backprojNP's `i > iter.max`). Default 250. */
  maxIter?: number;
  /** Starting value of lambda (length of counts, > 0). Default: the mean count in every period. */
  lambda0?: ArrayLike<number>;
  /** First period (`YYYY-MM`, `YYYY-MM-DD` or an index), to label the periods of the result. */
  start?: DateLike;
  /** Unit of a period for labels. Default 'month'. */
  unit?: PeriodUnit;
  /** Parametric bootstrap intervals as backprojNP with B > 0 (Yip et al. 2011). */
  bootstrap?: BackProjectBootstrapOptions;
}

/** Bootstrap settings: backprojNP's `B`, `1 - alpha`, `eps[1]`, `iter.max[1]`, plus the seed. */
export interface BackProjectBootstrapOptions {
  /** Number of replicates B (>= 1). */
  replicates: number;
  /** Seed of the random number generator (`createRandom` of @muster/core). */
  seed: number;
  /** Two-sided level of the percentile intervals (backprojNP's 1 - alpha). Default 0.95. */
  confLevel?: number;
  /** Tolerance of the unsmoothed (k = 0) fit that generates the bootstrap samples (backprojNP eps[1]). Default: tolerance. */
  tolerance0?: number;
  /** iter.max of the unsmoothed fit (backprojNP iter.max[1]). Default: maxIter. */
  maxIter0?: number;
  /** Keep every replicate's lambda in the result (`replicates` x periods). Default false. */
  keepReplicates?: boolean;
  /**
   * Draws of the expected counts when the counts are themselves estimated (for example
   * `reconstruct(..., { keepDraws: true }).draws`): replicate b redraws its counts from draw
   * b (cycling through them) instead of the unsmoothed fit, so the intervals carry the
   * reconstruction's uncertainty as well as the Poisson variation. Each must have the length of
   * counts.
   */
  countDraws?: readonly ArrayLike<number>[];
}

/** Bootstrap part of a {@link BackProjectResult}. */
export interface BackProjectBootstrap {
  method: string;
  replicates: number;
  seed: number;
  /** Level of the percentile intervals. */
  confLevel: number;
  /** Pointwise (1 - confLevel) / 2 quantile of the replicates' lambda (R's quantile type 7). */
  lower: number[];
  /** Pointwise (1 + confLevel) / 2 quantile. */
  upper: number[];
  /** lambda of the unsmoothed (k = 0) fit that generated the bootstrap samples. */
  lambdaUnsmoothed: number[];
  /** Replicates that stopped at maxIter rather than tolerance. */
  notConverged: number;
  /** Each replicate's lambda, when `keepReplicates` was set. */
  samples?: number[][];
}

/** Result of {@link backProject}. */
export interface BackProjectResult extends ResultBase<'back-projection', WarningCode> {
  method: string;
  k: number;
  tolerance: number;
  maxIter: number;
  /**
   * The delay used: its family (the `distribution` of a delay distribution, 'pmf' for a plain
   * pmf), its largest delay and the mean of the pmf, sum_d d f_d.
   */
  delay: { distribution: string; maxDelay: number; mean: number };
  /** Estimated expected number of offences per period (backprojNP's `upperbound`). */
  lambda: number[];
  /** Expected counts implied by lambda: sum_d lambda_{t-d} f_d. */
  fitted: number[];
  /** The observed counts. */
  counts: number[];
  /** Period labels when `start` was given. */
  periods?: string[];
  iterations: number;
  /** Last relative change. */
  criterion: number;
  converged: boolean;
  bootstrap?: BackProjectBootstrap;
}

/**
 * Back-projection of offences from lagged counts (court cases received, sentences): Becker's EMS
 * algorithm, an EM algorithm for the Poisson deconvolution Y_t ~ Poisson(sum_d lambda_{t-d} f_d)
 * with a smoothing step after each EM step, exactly as `surveillance::backprojNP` (same update,
 * same correction of the last periods for delays beyond the end, same binomial smoothing weights,
 * same stopping rule and starting value). With `bootstrap`, pointwise intervals by backprojNP's
 * parametric bootstrap (Yip et al. 2011): counts are redrawn from the unsmoothed (k = 0) fit and
 * back-projected with smoothing, starting at the smoothed estimate.
 *
 * References: Becker NG, Watson LF, Carlin JB (1991) A method of non-parametric back-projection
 * and its application to AIDS data. Statistics in Medicine 10:1527-1542. Yip PSF et al. (2011)
 * Reconstruction of the infection curve for SARS epidemic in Beijing, China using a
 * back-projection method. Communications in Statistics - Simulation and Computation 37:425-433.
 *
 * @param counts - observed counts per period (finite, >= 0), first period first
 * @param delay - delay distribution or pmf f_0..f_D (sums to 1 within 1e-9)
 * @param options - k (2), tolerance (0.005), maxIter (250), lambda0, start, unit, bootstrap
 * @returns lambda with fitted counts, iterations, convergence, optional bootstrap intervals
 * @throws DataError for a negative or non-finite count (naming the period)
 * @throws InvalidArgumentError for a pmf that does not sum to 1, an odd k, bad tolerance or
 *   maxIter, or an unknown option (old names `eps`, `alpha`, `eps0` name their successors)
 * @example
 * ```ts
 * const fit = backProject([45, 48, 52, 50], [0.2, 0.5, 0.3], { k: 0, tolerance: 1e-7, maxIter: 1000 });
 * fit.lambda.length; // => 4
 * ```
 */
export function backProject(
  counts: ArrayLike<number>,
  delay: DelayInput,
  options: BackProjectOptions = {},
): BackProjectResult {
  const fn = 'backProject';
  checkOptionKeys(fn, options, BACK_PROJECT_OPTIONS, RENAMED);
  if (options.bootstrap !== undefined)
    checkOptionKeys(`${fn} (bootstrap)`, options.bootstrap, BOOTSTRAP_OPTIONS, RENAMED);
  const unit = options.unit ?? 'month';
  const periods =
    options.start === undefined
      ? undefined
      : periodLabels(options.start, counts?.length ?? 0, unit, fn);
  const y = toCounts(counts, fn, 'counts', periods);
  const pmf = toPmf(delay, fn);
  const k = checkNumber(options.k ?? 2, fn, 'k', { min: 0, integer: true });
  if (k % 2 !== 0)
    throw new InvalidArgumentError('k', `${fn} requires an even k (as backprojNP); received ${k}`);
  const tolerance = checkNumber(options.tolerance ?? 0.005, fn, 'tolerance', { strictMin: 0 });
  const maxIter = checkNumber(options.maxIter ?? 250, fn, 'maxIter', { min: 0, integer: true });
  const n = y.length;
  let lambda0: Float64Array;
  if (options.lambda0 !== undefined) {
    lambda0 = toCounts(options.lambda0, fn, 'lambda0');
    if (lambda0.length !== n) {
      throw new InvalidArgumentError(
        'lambda0',
        `${fn} requires lambda0 of the same length as counts (${n}); received length ${lambda0.length}`,
      );
    }
  } else {
    let total = 0;
    for (let t = 0; t < n; t++) total += y[t];
    lambda0 = new Float64Array(n).fill(total / n);
  }

  const warnings: LagWarning[] = [];
  const work = emsWorkspace(n, pmf, k);
  const fit = emsFit(y, pmf, k, tolerance, maxIter, lambda0, work);
  const allZero = fit.lambda.every((v) => v === 0);
  if (allZero) {
    warnings.push(lagWarnings.allZero(fn));
  } else if (!fit.converged) {
    warnings.push(
      lagWarnings.notConverged(
        fn,
        `stopped after ${fit.iterations} iterations with relative change ${fit.criterion} >= tolerance = ${tolerance}; raise maxIter or tolerance`,
      ),
    );
  }
  if (pmf[0] === 0 && n > 0) {
    warnings.push(lagWarnings.lastPeriodUnidentified(fn));
  }
  const fitted = new Float64Array(n);
  convolveInto(fit.lambda, pmf, fitted);

  const result: BackProjectResult = {
    kind: 'back-projection',
    method:
      k === 0
        ? 'EM back-projection (Becker et al. 1991), as surveillance::backprojNP with k = 0'
        : `EMS back-projection (Becker et al. 1991), as surveillance::backprojNP with k = ${k}`,
    k,
    tolerance,
    maxIter,
    delay: delayUsed(delay, pmf),
    lambda: Array.from(fit.lambda),
    fitted: Array.from(fitted),
    counts: Array.from(y),
    ...(periods ? { periods } : {}),
    iterations: fit.iterations,
    criterion: allZero ? 0 : fit.criterion,
    converged: allZero || fit.converged,
    warnings,
  };
  if (options.bootstrap) {
    result.bootstrap = bootstrapIntervals(
      y,
      pmf,
      k,
      tolerance,
      maxIter,
      lambda0,
      fit.lambda,
      options.bootstrap,
    );
    if (options.bootstrap.countDraws === undefined && y.some((v) => !Number.isInteger(v))) {
      warnings.push(lagWarnings.estimatedCounts(fn));
    }
    if (result.bootstrap.notConverged > 0) {
      warnings.push(
        lagWarnings.bootstrapNotConverged(
          fn,
          result.bootstrap.notConverged,
          result.bootstrap.replicates,
        ),
      );
    }
  }
  return result;
}

/** The delay's family, largest delay and pmf mean, for the result. */
function delayUsed(delay: DelayInput, pmf: Float64Array): BackProjectResult['delay'] {
  const named = delay != null && typeof delay === 'object' && 'distribution' in delay;
  let mean = 0;
  for (let d = 1; d < pmf.length; d++) mean += d * pmf[d];
  return { distribution: named ? delay.distribution : 'pmf', maxDelay: pmf.length - 1, mean };
}

/**
 * backprojNP's bootstrap: the k = 0 fit gives mu_t = sum_{s=0}^{t-1} lambda0_{t-s} f_s; each
 * replicate draws Y*_t ~ Poisson(mu_t), back-projects with k starting at the smoothed estimate,
 * and the interval is the pointwise alpha / 2 and 1 - alpha / 2 quantiles of the replicates.
 */
function bootstrapIntervals(
  y: Float64Array,
  pmf: Float64Array,
  k: number,
  tolerance: number,
  maxIter: number,
  lambda0: Float64Array,
  lambdaSmoothed: Float64Array,
  options: BackProjectBootstrapOptions,
): BackProjectBootstrap {
  const fn = 'backProject';
  const replicates = checkNumber(options.replicates, fn, 'bootstrap.replicates', {
    min: 1,
    integer: true,
  });
  const seed = checkNumber(options.seed, fn, 'bootstrap.seed', { integer: true });
  const confLevel = checkNumber(options.confLevel ?? 0.95, fn, 'bootstrap.confLevel', {
    strictMin: 0,
    strictMax: 1,
  });
  const alpha = 1 - confLevel;
  const tolerance0 = checkNumber(options.tolerance0 ?? tolerance, fn, 'bootstrap.tolerance0', {
    strictMin: 0,
  });
  const maxIter0 = checkNumber(options.maxIter0 ?? maxIter, fn, 'bootstrap.maxIter0', {
    min: 0,
    integer: true,
  });
  const n = y.length;
  const fit0 = emsFit(y, pmf, 0, tolerance0, maxIter0, lambda0, emsWorkspace(n, pmf, 0));
  const mu = new Float64Array(n);
  convolveInto(fit0.lambda, pmf, mu);
  const means = countDrawsOf(options.countDraws, n);

  const random = createRandom(seed);
  const work = emsWorkspace(n, pmf, k);
  const ystar = new Float64Array(n);
  const samples = new Float64Array(replicates * n);
  let notConverged = 0;
  for (let b = 0; b < replicates; b++) {
    const mean = means === null ? mu : means[b % means.length];
    for (let t = 0; t < n; t++) ystar[t] = mean[t] > 0 ? random.poisson(mean[t]) : 0;
    const fit = emsFit(ystar, pmf, k, tolerance, maxIter, lambdaSmoothed, work);
    if (!fit.converged && !fit.lambda.every((v) => v === 0)) notConverged++;
    samples.set(fit.lambda, b * n);
  }
  const lower: number[] = [];
  const upper: number[] = [];
  const column = new Float64Array(replicates);
  for (let t = 0; t < n; t++) {
    for (let b = 0; b < replicates; b++) column[b] = samples[b * n + t];
    column.sort();
    lower.push(quantileSorted(column, alpha / 2));
    upper.push(quantileSorted(column, 1 - alpha / 2));
  }
  const out: BackProjectBootstrap = {
    method:
      means === null
        ? 'parametric bootstrap as surveillance::backprojNP (Yip et al. 2011): percentile intervals'
        : `parametric bootstrap with counts redrawn around ${means.length} draws of the estimated counts (carries their uncertainty): percentile intervals`,
    replicates,
    seed,
    confLevel,
    lower,
    upper,
    lambdaUnsmoothed: Array.from(fit0.lambda),
    notConverged,
  };
  if (options.keepReplicates) {
    out.samples = [];
    for (let b = 0; b < replicates; b++)
      out.samples.push(Array.from(samples.subarray(b * n, (b + 1) * n)));
  }
  return out;
}

/** The count draws of the bootstrap, checked; null when not given. */
function countDrawsOf(
  draws: readonly ArrayLike<number>[] | undefined,
  n: number,
): Float64Array[] | null {
  if (draws === undefined) return null;
  const fn = 'backProject';
  if (!Array.isArray(draws) || draws.length === 0) {
    throw new InvalidArgumentError(
      'bootstrap.countDraws',
      `${fn} requires bootstrap.countDraws to be a non-empty array of series`,
    );
  }
  return draws.map((d, i) => {
    if (d?.length !== n) {
      throw new InvalidArgumentError(
        'bootstrap.countDraws',
        `${fn} requires every count draw to have the length of counts (${n}); received length ${d?.length} in draw ${i + 1}`,
      );
    }
    return toCounts(d, fn, `bootstrap.countDraws[${i}]`);
  });
}
