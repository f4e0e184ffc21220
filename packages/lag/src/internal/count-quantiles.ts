import { lgamma, ppois } from '@muster/core';

/**
 * Quantile of a finite mixture of Poisson distributions with equal weights: the smallest integer
 * q with (1 / B) sum_b ppois(q, means_b) >= p (R's quantile convention for discrete laws). A
 * single mean gives R's qpois(p, mean). Integer bisection between bounds from the extreme means.
 */
export function poissonMixtureQuantile(means: readonly number[], p: number): number {
  const cdf = (q: number): number => {
    let sum = 0;
    for (const m of means) sum += m > 0 ? ppois(q, m) : 1;
    return sum / means.length;
  };
  const target = p * (1 - 64 * Number.EPSILON);
  let hi = 0;
  let lo = 0;
  let top = 0;
  for (const m of means) if (m > top) top = m;
  hi = Math.ceil(top + 10 * Math.sqrt(top) + 10);
  while (cdf(hi) < target) hi *= 2;
  if (cdf(0) >= target) return 0;
  // invariant: cdf(lo) < target <= cdf(hi)
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (cdf(mid) >= target) hi = mid;
    else lo = mid;
  }
  return hi;
}

/**
 * Quantiles of M, a beta-negative-binomial count: M | p ~ NegBin(size n, prob p) (failures
 * before the n-th success), p ~ Beta(a, b). P(M = m) = Gamma(n + m) / (Gamma(n) m!) *
 * B(a + n, b + m) / B(a, b). Fixed p (b = Infinity flag) gives the negative binomial. Summed by
 * the term ratio P(m + 1) / P(m) = (n + m)(b + m) / ((m + 1)(a + n + b + m)) in log scale.
 * `probabilities` must be ascending. Returns quantiles (smallest m with cdf >= p).
 */
export function betaNegativeBinomialQuantiles(
  n: number,
  capture: { a: number; b: number } | { p: number },
  probabilities: readonly number[],
): number[] {
  if (n === 0) return probabilities.map(() => 0);
  const out: number[] = [];
  let logTerm: number;
  let ratio: (m: number) => number;
  if ('p' in capture) {
    const { p } = capture;
    if (p === 1) return probabilities.map(() => 0);
    logTerm = n * Math.log(p);
    const log1mp = Math.log1p(-p);
    ratio = (m) => Math.log((n + m) / (m + 1)) + log1mp;
  } else {
    const { a, b } = capture;
    logTerm = lbeta(a + n, b) - lbeta(a, b);
    ratio = (m) => Math.log(((n + m) / (m + 1)) * ((b + m) / (a + n + b + m)));
  }
  let cdf = 0;
  let m = 0;
  let index = 0;
  const limit = 1e9;
  while (index < probabilities.length && m < limit) {
    cdf += Math.exp(logTerm);
    while (index < probabilities.length && cdf >= probabilities[index] * (1 - 1e-12)) {
      out.push(m);
      index++;
    }
    logTerm += ratio(m);
    m++;
  }
  while (out.length < probabilities.length) out.push(Number.POSITIVE_INFINITY);
  return out;
}

function lbeta(a: number, b: number): number {
  return lgamma(a) + lgamma(b) - lgamma(a + b);
}
