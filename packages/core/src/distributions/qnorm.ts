import erfcinv from '@stdlib/math-base-special-erfcinv';
import { isProbability } from './is-probability.ts';

/**
 * Normal quantile function, R's `qnorm`.
 *
 * Phi^-1(p) = -sqrt(2) erfcinv(2p) for p <= 1/2 (@stdlib erfcinv, Boost's rational
 * approximations), and by symmetry for p > 1/2, so tiny probabilities in either tail
 * (p = 1e-300) are inverted with full relative accuracy; the upper tail uses
 * q(p, upper) = -q(p, lower).
 *
 * @param p - probability in [0, 1]
 * @param mean - mean (default 0)
 * @param sd - standard deviation >= 0 (default 1)
 * @param lowerTail - p is P(X <= q) when true (default), P(X > q) when false
 * @returns the quantile; -Infinity/Infinity at p = 0 or 1; NaN outside the domain
 * @example
 * ```ts
 * qnorm(0.975);
 * // => 1.9599639845400538
 * qnorm(1e-300);
 * // => -37.04709629936378
 * ```
 */
export function qnorm(p: number, mean = 0, sd = 1, lowerTail = true): number {
  if (!isProbability(p) || Number.isNaN(mean) || !(sd >= 0)) return Number.NaN;
  const z = p <= 0.5 ? -Math.SQRT2 * erfcinv(2 * p) : Math.SQRT2 * erfcinv(2 * (1 - p));
  return mean + sd * (lowerTail ? z : -z);
}
