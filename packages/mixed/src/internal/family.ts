import { lgamma, pnorm } from '@muster/core';

/** Families and links of {@link fitGlmer}. */
export type MixedFamilyName = 'binomial' | 'poisson';
export type MixedLinkName = 'logit' | 'probit' | 'log';

const EPS = 2.220446049250313e-16;

/**
 * The pieces of a GLM family that penalised IRLS needs, as lme4's glmFamily.cpp computes them
 * (inverse links clamped to [eps, 1 - eps], variance clamped below at eps).
 */
export interface MixedFamily {
  family: MixedFamilyName;
  link: MixedLinkName;
  linkInverse(eta: number): number;
  muEta(eta: number): number;
  variance(mu: number): number;
  /** Deviance residual of one observation (y a proportion for binomial, w its prior weight). */
  devianceResidual(y: number, mu: number, w: number): number;
  /** -2 log f(y | mu) of one observation, R's family()$aic summand. */
  minusTwoLogDensity(y: number, mu: number, w: number): number;
  /** Starting mean (R's family()$initialize). */
  start(y: number, w: number): number;
  linkFunction(mu: number): number;
}

const SQRT_2PI = Math.sqrt(2 * Math.PI);

function yLogY(y: number, mu: number): number {
  return y > 0 ? y * Math.log(y / mu) : 0;
}

function logChoose(n: number, k: number): number {
  return lgamma(n + 1) - lgamma(k + 1) - lgamma(n - k + 1);
}

/** Build the family object; `link` must be valid for `family` (checked by the caller). */
export function mixedFamily(family: MixedFamilyName, link: MixedLinkName): MixedFamily {
  if (family === 'poisson') {
    return {
      family,
      link,
      linkInverse: (eta) => Math.max(EPS, Math.exp(eta)),
      muEta: (eta) => Math.max(EPS, Math.exp(eta)),
      variance: (mu) => mu,
      devianceResidual: (y, mu, w) => 2 * w * (yLogY(y, mu) - (y - mu)),
      minusTwoLogDensity: (y, mu, w) => -2 * w * (y * Math.log(mu) - mu - lgamma(y + 1)),
      start: (y) => y + 0.1,
      linkFunction: (mu) => Math.log(mu),
    };
  }
  const binomial = {
    variance: (mu: number) => Math.max(EPS, mu * (1 - mu)),
    devianceResidual: (y: number, mu: number, w: number) =>
      2 * w * (yLogY(y, mu) + yLogY(1 - y, 1 - mu)),
    minusTwoLogDensity: (y: number, mu: number, w: number) => {
      const m = Math.round(w);
      if (m <= 0) return 0;
      const k = Math.round(m * y);
      const logP =
        logChoose(m, k) +
        (k > 0 ? k * Math.log(mu) : 0) +
        (m - k > 0 ? (m - k) * Math.log1p(-mu) : 0);
      return (-2 * w * logP) / m;
    },
    start: (y: number, w: number) => (w * y + 0.5) / (w + 1),
  };
  if (link === 'probit') {
    return {
      family,
      link,
      ...binomial,
      linkInverse: (eta) => Math.min(1 - EPS, pnorm(eta)),
      muEta: (eta) => Math.exp(-0.5 * eta * eta) / SQRT_2PI,
      linkFunction: (mu) => probitLink(mu),
    };
  }
  return {
    family,
    link,
    ...binomial,
    linkInverse: (eta) => {
      const p = eta >= 0 ? 1 / (1 + Math.exp(-eta)) : Math.exp(eta) / (1 + Math.exp(eta));
      return Math.max(EPS, Math.min(1 - EPS, p));
    },
    muEta: (eta) => {
      const e = Math.exp(-Math.abs(eta));
      return Math.max(EPS, e / ((1 + e) * (1 + e)));
    },
    linkFunction: (mu) => Math.log(mu / (1 - mu)),
  };
}

function probitLink(mu: number): number {
  // Newton on pnorm from the logit-scaled start; only used for starting values.
  let eta = Math.log(mu / (1 - mu)) / 1.7;
  for (let k = 0; k < 20; k++) {
    const d = Math.exp(-0.5 * eta * eta) / SQRT_2PI;
    const step = (pnorm(eta) - mu) / Math.max(d, 1e-300);
    eta -= step;
    if (Math.abs(step) < 1e-12) break;
  }
  return eta;
}
