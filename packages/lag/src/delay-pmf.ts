import { dnbinom, InvalidArgumentError, pgamma, plnorm, pnbinom } from '@muster/core';
import { checkNumber } from './internal/validate.ts';
import type { DelayDistribution } from './types.ts';

/** Options of {@link delayPmf}: a family, its mean and standard deviation, and the largest delay. */
export interface DelayPmfOptions {
  /** 'gamma' and 'lognormal' are discretised; 'negative-binomial' is discrete already. */
  distribution: 'gamma' | 'lognormal' | 'negative-binomial';
  /** Mean delay in periods (> 0). */
  mean: number;
  /** Standard deviation in periods (> 0; for the negative binomial, sd^2 > mean). */
  sd: number;
  /** Largest delay D (integer >= 0): the pmf covers d = 0..D. */
  maxDelay: number;
}

/** A parametric delay with its parameters and the probability cut off beyond maxDelay. */
export interface ParametricDelay extends DelayDistribution {
  distribution: 'gamma' | 'lognormal' | 'negative-binomial';
  mean: number;
  sd: number;
  /** The family's parameters as R names them (shape/rate, meanlog/sdlog, size/mu). */
  parameters: Record<string, number>;
  /** Probability the untruncated distribution puts beyond the last delay (removed by renormalising). */
  truncatedMass: number;
}

/**
 * Discrete delay distribution on d = 0..maxDelay periods from a family with a given mean and sd.
 * Gamma and lognormal delays are discretised as P(d) = F(d + 1) - F(d), the probability that a
 * continuous delay falls in [d, d + 1) (so a court date in the d-th period after the offence),
 * then renormalised to sum to 1; this is the reference cases' `delayPmf` and R's
 * `p <- pgamma(1:(D+1), shape, rate) - pgamma(0:D, shape, rate); p / sum(p)` with shape =
 * (mean / sd)^2, rate = mean / sd^2. Lognormal: sdlog^2 = log(1 + sd^2 / mean^2), meanlog =
 * log(mean) - sdlog^2 / 2. Negative binomial: dnbinom(d, size, mu = mean) with size =
 * mean^2 / (sd^2 - mean), renormalised. Note that the discretised pmf's mean is about
 * `mean - 0.5` (a delay in [d, d + 1) counts as d).
 *
 * @param options - distribution, mean (> 0), sd (> 0), maxDelay (integer >= 0)
 * @returns the pmf with the family's parameters and the truncated mass
 * @throws InvalidArgumentError for a non-positive mean or sd, a negative or fractional maxDelay,
 *   a negative binomial with sd^2 <= mean, or no mass on 0..maxDelay
 * @example
 * ```ts
 * delayPmf({ distribution: 'gamma', mean: 5, sd: 2.5, maxDelay: 14 }).pmf[0];
 * // => 0.00910071473817555
 * ```
 */
export function delayPmf(options: DelayPmfOptions): ParametricDelay {
  const fn = 'delayPmf';
  if (options == null || typeof options !== 'object') {
    throw new InvalidArgumentError(
      'options',
      `${fn} requires an options object; received ${String(options)}`,
    );
  }
  const { distribution } = options;
  const mean = checkNumber(options.mean, fn, 'mean', { strictMin: 0 });
  const sd = checkNumber(options.sd, fn, 'sd', { strictMin: 0 });
  const maxDelay = checkNumber(options.maxDelay, fn, 'maxDelay', { min: 0, integer: true });
  if (!Number.isFinite(mean) || !Number.isFinite(sd) || !Number.isFinite(maxDelay)) {
    throw new InvalidArgumentError(
      'options',
      `${fn} requires finite mean, sd and maxDelay; received mean ${mean}, sd ${sd}, maxDelay ${maxDelay}`,
    );
  }
  const raw: number[] = [];
  let parameters: Record<string, number>;
  let cutOff: number;
  let method: string;
  if (distribution === 'gamma') {
    const shape = (mean / sd) ** 2;
    const rate = mean / (sd * sd);
    parameters = { shape, rate };
    let previous = pgamma(0, shape, rate);
    for (let d = 0; d <= maxDelay; d++) {
      const next = pgamma(d + 1, shape, rate);
      raw.push(next - previous);
      previous = next;
    }
    cutOff = pgamma(maxDelay + 1, shape, rate, false);
    method = 'discretised gamma: P(d) = F(d + 1) - F(d), d = 0..maxDelay, renormalised';
  } else if (distribution === 'lognormal') {
    const sdlog = Math.sqrt(Math.log1p((sd * sd) / (mean * mean)));
    const meanlog = Math.log(mean) - (sdlog * sdlog) / 2;
    parameters = { meanlog, sdlog };
    let previous = 0;
    for (let d = 0; d <= maxDelay; d++) {
      const next = plnorm(d + 1, meanlog, sdlog);
      raw.push(next - previous);
      previous = next;
    }
    cutOff = plnorm(maxDelay + 1, meanlog, sdlog, false);
    method = 'discretised lognormal: P(d) = F(d + 1) - F(d), d = 0..maxDelay, renormalised';
  } else if (distribution === 'negative-binomial') {
    const variance = sd * sd;
    if (!(variance > mean)) {
      throw new InvalidArgumentError(
        'sd',
        `${fn} requires sd^2 > mean for a negative binomial delay; received mean ${mean}, sd ${sd}`,
      );
    }
    const size = (mean * mean) / (variance - mean);
    const prob = size / (size + mean);
    parameters = { size, mu: mean };
    for (let d = 0; d <= maxDelay; d++) raw.push(dnbinom(d, size, prob));
    cutOff = pnbinom(maxDelay, size, prob, false);
    method = 'negative binomial: P(d) = dnbinom(d, size, mu = mean), d = 0..maxDelay, renormalised';
  } else {
    throw new InvalidArgumentError(
      'distribution',
      `${fn} requires distribution 'gamma', 'lognormal' or 'negative-binomial'; received ${String(distribution)}`,
    );
  }
  const sum = raw.reduce((a, b) => a + b, 0);
  if (!(sum > 0)) {
    throw new InvalidArgumentError(
      'maxDelay',
      `${fn} requires some probability on delays 0..maxDelay; received a ${distribution} with mean ${mean} and sd ${sd} that puts none there with maxDelay ${maxDelay}`,
    );
  }
  return {
    distribution,
    mean,
    sd,
    maxDelay,
    parameters,
    pmf: raw.map((p) => p / sum),
    truncatedMass: cutOff,
    method,
  };
}
