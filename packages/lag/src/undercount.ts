import { checkOptionKeys, InvalidArgumentError, qbeta, type ResultBase } from '@muster/core';
import { betaNegativeBinomialQuantiles } from './internal/count-quantiles.ts';
import { checkNumber } from './internal/validate.ts';
import type { LagWarning, WarningCode } from './warnings.ts';

/** The capture probability: a Beta(alpha, beta) distribution, or its mean and sd. */
export type CaptureProbability = { alpha: number; beta: number } | { mean: number; sd: number };

/** Options of {@link undercount}. */
export interface UndercountOptions {
  /** Offenders caught (prosecuted, convicted): a count >= 0. */
  caught: number;
  /** Probability that an offender is caught, as a Beta distribution. */
  capture: CaptureProbability;
  /** Two-sided interval level. Default 0.9. */
  confLevel?: number;
  /** Fixed capture probabilities of the sensitivity table. Default 0.05, 0.10, 0.15, 0.20, 0.25, 0.30, 0.40, 0.50. */
  sensitivity?: readonly number[];
}

/** One row of the sensitivity table: the total for a fixed capture probability. */
export interface UndercountSensitivityRow {
  capture: number;
  /** caught / capture. */
  estimate: number;
  lower: number;
  upper: number;
}

/** Result of {@link undercount}. */
/** Result of {@link undercount} (no condition of it warns: `warnings` is empty). */
export interface UndercountResult extends ResultBase<'undercount', WarningCode> {
  method: string;
  caught: number;
  capture: { alpha: number; beta: number; mean: number; sd: number; lower: number; upper: number };
  /** Posterior median of the total number of offenders. */
  estimate: number;
  /** Posterior mean, caught (alpha + beta - 1) / (alpha - 1) (Infinity when alpha <= 1). */
  mean: number;
  /** caught / E[capture], the plug-in estimate. */
  plugIn: number;
  lower: number;
  upper: number;
  confLevel: number;
  sensitivity: UndercountSensitivityRow[];
}

/**
 * Total number of offenders from those caught when each is caught independently with
 * probability p and p is uncertain, p ~ Beta(alpha, beta) (one report: about 15% of deserters
 * are caught). With the scale-invariant prior P(N) proportional to 1 / N, the number never
 * caught, M = N - caught, given p is negative binomial (size caught, prob p), and the posterior
 * of p stays Beta(alpha, beta) (the likelihood of caught, summed over N, does not depend on p);
 * so M is beta-negative-binomial and its quantiles are exact (summed term by term). The
 * sensitivity table fixes p at several values. Reference: the Bayesian binomial-N problem,
 * e.g. Raftery (1988) Biometrika 75:223-228.
 *
 * @param options - caught, capture (alpha/beta or mean/sd), confLevel (0.9), sensitivity
 * @returns median, mean and plug-in totals with an interval, and the sensitivity table
 * @throws InvalidArgumentError for a negative or fractional caught count, a Beta that is not
 *   proper (alpha, beta > 0; sd^2 < mean (1 - mean)) or probabilities outside (0, 1]
 * @example
 * ```ts
 * const r = undercount({ caught: 5593, capture: { mean: 0.15, sd: 0.03 } });
 * r.plugIn; // => 37286.66...
 * ```
 */
export function undercount(options: UndercountOptions): UndercountResult {
  const fn = 'undercount';
  checkOptionKeys(fn, options, ['caught', 'capture', 'confLevel', 'sensitivity']);
  if (options == null || typeof options !== 'object') {
    throw new InvalidArgumentError(
      'options',
      `${fn} requires an options object; received ${String(options)}`,
    );
  }
  const caught = checkNumber(options.caught, fn, 'caught', { min: 0, integer: true });
  if (!Number.isFinite(caught))
    throw new InvalidArgumentError(
      'caught',
      `${fn} requires a finite caught count; received ${caught}`,
    );
  const confLevel = checkNumber(options.confLevel ?? 0.9, fn, 'confLevel', {
    strictMin: 0,
    strictMax: 1,
  });
  const { alpha, beta } = betaParameters(options.capture, fn);
  const captureMean = alpha / (alpha + beta);
  const captureSd = Math.sqrt((alpha * beta) / ((alpha + beta) ** 2 * (alpha + beta + 1)));
  const tail = (1 - confLevel) / 2;
  const [lowerM, medianM, upperM] = betaNegativeBinomialQuantiles(caught, { a: alpha, b: beta }, [
    tail,
    0.5,
    1 - tail,
  ]);
  const captureQuantiles = [qbeta(tail, alpha, beta), qbeta(1 - tail, alpha, beta)];
  const grid = options.sensitivity ?? [0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.4, 0.5];
  const sensitivity = grid.map((p) => {
    checkNumber(p, fn, 'sensitivity', { strictMin: 0, max: 1 });
    const [lo, hi] = betaNegativeBinomialQuantiles(caught, { p }, [tail, 1 - tail]);
    return { capture: p, estimate: caught / p, lower: caught + lo, upper: caught + hi };
  });
  const warnings: LagWarning[] = [];
  return {
    kind: 'undercount',
    warnings,
    method: 'beta-negative-binomial posterior of the total (prior 1/N, capture ~ Beta)',
    caught,
    capture: {
      alpha,
      beta,
      mean: captureMean,
      sd: captureSd,
      lower: captureQuantiles[0],
      upper: captureQuantiles[1],
    },
    estimate: caught + medianM,
    mean: alpha > 1 ? (caught * (alpha + beta - 1)) / (alpha - 1) : Number.POSITIVE_INFINITY,
    plugIn: caught / captureMean,
    lower: caught + lowerM,
    upper: caught + upperM,
    confLevel,
    sensitivity,
  };
}

function betaParameters(capture: CaptureProbability, fn: string): { alpha: number; beta: number } {
  if (capture == null || typeof capture !== 'object') {
    throw new InvalidArgumentError(
      'capture',
      `${fn} requires capture as { alpha, beta } or { mean, sd }; received ${String(capture)}`,
    );
  }
  if ('alpha' in capture) {
    const alpha = checkNumber(capture.alpha, fn, 'capture.alpha', { strictMin: 0 });
    const beta = checkNumber(capture.beta, fn, 'capture.beta', { strictMin: 0 });
    return { alpha, beta };
  }
  const mean = checkNumber(capture.mean, fn, 'capture.mean', { strictMin: 0, strictMax: 1 });
  const sd = checkNumber(capture.sd, fn, 'capture.sd', { strictMin: 0 });
  const variance = sd * sd;
  if (!(variance < mean * (1 - mean))) {
    throw new InvalidArgumentError(
      'capture.sd',
      `${fn} requires capture sd^2 < mean (1 - mean) for a Beta distribution; received mean ${mean}, sd ${sd}`,
    );
  }
  const kappa = (mean * (1 - mean)) / variance - 1;
  return { alpha: mean * kappa, beta: (1 - mean) * kappa };
}
