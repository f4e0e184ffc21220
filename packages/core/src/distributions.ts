/**
 * Distribution functions with R's names, argument order and semantics (`pnorm`, `qchisq`, ...),
 * computed by @stdlib (ports of Boost and Cephes) rather than written again.
 *
 * Upper tails are computed directly, never as 1 - lower: the regularised upper incomplete gamma
 * Q(a, x) for chi-square, gamma and Poisson, the complementary regularised incomplete beta for
 * F, t, beta, binomial and negative binomial (with the argument transformations of R's nmath
 * that avoid forming 1 - x), erfc for the normal. So `pchisq(1000, 1, false)` keeps its relative
 * accuracy at 1.7e-219. Quantiles with `lowerTail = false` invert the upper tail directly.
 *
 * As in R, a parameter outside its domain (sd < 0, df <= 0, a probability outside [0, 1]) gives
 * NaN rather than an error, so the functions can be mapped over vectors; NaN inputs give NaN.
 */

import betainc from '@stdlib/math-base-special-betainc';
import betaincinv from '@stdlib/math-base-special-betaincinv';
import betaln from '@stdlib/math-base-special-betaln';
import digammaStdlib from '@stdlib/math-base-special-digamma';
import erfcinv from '@stdlib/math-base-special-erfcinv';
import gammainc from '@stdlib/math-base-special-gammainc';
import gammaincinv from '@stdlib/math-base-special-gammaincinv';
import gammaln from '@stdlib/math-base-special-gammaln';
import trigammaStdlib from '@stdlib/math-base-special-trigamma';
import betaPdf from '@stdlib/stats-base-dists-beta-pdf';
import binomialPmf from '@stdlib/stats-base-dists-binomial-pmf';
import chisquarePdf from '@stdlib/stats-base-dists-chisquare-pdf';
import fPdf from '@stdlib/stats-base-dists-f-pdf';
import gammaPdf from '@stdlib/stats-base-dists-gamma-pdf';
import lognormalPdf from '@stdlib/stats-base-dists-lognormal-pdf';
import negativeBinomialPmf from '@stdlib/stats-base-dists-negative-binomial-pmf';
import normalCdf from '@stdlib/stats-base-dists-normal-cdf';
import normalPdf from '@stdlib/stats-base-dists-normal-pdf';
import poissonPmf from '@stdlib/stats-base-dists-poisson-pmf';
import tPdf from '@stdlib/stats-base-dists-t-pdf';
import tQuantile from '@stdlib/stats-base-dists-t-quantile';

const isProbability = (p: number) => p >= 0 && p <= 1;

/** Regularised incomplete beta with R's lower/upper switch: pbeta(x, a, b, lowerTail). */
function pbetaRaw(x: number, a: number, b: number, lowerTail: boolean): number {
  if (x <= 0) return lowerTail ? 0 : 1;
  if (x >= 1) return lowerTail ? 1 : 0;
  return betainc(x, a, b, true, !lowerTail);
}

// ---------------------------------------------------------------------------------------------
// Normal

/**
 * Normal cumulative distribution function, R's `pnorm`.
 *
 * Computed from erfc on the standardised value (@stdlib normal cdf), using the symmetry
 * P(X > x) = Phi(-z) for the upper tail, so both tails keep relative accuracy down to 1e-308.
 *
 * @param x - quantile
 * @param mean - mean (default 0)
 * @param sd - standard deviation >= 0 (default 1; sd = 0 is a point mass at the mean)
 * @param lowerTail - P(X <= x) when true (default), P(X > x) when false
 * @returns the probability; NaN when sd < 0 or an argument is NaN
 * @example
 * ```ts
 * pnorm(1.96);
 * // => 0.9750021048517795
 * pnorm(10, 0, 1, false);
 * // => 7.619853024160593e-24
 * ```
 */
export function pnorm(x: number, mean = 0, sd = 1, lowerTail = true): number {
  if (Number.isNaN(x) || Number.isNaN(mean) || !(sd >= 0)) return Number.NaN;
  if (sd === 0 || !Number.isFinite(sd)) {
    if (sd === 0) return x < mean === lowerTail ? 0 : 1;
    return 0.5;
  }
  const z = (x - mean) / sd;
  return normalCdf(lowerTail ? z : -z, 0, 1);
}

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

