import { pnorm } from './pnorm.ts';

/**
 * Log-normal cumulative distribution function, R's `plnorm`: pnorm(log x, meanlog, sdlog).
 *
 * @param x - quantile
 * @param meanlog - mean of log X (default 0)
 * @param sdlog - standard deviation of log X >= 0 (default 1)
 * @param lowerTail - P(X <= x) when true (default), P(X > x) when false
 * @returns the probability; NaN when sdlog < 0
 * @example
 * ```ts
 * plnorm(1);
 * // => 0.5
 * ```
 */
export function plnorm(x: number, meanlog = 0, sdlog = 1, lowerTail = true): number {
  if (Number.isNaN(x) || !(sdlog >= 0)) return Number.NaN;
  if (x <= 0) return lowerTail ? 0 : 1;
  return pnorm(Math.log(x), meanlog, sdlog, lowerTail);
}
