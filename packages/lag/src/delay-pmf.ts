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
  /**
   * How a continuous delay (gamma, lognormal) becomes a delay in whole periods.
   * `'uniform'` (default): offences spread uniformly within their period, P(d) = P(floor(U + X)
   * = d) with U ~ Uniform(0, 1), so the pmf's mean is the continuous mean (a 5-month delay is 5
   * months). `'start'`: offences at the start of the period, P(d) = F(d + 1) - F(d) (R's
   * `pgamma` differences; the pmf's mean is about mean - 1/2). Ignored by the negative
   * binomial, which is discrete already.
   */
  discretisation?: 'uniform' | 'start';
}

/** A parametric delay with its parameters and the probability cut off beyond maxDelay. */
export interface ParametricDelay extends DelayDistribution {
  distribution: 'gamma' | 'lognormal' | 'negative-binomial';
  mean: number;
  sd: number;
  /** The discretisation used ('uniform' or 'start'; 'discrete' for the negative binomial). */
  discretisation: 'uniform' | 'start' | 'discrete';
  /** The family's parameters as R names them (shape/rate, meanlog/sdlog, size/mu). */
  parameters: Record<string, number>;
  /** Probability the untruncated distribution puts beyond the last delay (removed by renormalising). */
  truncatedMass: number;
}

/**
 * Discrete delay distribution on d = 0..maxDelay periods from a family with a given mean and sd.
 *
 * Gamma and lognormal delays are continuous; by default (`discretisation: 'uniform'`) the
 * offences are spread uniformly within their period, and P(d) is the probability that the court
 * date falls d periods after the offence's period: with U ~ Uniform(0, 1) the offence's moment
 * in its period, P(d) = P(d <= U + X < d + 1) = G(d + 1) - 2 G(d) + G(d - 1), where
 * G(x) = integral_0^x F(s) ds (G = 0 for x <= 0); for the gamma G(x) = x F(x; k, rate) -
 * (k / rate) F(x; k + 1, rate), for the lognormal G(x) = x F(x) - e^(mu + s^2 / 2)
 * Phi((log x - mu - s^2) / s). Untruncated, this pmf has exactly the continuous mean.
 * With `discretisation: 'start'` (offences at the start of the period) P(d) = F(d + 1) - F(d),
 * the reference cases' `delayPmf` and R's
 * `p <- pgamma(1:(D+1), shape, rate) - pgamma(0:D, shape, rate); p / sum(p)`; its mean is about
 * `mean - 0.5`. Either is renormalised to sum to 1 over 0..maxDelay. Shape =
 * (mean / sd)^2, rate = mean / sd^2. Lognormal: sdlog^2 = log(1 + sd^2 / mean^2), meanlog =
 * log(mean) - sdlog^2 / 2. Negative binomial: dnbinom(d, size, mu = mean) with size =
 * mean^2 / (sd^2 - mean), renormalised (discrete already: `discretisation` does not apply).
 *
 * @param options - distribution, mean (> 0), sd (> 0), maxDelay (integer >= 0), discretisation
 *   ('uniform', default, or 'start')
 * @returns the pmf with the family's parameters and the truncated mass
 * @throws InvalidArgumentError for a non-positive mean or sd, a negative or fractional maxDelay,
 *   a negative binomial with sd^2 <= mean, or no mass on 0..maxDelay
 * @example
 * ```ts
 * delayPmf({ distribution: 'gamma', mean: 5, sd: 2.5, maxDelay: 14, discretisation: 'start' }).pmf[0];
 * // => 0.00910071473817555
 * delayPmf({ distribution: 'gamma', mean: 5, sd: 2.5, maxDelay: 60 }).pmf.reduce((m, p, d) => m + p * d, 0);
 * // => 4.99999... (the continuous mean)
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
  const discretisation = options.discretisation ?? 'uniform';
  if (discretisation !== 'uniform' && discretisation !== 'start') {
    throw new InvalidArgumentError(
      'discretisation',
      `${fn} requires discretisation 'uniform' or 'start'; received ${String(discretisation)}`,
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
    const cdf = (x: number) => pgamma(x, shape, rate);
    const integral = (x: number) =>
      x <= 0 ? 0 : x * pgamma(x, shape, rate) - (shape / rate) * pgamma(x, shape + 1, rate);
    cutOff = discretise(raw, maxDelay, discretisation, cdf, integral);
    method = `discretised gamma: ${RULES[discretisation]}, d = 0..maxDelay, renormalised`;
  } else if (distribution === 'lognormal') {
    const sdlog = Math.sqrt(Math.log1p((sd * sd) / (mean * mean)));
    const meanlog = Math.log(mean) - (sdlog * sdlog) / 2;
    parameters = { meanlog, sdlog };
    const cdf = (x: number) => (x <= 0 ? 0 : plnorm(x, meanlog, sdlog));
    const partial = Math.exp(meanlog + (sdlog * sdlog) / 2);
    const integral = (x: number) =>
      x <= 0
        ? 0
        : x * plnorm(x, meanlog, sdlog) - partial * plnorm(x, meanlog + sdlog * sdlog, sdlog);
    cutOff = discretise(raw, maxDelay, discretisation, cdf, integral);
    method = `discretised lognormal: ${RULES[discretisation]}, d = 0..maxDelay, renormalised`;
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
    discretisation: distribution === 'negative-binomial' ? 'discrete' : discretisation,
    parameters,
    pmf: raw.map((p) => p / sum),
    truncatedMass: cutOff,
    method,
  };
}

const RULES = {
  uniform:
    'offences uniform within the period, P(d) = G(d + 1) - 2 G(d) + G(d - 1), G(x) = int_0^x F',
  start: 'offences at the start of the period, P(d) = F(d + 1) - F(d)',
} as const;

/**
 * Fill raw with P(d), d = 0..maxDelay, of a continuous delay with cdf F and G(x) = int_0^x F
 * (G(x) = 0 for x <= 0) under the rule; returns the probability beyond maxDelay.
 */
function discretise(
  raw: number[],
  maxDelay: number,
  rule: 'uniform' | 'start',
  cdf: (x: number) => number,
  integral: (x: number) => number,
): number {
  if (rule === 'start') {
    let previous = cdf(0);
    for (let d = 0; d <= maxDelay; d++) {
      const next = cdf(d + 1);
      raw.push(next - previous);
      previous = next;
    }
    return 1 - cdf(maxDelay + 1);
  }
  let below = 0;
  let at = integral(0);
  let total = 0;
  for (let d = 0; d <= maxDelay; d++) {
    const above = integral(d + 1);
    const p = Math.max(0, above - 2 * at + below);
    raw.push(p);
    total += p;
    below = at;
    at = above;
  }
  return Math.max(0, 1 - total);
}
