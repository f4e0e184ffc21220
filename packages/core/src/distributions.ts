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
 *
 * One module per function (./distributions/), so that a bundle importing `pnorm` carries only
 * the @stdlib code pnorm needs.
 */
export { dbeta } from './distributions/dbeta.ts';
export { dbinom } from './distributions/dbinom.ts';
export { dchisq } from './distributions/dchisq.ts';
export { df } from './distributions/df.ts';
export { dgamma } from './distributions/dgamma.ts';
export { digamma } from './distributions/digamma.ts';
export { dlnorm } from './distributions/dlnorm.ts';
export { dnbinom } from './distributions/dnbinom.ts';
export { dnorm } from './distributions/dnorm.ts';
export { dpois } from './distributions/dpois.ts';
export { dt } from './distributions/dt.ts';
export { lgamma } from './distributions/lgamma.ts';
export { pbeta } from './distributions/pbeta.ts';
export { pbinom } from './distributions/pbinom.ts';
export { pchisq } from './distributions/pchisq.ts';
export { pf } from './distributions/pf.ts';
export { pgamma } from './distributions/pgamma.ts';
export { plnorm } from './distributions/plnorm.ts';
export { pnbinom } from './distributions/pnbinom.ts';
export { pnorm } from './distributions/pnorm.ts';
export { ppois } from './distributions/ppois.ts';
export { pt } from './distributions/pt.ts';
export { qbeta } from './distributions/qbeta.ts';
export { qchisq } from './distributions/qchisq.ts';
export { qf } from './distributions/qf.ts';
export { qgamma } from './distributions/qgamma.ts';
export { qlnorm } from './distributions/qlnorm.ts';
export { qnorm } from './distributions/qnorm.ts';
export { qt } from './distributions/qt.ts';
export { trigamma } from './distributions/trigamma.ts';
