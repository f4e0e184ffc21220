/**
 * Negative binomial regression with theta by maximum likelihood, as MASS's `glm.nb`: a poisson
 * fit, then alternation of theta.ml (Newton on the profile score of theta, with MASS's start
 * n / sum(w (y / mu - 1)^2), tolerance eps^(1/4) and iteration limit) and the IRLS fit with
 * negative.binomial(theta), started at the previous fitted means, until
 * |Lm0 - Lm| / d1 + |del| / d2 < tolerance (d1 = sqrt(2 max(1, df residual)), d2 = 1). As in MASS,
 * theta is updated from the fitted means of the previous fit, and the deviance reported is that
 * of the last fit (with the theta before the last update). The standard error of theta is
 * 1 / sqrt(information) at the estimate.
 *
 * Contract: `fit(theta, mustart)` runs the IRLS (theta null: poisson) and returns its fitted
 * means, residual df and result; y are counts, w prior weights.
 */
import { digamma, trigamma } from '@muster/core';
import { negativeBinomialLogLik } from './family.ts';

export interface ThetaEstimate {
  theta: number;
  standardError: number;
  iterations: number;
  /** 'limit' when theta.ml reached its iteration limit, 'truncated' when theta < 0 was set to 0. */
  warning: 'limit' | 'truncated' | null;
}

/** MASS's theta.ml. */
export function thetaMl(
  y: Float64Array,
  mu: Float64Array,
  w: Float64Array,
  n: number,
  limit: number,
): ThetaEstimate {
  let sumW = 0;
  let s = 0;
  for (let i = 0; i < n; i++) {
    sumW += w[i];
    s += w[i] * (y[i] / mu[i] - 1) ** 2;
  }
  let t0 = sumW / s;
  const eps = 2.220446049250313e-16 ** 0.25;
  let it = 0;
  let del = 1;
  let info = Number.NaN;
  while (++it < limit && Math.abs(del) > eps) {
    t0 = Math.abs(t0);
    let score = 0;
    info = 0;
    for (let i = 0; i < n; i++) {
      if (w[i] === 0) continue;
      const a = t0 + y[i];
      const b = mu[i] + t0;
      score += w[i] * (digamma(a) - digamma(t0) + Math.log(t0) + 1 - Math.log(b) - a / b);
      info += w[i] * (-trigamma(a) + trigamma(t0) - 1 / t0 + 2 / b - a / (b * b));
    }
    del = score / info;
    t0 += del;
  }
  let warning: ThetaEstimate['warning'] = null;
  if (t0 < 0) {
    t0 = 0;
    warning = 'truncated';
  } else if (it === limit) warning = 'limit';
  return { theta: t0, standardError: Math.sqrt(1 / info), iterations: it, warning };
}

export interface NegativeBinomialRun<F> {
  result: F;
  mu: Float64Array;
  dfResidual: number;
}

export interface NegativeBinomialFit<F> {
  result: F;
  theta: ThetaEstimate;
  /** MASS's Lm: the log-likelihood at the final theta and fitted means. */
  logLik: number;
  /** Alternations of theta and the IRLS fit (MASS's iter). */
  iterations: number;
  converged: boolean;
  thetaWarnings: ThetaEstimate['warning'][];
}

export function fitNegativeBinomial<F>(
  fit: (theta: number | null, mustart: Float64Array | null) => NegativeBinomialRun<F>,
  y: Float64Array,
  w: Float64Array,
  n: number,
  tolerance: number,
  maxIter: number,
): NegativeBinomialFit<F> {
  let run = fit(null, null);
  let mu = run.mu;
  let th = thetaMl(y, mu, w, n, maxIter);
  const thetaWarnings = [th.warning];
  const d1 = Math.sqrt(2 * Math.max(1, run.dfResidual));
  const d2 = 1;
  let del = 1;
  let lm = negativeBinomialLogLik(y, mu, w, th.theta, n);
  let lm0 = lm + 2 * d1;
  let iter = 0;
  while (++iter <= maxIter && Math.abs(lm0 - lm) / d1 + Math.abs(del) / d2 > tolerance) {
    run = fit(th.theta, mu);
    const t0 = th.theta;
    th = thetaMl(y, mu, w, n, maxIter);
    thetaWarnings.push(th.warning);
    mu = run.mu;
    del = t0 - th.theta;
    lm0 = lm;
    lm = negativeBinomialLogLik(y, mu, w, th.theta, n);
  }
  return {
    result: run.result,
    theta: th,
    logLik: lm,
    iterations: iter,
    converged: iter <= maxIter,
    thetaWarnings,
  };
}
