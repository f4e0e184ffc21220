import gammainc from '@stdlib/math-base-special-gammainc';
import gammaincinv from '@stdlib/math-base-special-gammaincinv';
import gammaPdf from '@stdlib/stats-base-dists-gamma-pdf';
import { isProbability } from './is-probability.ts';

/**
 * Gamma quantile function, R's `qgamma` (rate parametrisation): P^-1(shape, p) / rate, or
 * Q^-1(shape, p) / rate for the upper tail (@stdlib gammaincinv).
 *
 * @param p - probability in [0, 1]
 * @param shape - shape > 0
 * @param rate - rate > 0 (default 1)
 * @param lowerTail - p is P(X <= q) when true (default), P(X > q) when false
 * @returns the quantile; NaN outside the domain
 * @example
 * ```ts
 * qgamma(0.5, 2, 1);
 * // => 1.6783469900166605
 * ```
 */
export function qgamma(p: number, shape: number, rate = 1, lowerTail = true): number {
  if (!isProbability(p) || !(shape > 0) || !(rate > 0)) return Number.NaN;
  if (p === (lowerTail ? 0 : 1)) return 0;
  if (p === (lowerTail ? 1 : 0)) return Number.POSITIVE_INFINITY;
  return polishGammaQuantile(gammaincinv(p, shape, !lowerTail), p, shape, lowerTail) / rate;
}

/**
 * Contract: x0 > 0 approximates the standard gamma(shape) quantile of tail probability p (lower
 * or upper). @stdlib's gammaincinv can be off by 1e-7 relative far in the upper tail
 * (qchisq(1e-100, 4, upper)); up to four Newton steps on log(tail) - log(p), with the tail from
 * the accurate gammainc and its derivative -/+ density / tail, bring it to rounding level.
 * Returns x0 unchanged when a step is not finite and positive.
 */
function polishGammaQuantile(x0: number, p: number, shape: number, lowerTail: boolean): number {
  let x = x0;
  if (!(x > 0) || !Number.isFinite(x)) return x0;
  const logP = Math.log(p);
  for (let iteration = 0; iteration < 4; iteration++) {
    const tail = gammainc(x, shape, true, !lowerTail);
    const density = gammaPdf(x, shape, 1);
    if (!(tail > 0) || !(density > 0)) break;
    const step = ((Math.log(tail) - logP) * tail) / density;
    const next = lowerTail ? x - step : x + step;
    if (!(next > 0) || !Number.isFinite(next)) break;
    const done = Math.abs(next - x) <= 1e-15 * x;
    x = next;
    if (done) break;
  }
  return x;
}
