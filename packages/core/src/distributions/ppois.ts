import gammainc from '@stdlib/math-base-special-gammainc';

/**
 * Poisson cumulative distribution function, R's `ppois`: P(X <= q) = Q(floor(q) + 1, lambda),
 * the regularised upper incomplete gamma, and P(X > q) = P(floor(q) + 1, lambda), each computed
 * directly.
 *
 * @param q - quantile
 * @param lambda - mean >= 0
 * @param lowerTail - P(X <= q) when true (default), P(X > q) when false
 * @returns the probability; NaN when lambda < 0
 * @example
 * ```ts
 * ppois(2, 3);
 * // => 0.42319008112684353
 * ```
 */
export function ppois(q: number, lambda: number, lowerTail = true): number {
  if (Number.isNaN(q) || !(lambda >= 0)) return Number.NaN;
  if (q < 0) return lowerTail ? 0 : 1;
  if (lambda === 0 || q === Number.POSITIVE_INFINITY) return lowerTail ? 1 : 0;
  return gammainc(lambda, Math.floor(q + 1e-7) + 1, true, lowerTail);
}
