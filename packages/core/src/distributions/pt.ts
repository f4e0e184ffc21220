import betainc from '@stdlib/math-base-special-betainc';
import betaln from '@stdlib/math-base-special-betaln';
import { pnorm } from './pnorm.ts';

/**
 * Student t cumulative distribution function, R's `pt` (central).
 *
 * As R's nmath pt.c: with nx = 1 + x^2 / df, the two-sided tail P(|T| > |x|) is the regularised
 * incomplete beta I(x^2 / (df + x^2); 1/2, df/2) upper tail when df > x^2, else
 * I(1 / nx; df/2, 1/2), whichever avoids cancellation, and an asymptotic expression when
 * nx > 1e100. (No normal approximation for large df: R 4.2 computes those exactly too.)
 *
 * @param x - quantile
 * @param df - degrees of freedom > 0 (may be Infinity)
 * @param lowerTail - P(T <= x) when true (default), P(T > x) when false
 * @returns the probability; NaN when df <= 0
 * @example
 * ```ts
 * pt(2, 5);
 * // => 0.9490302605850709
 * pt(40, 5, false);
 * // => 9.205981085886474e-8
 * ```
 */
export function pt(x: number, df: number, lowerTail = true): number {
  if (Number.isNaN(x) || !(df > 0)) return Number.NaN;
  if (!Number.isFinite(x)) return x < 0 === lowerTail ? 0 : 1;
  if (!Number.isFinite(df)) return pnorm(x, 0, 1, lowerTail);
  const nx = 1 + (x / df) * x;
  let tail: number; // P(|T| > |x|)
  if (nx > 1e100) {
    const logTail =
      -0.5 * df * (2 * Math.log(Math.abs(x)) - Math.log(df)) -
      betaln(0.5 * df, 0.5) -
      Math.log(0.5 * df);
    tail = Math.exp(logTail);
  } else {
    tail =
      df > x * x
        ? betainc((x * x) / (df + x * x), 0.5, df / 2, true, true)
        : betainc(1 / nx, df / 2, 0.5, true, false);
  }
  const half = tail / 2; // P(T > |x|)
  const upperOfAbs = x <= 0 ? !lowerTail : lowerTail;
  return upperOfAbs ? 0.5 - half + 0.5 : half;
}
