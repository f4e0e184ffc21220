import { isProbability } from './is-probability.ts';
import { qgamma } from './qgamma.ts';

/**
 * Chi-square quantile function, R's `qchisq` (central): 2 P^-1(df/2, p) or 2 Q^-1(df/2, p)
 * (@stdlib gammaincinv), so upper-tail probabilities are inverted directly.
 *
 * @param p - probability in [0, 1]
 * @param df - degrees of freedom > 0
 * @param lowerTail - p is P(X <= q) when true (default), P(X > q) when false
 * @returns the quantile; NaN outside the domain
 * @example
 * ```ts
 * qchisq(0.95, 1);
 * // => 3.8414588206941245
 * ```
 */
export function qchisq(p: number, df: number, lowerTail = true): number {
  if (!isProbability(p) || !(df > 0)) return Number.NaN;
  return qgamma(p, df / 2, 0.5, lowerTail);
}