/**
 * Normal density, R's `dnorm`.
 *
 * @param x - quantile
 * @param mean - mean (default 0)
 * @param sd - standard deviation > 0 (default 1)
 * @returns the density; NaN when sd < 0
 * @example
 * ```ts
 * dnorm(0);
 * // => 0.3989422804014327
 * ```
 */
export function dnorm(x: number, mean = 0, sd = 1): number {
  if (!(sd >= 0)) return Number.NaN;
  return normalPdf(x, mean, sd);
}

// ---------------------------------------------------------------------------------------------
// Student t

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

/**
 * Student t quantile function, R's `qt` (central). @stdlib's t quantile (inverse incomplete
 * beta); the upper tail uses the symmetry q(p, upper) = -q(p, lower).
 *
 * @param p - probability in [0, 1]
 * @param df - degrees of freedom > 0
 * @param lowerTail - p is P(T <= q) when true (default), P(T > q) when false
 * @returns the quantile; NaN outside the domain
 * @example
 * ```ts
 * qt(0.975, 10);
 * // => 2.2281388519862744
 * ```
 */
export function qt(p: number, df: number, lowerTail = true): number {
  if (!isProbability(p) || !(df > 0)) return Number.NaN;
  if (!Number.isFinite(df)) return qnorm(p, 0, 1, lowerTail);
  const q = tQuantile(p, df);
  return lowerTail ? q : -q;
}

/**
 * Student t density, R's `dt` (central).
 *
 * @param x - quantile
 * @param df - degrees of freedom > 0
 * @returns the density; NaN when df <= 0
 * @example
 * ```ts
 * dt(0, 1);
 * // => 0.31830988618379075
 * ```
 */
export function dt(x: number, df: number): number {
  if (!(df > 0)) return Number.NaN;
  if (!Number.isFinite(df)) return dnorm(x);
  return tPdf(x, df);
}

// ---------------------------------------------------------------------------------------------
// Chi-square

/**
 * Chi-square cumulative distribution function, R's `pchisq` (central): the regularised lower
 * or upper incomplete gamma function P(df/2, x/2) or Q(df/2, x/2) (@stdlib gammainc, a port of
 * Boost's), so `pchisq(1000, 1, false)` = 1.7e-219 with full relative accuracy.
 *
 * @param x - quantile
 * @param df - degrees of freedom >= 0 (df = 0 is a point mass at 0)
 * @param lowerTail - P(X <= x) when true (default), P(X > x) when false
 * @returns the probability; NaN when df < 0
 * @example
 * ```ts
 * pchisq(3.84, 1, false);
 * // => 0.05004352124870509
 * ```
 */
export function pchisq(x: number, df: number, lowerTail = true): number {
  if (Number.isNaN(x) || !(df >= 0)) return Number.NaN;
  return pgamma(x, df / 2, 0.5, lowerTail);
}

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

/**
 * Chi-square density, R's `dchisq` (central).
 *
 * @param x - quantile
 * @param df - degrees of freedom > 0
 * @returns the density; NaN when df <= 0
 * @example
 * ```ts
 * dchisq(1, 2);
 * // => 0.30326532985631677
 * ```
 */
export function dchisq(x: number, df: number): number {
  if (!(df > 0)) return Number.NaN;
  return chisquarePdf(x, df);
}

// ---------------------------------------------------------------------------------------------
// F

/**
 * F cumulative distribution function, R's `pf` (central). As R's nmath pf.c: the regularised
 * incomplete beta of d2 / (d2 + d1 x) with shapes (d2/2, d1/2) when d1 x > d2, else of
 * d1 x / (d2 + d1 x) with (d1/2, d2/2), so neither tail forms 1 - x; chi-square limits for
 * infinite degrees of freedom.
 *
 * @param x - quantile
 * @param df1 - numerator degrees of freedom > 0
 * @param df2 - denominator degrees of freedom > 0
 * @param lowerTail - P(F <= x) when true (default), P(F > x) when false
 * @returns the probability; NaN outside the domain
 * @example
 * ```ts
 * pf(4, 2, 10, false);
 * // => 0.052922149401344654
 * ```
 */
