import { qnorm } from './qnorm.ts';

/**
 * Log-normal quantile function, R's `qlnorm`: exp(qnorm(p, meanlog, sdlog)).
 *
 * @param p - probability in [0, 1]
 * @param meanlog - mean of log X (default 0)
 * @param sdlog - standard deviation of log X >= 0 (default 1)
 * @param lowerTail - p is P(X <= q) when true (default), P(X > q) when false
 * @returns the quantile; NaN outside the domain
 * @example
 * ```ts
 * qlnorm(0.5, 1);
 * // => 2.718281828459045
 * ```
 */
export function qlnorm(p: number, meanlog = 0, sdlog = 1, lowerTail = true): number {
  return Math.exp(qnorm(p, meanlog, sdlog, lowerTail));
}
