import { lgamma } from '@muster/core';

/**
 * log P(N >= y) for N ~ Poisson(mu), with its first two derivatives in mu, for the censored
 * (lower-bound) figures of a reconstruction.
 *
 * Contract: y >= 0 (need not be an integer: P(N >= y) is read as the regularised lower incomplete
 * gamma P(y, mu), which equals P(N >= y) at integers), mu > 0. Returns
 *   value = log P(y, mu)
 *   first = d/dmu log P = h,  h = dgamma(mu; shape y) / P(y, mu)
 *   second = d2/dmu2 log P = h ((y - 1) / mu - 1) - h^2
 * y = 0 gives (0, 0, 0). Everything is computed in log scale so that P far below 1e-300 keeps
 * full relative accuracy: the series of P(a, x) for x < a + 1, the continued fraction of
 * Q(a, x) = 1 - P(a, x) (modified Lentz) otherwise (Numerical Recipes 3rd ed., 6.2).
 */
export function logPoissonTail(
  y: number,
  mu: number,
): { value: number; first: number; second: number } {
  if (y <= 0) return { value: 0, first: 0, second: 0 };
  const logDensity = (y - 1) * Math.log(mu) - mu - lgamma(y);
  const logP = logLowerRegularisedGamma(y, mu);
  const h = Math.exp(logDensity - logP);
  return { value: logP, first: h, second: h * ((y - 1) / mu - 1) - h * h };
}

/** log P(a, x), the regularised lower incomplete gamma function, a > 0, x >= 0. */
export function logLowerRegularisedGamma(a: number, x: number): number {
  if (x <= 0) return Number.NEGATIVE_INFINITY;
  const logPrefix = a * Math.log(x) - x - lgamma(a);
  if (x < a + 1) {
    // P(a, x) = e^-x x^a / Gamma(a + 1) sum_n x^n / ((a + 1)...(a + n))
    let term = 1 / a;
    let sum = term;
    for (let n = 1; n < 100_000; n++) {
      term *= x / (a + n);
      sum += term;
      if (term < sum * 1e-17) break;
    }
    return logPrefix + Math.log(sum);
  }
  // Q(a, x) = e^-x x^a / Gamma(a) * 1 / (x + 1 - a - 1 (1 - a) / (x + 3 - a - ...))
  const tiny = 1e-300;
  let b = x + 1 - a;
  let c = 1 / tiny;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < 100_000; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < tiny) d = tiny;
    c = b + an / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  const q = Math.exp(logPrefix) * h;
  return Math.log1p(-q);
}