export function pf(x: number, df1: number, df2: number, lowerTail = true): number {
  if (Number.isNaN(x) || !(df1 > 0) || !(df2 > 0)) return Number.NaN;
  if (x <= 0) return lowerTail ? 0 : 1;
  if (x === Number.POSITIVE_INFINITY) return lowerTail ? 1 : 0;
  if (!Number.isFinite(df2)) {
    if (!Number.isFinite(df1)) return x < 1 === lowerTail ? 0 : 1;
    return pchisq(x * df1, df1, lowerTail);
  }
  if (!Number.isFinite(df1)) return pchisq(df2 / x, df2, !lowerTail);
  if (df1 * x > df2) return pbetaRaw(df2 / (df2 + df1 * x), df2 / 2, df1 / 2, !lowerTail);
  return pbetaRaw((df1 * x) / (df2 + df1 * x), df1 / 2, df2 / 2, lowerTail);
}

/**
 * F quantile function, R's `qf` (central), from the beta quantile (@stdlib betaincinv): for the
 * lower tail (d2 / d1) x / (1 - x) with x = qbeta(p, d1/2, d2/2), for the upper tail
 * (d2 / d1) (1 / y - 1) with y = qbeta(p, d2/2, d1/2). Each form inverts the small probability of
 * its own tail directly, so qf(1e-12, 3, 17) is accurate where R's single formula
 * (1 / qbeta(p, d2/2, d1/2, !lowerTail) - 1) d2 / d1 loses about 7 digits.
 *
 * @param p - probability in [0, 1]
 * @param df1 - numerator degrees of freedom > 0
 * @param df2 - denominator degrees of freedom > 0
 * @param lowerTail - p is P(F <= q) when true (default), P(F > q) when false
 * @returns the quantile; NaN outside the domain
 * @example
 * ```ts
 * qf(0.95, 2, 10);
 * // => 4.1028210151304
 * ```
 */
export function qf(p: number, df1: number, df2: number, lowerTail = true): number {
  if (!isProbability(p) || !(df1 > 0) || !(df2 > 0)) return Number.NaN;
  if (!Number.isFinite(df2)) {
    if (!Number.isFinite(df1)) return 1;
    return qchisq(p, df1, lowerTail) / df1;
  }
  if (!Number.isFinite(df1)) return df2 / qchisq(p, df2, !lowerTail);
  if (lowerTail) {
    // F = (d2 / d1) x / (1 - x) with x ~ Beta(d1/2, d2/2): accurate for small lower-tail p
    const x = qbeta(p, df1 / 2, df2 / 2, true);
    return ((df2 / df1) * x) / (1 - x);
  }
  // F = (d2 / d1) (1 / y - 1) with y = 1 - x ~ Beta(d2/2, d1/2): accurate for small upper-tail p
  const y = qbeta(p, df2 / 2, df1 / 2, true);
  return (1 / y - 1) * (df2 / df1);
}

/**
 * F density, R's `df` (central).
 *
 * @param x - quantile
 * @param df1 - numerator degrees of freedom > 0
 * @param df2 - denominator degrees of freedom > 0
 * @returns the density; NaN outside the domain
 * @example
 * ```ts
 * df(1, 2, 10);
 * // => 0.3348979766803844
 * ```
 */
export function df(x: number, df1: number, df2: number): number {
  if (!(df1 > 0) || !(df2 > 0)) return Number.NaN;
  return fPdf(x, df1, df2);
}

// ---------------------------------------------------------------------------------------------
// Gamma

/**
 * Gamma cumulative distribution function, R's `pgamma` with the rate parametrisation: the
 * regularised incomplete gamma P(shape, rate x) or, for the upper tail, Q(shape, rate x)
 * computed directly (@stdlib gammainc).
 *
 * @param x - quantile
 * @param shape - shape >= 0 (0 is a point mass at 0)
 * @param rate - rate > 0 (default 1; scale = 1 / rate)
 * @param lowerTail - P(X <= x) when true (default), P(X > x) when false
 * @returns the probability; NaN outside the domain
 * @example
 * ```ts
 * pgamma(2, 3, 1);
 * // => 0.3233235838169365
 * ```
 */
export function pgamma(x: number, shape: number, rate = 1, lowerTail = true): number {
  if (Number.isNaN(x) || !(shape >= 0) || !(rate > 0)) return Number.NaN;
  if (x <= 0) return lowerTail ? 0 : 1;
  if (shape === 0) return lowerTail ? 1 : 0;
  if (x === Number.POSITIVE_INFINITY) return lowerTail ? 1 : 0;
  return gammainc(x * rate, shape, true, !lowerTail);
}

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

