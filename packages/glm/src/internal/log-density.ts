/**
 * Log densities for the AIC of binomial, poisson and Gamma fits (R's `dbinom(..., log = TRUE)`
 * and friends). @muster/core's densities have no `log` argument, so the log is taken of the
 * density, and only where the density underflows (to 0 or a subnormal) for valid arguments is it computed from
 * the closed form with core's `lgamma` (accurate to far better than the AIC needs).
 *
 * Contract: arguments as R's; NaN for invalid parameters; -Infinity where R's log density is.
 */
import { dbinom, dgamma, dpois, lgamma } from '@muster/core';

/** Below the smallest normal double a density has lost digits: use the closed form. */
const MIN_NORMAL = 2.2250738585072014e-308;

export function logDbinom(x: number, size: number, prob: number): number {
  // One trial (0/1 data): the log density is log(prob) or log(1 - prob), as R's dbinom_raw.
  if (size === 1 && prob >= 0 && prob <= 1) {
    if (x === 1) return Math.log(prob);
    if (x === 0) return Math.log(1 - prob);
  }
  const d = dbinom(x, size, prob);
  if (d > MIN_NORMAL || Number.isNaN(d)) return Math.log(d);
  if (!Number.isInteger(x) || x < 0 || x > size) return Number.NEGATIVE_INFINITY;
  if ((prob === 0 && x > 0) || (prob === 1 && x < size)) return Number.NEGATIVE_INFINITY;
  const lchoose = lgamma(size + 1) - lgamma(x + 1) - lgamma(size - x + 1);
  const a = x === 0 ? 0 : x * Math.log(prob);
  const b = size - x === 0 ? 0 : (size - x) * Math.log1p(-prob);
  return lchoose + a + b;
}

export function logDpois(x: number, lambda: number): number {
  const d = dpois(x, lambda);
  if (d > MIN_NORMAL || Number.isNaN(d)) return Math.log(d);
  if (!Number.isInteger(x) || x < 0) return Number.NEGATIVE_INFINITY;
  if (lambda === 0) return x === 0 ? 0 : Number.NEGATIVE_INFINITY;
  return x * Math.log(lambda) - lambda - lgamma(x + 1);
}

export function logDgamma(x: number, shape: number, rate: number): number {
  const d = dgamma(x, shape, rate);
  if (d > MIN_NORMAL || Number.isNaN(d)) return Math.log(d);
  if (!(x > 0) || !Number.isFinite(x)) return Number.NEGATIVE_INFINITY;
  return shape * Math.log(rate) + (shape - 1) * Math.log(x) - rate * x - lgamma(shape);
}