/**
 * Gamma density, R's `dgamma` (rate parametrisation).
 *
 * @param x - quantile
 * @param shape - shape > 0
 * @param rate - rate > 0 (default 1)
 * @returns the density; NaN outside the domain
 * @example
 * ```ts
 * dgamma(1, 2, 1);
 * // => 0.36787944117144233
 * ```
 */
export function dgamma(x: number, shape: number, rate = 1): number {
  if (!(shape >= 0) || !(rate > 0)) return Number.NaN;
  return gammaPdf(x, shape, rate);
}

// ---------------------------------------------------------------------------------------------
// Beta

/**
 * Beta cumulative distribution function, R's `pbeta`: the regularised incomplete beta
 * I_x(a, b) or its complement computed directly (@stdlib betainc, a port of Boost's ibeta).
 *
 * @param x - quantile
 * @param a - first shape > 0
 * @param b - second shape > 0
 * @param lowerTail - P(X <= x) when true (default), P(X > x) when false
 * @returns the probability; NaN outside the domain
 * @example
 * ```ts
 * pbeta(0.5, 2, 3);
 * // => 0.6875
 * ```
 */
export function pbeta(x: number, a: number, b: number, lowerTail = true): number {
  if (Number.isNaN(x) || !(a > 0) || !(b > 0)) return Number.NaN;
  return pbetaRaw(x, a, b, lowerTail);
}

/**
 * Beta quantile function, R's `qbeta`: the inverse of the regularised incomplete beta or of its
 * complement (@stdlib betaincinv).
 *
 * @param p - probability in [0, 1]
 * @param a - first shape > 0
 * @param b - second shape > 0
 * @param lowerTail - p is P(X <= q) when true (default), P(X > q) when false
 * @returns the quantile; NaN outside the domain
 * @example
 * ```ts
 * qbeta(0.6875, 2, 3);
 * // => 0.5
 * ```
 */
export function qbeta(p: number, a: number, b: number, lowerTail = true): number {
  if (!isProbability(p) || !(a > 0) || !(b > 0)) return Number.NaN;
  if (p === (lowerTail ? 0 : 1)) return 0;
  if (p === (lowerTail ? 1 : 0)) return 1;
  return betaincinv(p, a, b, !lowerTail);
}

/**
 * Beta density, R's `dbeta`.
 *
 * @param x - quantile
 * @param a - first shape > 0
 * @param b - second shape > 0
 * @returns the density; NaN outside the domain
 * @example
 * ```ts
 * dbeta(0.5, 2, 3);
 * // => 1.5000000000000004
 * ```
 */
export function dbeta(x: number, a: number, b: number): number {
  if (!(a > 0) || !(b > 0)) return Number.NaN;
  return betaPdf(x, a, b);
}

// ---------------------------------------------------------------------------------------------
// Discrete: Poisson, binomial, negative binomial

/**
 * Poisson probability mass function, R's `dpois` (0 for a non-integer x, as R, which also warns).
 *
 * @param x - count
 * @param lambda - mean >= 0
 * @returns P(X = x); NaN when lambda < 0
 * @example
 * ```ts
 * dpois(2, 3);
 * // => 0.22404180765538767
 * ```
 */
export function dpois(x: number, lambda: number): number {
  if (Number.isNaN(x) || !(lambda >= 0)) return Number.NaN;
  return poissonPmf(x, lambda);
}

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

/**
 * Binomial probability mass function, R's `dbinom` (0 for a non-integer x).
 *
 * @param x - number of successes
 * @param size - number of trials (non-negative integer)
 * @param prob - success probability in [0, 1]
 * @returns P(X = x); NaN outside the domain
 * @example
 * ```ts
 * dbinom(3, 10, 0.5);
 * // => 0.11718750000000008
 * ```
 */
export function dbinom(x: number, size: number, prob: number): number {
  if (Number.isNaN(x) || !Number.isInteger(size) || size < 0 || !isProbability(prob))
    return Number.NaN;
  return binomialPmf(x, size, prob);
}

/**
 * Binomial cumulative distribution function, R's `pbinom`: P(X <= k) = I_{1-p}(n - k, k + 1),
 * computed as the complementary incomplete beta of p with shapes (k + 1, n - k) as R's nmath
 * does, and P(X > k) as the incomplete beta itself.
 *
 * @param q - quantile
 * @param size - number of trials (non-negative integer)
 * @param prob - success probability in [0, 1]
 * @param lowerTail - P(X <= q) when true (default), P(X > q) when false
 * @returns the probability; NaN outside the domain
 * @example
 * ```ts
 * pbinom(3, 10, 0.5);
 * // => 0.171875
 * ```
 */
export function pbinom(q: number, size: number, prob: number, lowerTail = true): number {
  if (Number.isNaN(q) || !Number.isInteger(size) || size < 0 || !isProbability(prob))
    return Number.NaN;
  const k = Math.floor(q + 1e-7);
  if (k < 0) return lowerTail ? 0 : 1;
  if (k >= size) return lowerTail ? 1 : 0;
  return pbetaRaw(prob, k + 1, size - k, !lowerTail);
}

/**
 * Negative binomial probability mass function, R's `dnbinom(x, size, prob)`: failures before
 * the size-th success. For R's `mu` parametrisation pass prob = size / (size + mu).
 *
 * @param x - number of failures
 * @param size - target number of successes > 0 (need not be an integer)
 * @param prob - success probability in (0, 1]
 * @returns P(X = x); NaN outside the domain
 * @example
 * ```ts
 * dnbinom(2, 3, 0.5);
 * // => 0.18750000000000014
 * ```
 */
export function dnbinom(x: number, size: number, prob: number): number {
  if (Number.isNaN(x) || !(size > 0) || !(prob > 0 && prob <= 1)) return Number.NaN;
  return negativeBinomialPmf(x, size, prob);
}

/**
 * Negative binomial cumulative distribution function, R's `pnbinom(q, size, prob)`:
 * P(X <= k) = I_prob(size, k + 1) and its complement, computed directly.
 *
 * @param q - quantile
 * @param size - target number of successes > 0
 * @param prob - success probability in (0, 1]
 * @param lowerTail - P(X <= q) when true (default), P(X > q) when false
 * @returns the probability; NaN outside the domain
 * @example
 * ```ts
 * pnbinom(2, 3, 0.5);
 * // => 0.5
 * ```
 */
export function pnbinom(q: number, size: number, prob: number, lowerTail = true): number {
  if (Number.isNaN(q) || !(size > 0) || !(prob > 0 && prob <= 1)) return Number.NaN;
  const k = Math.floor(q + 1e-7);
  if (k < 0) return lowerTail ? 0 : 1;
  if (q === Number.POSITIVE_INFINITY || prob === 1) return lowerTail ? 1 : 0;
  return pbetaRaw(prob, size, k + 1, lowerTail);
}

// ---------------------------------------------------------------------------------------------
// Log-normal

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

/**
 * Log-normal density, R's `dlnorm`.
 *
 * @param x - quantile
 * @param meanlog - mean of log X (default 0)
 * @param sdlog - standard deviation of log X > 0 (default 1)
 * @returns the density; NaN when sdlog < 0
 * @example
 * ```ts
 * dlnorm(1);
 * // => 0.3989422804014327
 * ```
 */
export function dlnorm(x: number, meanlog = 0, sdlog = 1): number {
  if (!(sdlog >= 0)) return Number.NaN;
  if (x <= 0) return 0;
  return lognormalPdf(x, meanlog, sdlog);
}

// ---------------------------------------------------------------------------------------------
// Special functions

/**
 * Natural logarithm of the absolute value of the gamma function, R's `lgamma` (@stdlib gammaln).
 *
 * @param x - argument (poles at 0, -1, -2, ... give Infinity)
 * @returns log |Gamma(x)|
 * @example
 * ```ts
 * lgamma(10);
 * // => 12.80182748008147
 * ```
 */
export function lgamma(x: number): number {
  return gammaln(x);
}

/**
 * Digamma function psi(x) = d/dx log Gamma(x), R's `digamma` (@stdlib digamma).
 *
 * @param x - argument
 * @returns psi(x)
 * @example
 * ```ts
 * digamma(1);
 * // => -0.5772156649015329
 * ```
 */
export function digamma(x: number): number {
  return digammaStdlib(x);
}

/**
 * Trigamma function psi'(x), R's `trigamma` (@stdlib trigamma).
 *
 * @param x - argument
 * @returns psi'(x)
 * @example
 * ```ts
 * trigamma(1);
 * // => 1.6449340668482264
 * ```
 */
export function trigamma(x: number): number {
  return trigammaStdlib(x);
}
