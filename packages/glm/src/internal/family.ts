/**
 * GLM families as R's `binomial()`, `poisson()`, `gaussian()` and `Gamma()` (stats/R/family.R,
 * binomial_dev_resids in stats/src/family.c): variance, deviance residuals, AIC, valid ranges
 * and starting values (the `initialize` expression).
 *
 * Contract: arrays are read for i < n; `trials` is R's `n` (binomial totals from a
 * cbind(successes, failures) response, already folded into the prior weights) or null when
 * every total is 1. Nothing here allocates except `mustart`.
 */
import { InvalidArgumentError, lgamma } from '@muster/core';
import { getLink, type Link, type LinkName } from './link.ts';
import { logDbinom, logDgamma, logDpois } from './log-density.ts';

/** GLM families (R's names; note the capital G of `Gamma`, as in R). */
export type FamilyName =
  | 'binomial'
  | 'poisson'
  | 'gaussian'
  | 'Gamma'
  | 'inverse.gaussian'
  | 'quasibinomial'
  | 'quasipoisson'
  | 'negative.binomial';

export interface Family {
  readonly name: FamilyName;
  readonly link: Link;
  /** binomial and poisson: dispersion fixed at 1 */
  readonly fixedDispersion: boolean;
  variance(mu: number): number;
  /** R's `validmu` over mu[0 .. n) */
  validmu(mu: Float64Array, n: number): boolean;
  /** One deviance residual (R's `dev.resids`). */
  devResid(y: number, mu: number, wt: number): number;
  /** sum of `dev.resids(y, mu, wt)` */
  deviance(y: Float64Array, mu: Float64Array, wt: Float64Array, n: number): number;
  /** R's `family$aic(y, n, mu, wt, dev)` (without the + 2 rank) */
  aic(
    y: Float64Array,
    trials: Float64Array | null,
    mu: Float64Array,
    wt: Float64Array,
    dev: number,
    n: number,
  ): number;
  /** R's `initialize`: starting fitted values */
  mustart(y: Float64Array, wt: Float64Array, trials: Float64Array | null, n: number): Float64Array;
}

/** Links each family accepts, default first (as R's family constructors). */
export const familyLinks: Record<FamilyName, readonly LinkName[]> = {
  binomial: ['logit', 'probit', 'cloglog', 'cauchit', 'log'],
  poisson: ['log', 'identity', 'sqrt'],
  gaussian: ['identity', 'log', 'inverse'],
  Gamma: ['inverse', 'log', 'identity'],
  'inverse.gaussian': ['1/mu^2', 'inverse', 'identity', 'log'],
  quasibinomial: ['logit', 'probit', 'cloglog', 'cauchit', 'log'],
  quasipoisson: ['log', 'identity', 'sqrt'],
  'negative.binomial': ['log', 'sqrt', 'identity'],
};

/** R's round(): halves to even (IEC 60559), unlike Math.round. */
function roundHalfEven(x: number): number {
  const f = Math.floor(x);
  const d = x - f;
  if (d === 0.5) return f % 2 === 0 ? f : f + 1;
  return Math.round(x);
}

function yLogY(y: number, mu: number): number {
  return y !== 0 ? y * Math.log(y / mu) : 0;
}

function sumDeviance(
  f: (y: number, mu: number, wt: number) => number,
  y: Float64Array,
  mu: Float64Array,
  wt: Float64Array,
  n: number,
): number {
  let s = 0;
  for (let i = 0; i < n; i++) s += f(y[i], mu[i], wt[i]);
  return s;
}

function allPositiveFinite(mu: Float64Array, n: number): boolean {
  for (let i = 0; i < n; i++) if (!(Number.isFinite(mu[i]) && mu[i] > 0)) return false;
  return true;
}

function binomial(link: Link): Family {
  const devResid = (y: number, mu: number, wt: number) =>
    2 * wt * (yLogY(y, mu) + yLogY(1 - y, 1 - mu));
  return {
    name: 'binomial',
    link,
    fixedDispersion: true,
    variance: (mu) => mu * (1 - mu),
    validmu(mu, n) {
      for (let i = 0; i < n; i++)
        if (!(Number.isFinite(mu[i]) && mu[i] > 0 && mu[i] < 1)) return false;
      return true;
    },
    devResid,
    deviance(y, mu, wt, n) {
      let s = 0;
      for (let i = 0; i < n; i++) {
        const yi = y[i];
        const mi = mu[i];
        // 2 wt (y log(y / mu) + (1 - y) log((1 - y) / (1 - mu))), with 0 log 0 = 0
        let d = 0;
        if (yi !== 0) d += yi * Math.log(yi / mi);
        if (yi !== 1) d += (1 - yi) * Math.log((1 - yi) / (1 - mi));
        s += 2 * wt[i] * d;
      }
      return s;
    },
    aic(y, trials, mu, wt, _dev, n) {
      // m <- if (any(n > 1)) n else wt
      let useTrials = false;
      if (trials !== null)
        for (let i = 0; i < n && !useTrials; i++) if (trials[i] > 1) useTrials = true;
      let s = 0;
      for (let i = 0; i < n; i++) {
        const m = useTrials ? (trials as Float64Array)[i] : wt[i];
        if (m > 0) s += (wt[i] / m) * logDbinom(roundHalfEven(m * y[i]), roundHalfEven(m), mu[i]);
      }
      return -2 * s;
    },
    mustart(y, wt, trials, n) {
      const out = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        const m = trials === null ? wt[i] : trials[i];
        out[i] = (m * y[i] + 0.5) / (m + 1);
      }
      return out;
    },
  };
}

function poisson(link: Link): Family {
  const devResid = (y: number, mu: number, wt: number) =>
    y > 0 ? 2 * wt * (y * Math.log(y / mu) - (y - mu)) : 2 * mu * wt;
  return {
    name: 'poisson',
    link,
    fixedDispersion: true,
    variance: (mu) => mu,
    validmu: allPositiveFinite,
    devResid,
    deviance: (y, mu, wt, n) => sumDeviance(devResid, y, mu, wt, n),
    aic(y, _trials, mu, wt, _dev, n) {
      let s = 0;
      for (let i = 0; i < n; i++) s += logDpois(y[i], mu[i]) * wt[i];
      return -2 * s;
    },
    mustart(y, _wt, _trials, n) {
      const out = new Float64Array(n);
      for (let i = 0; i < n; i++) out[i] = y[i] + 0.1;
      return out;
    },
  };
}

function gaussian(link: Link): Family {
  const devResid = (y: number, mu: number, wt: number) => wt * (y - mu) * (y - mu);
  return {
    name: 'gaussian',
    link,
    fixedDispersion: false,
    variance: () => 1,
    validmu: () => true,
    devResid,
    deviance: (y, mu, wt, n) => sumDeviance(devResid, y, mu, wt, n),
    aic(_y, _trials, _mu, wt, dev, n) {
      // nobs * (log(dev / nobs * 2 * pi) + 1) + 2 - sum(log(wt))
      let sumLogWt = 0;
      for (let i = 0; i < n; i++) sumLogWt += Math.log(wt[i]);
      return n * (Math.log((dev / n) * 2 * Math.PI) + 1) + 2 - sumLogWt;
    },
    mustart(y, _wt, _trials, n) {
      return Float64Array.from(y.subarray(0, n));
    },
  };
}

function gamma(link: Link): Family {
  const devResid = (y: number, mu: number, wt: number) =>
    -2 * wt * (Math.log(y === 0 ? 1 : y / mu) - (y - mu) / mu);
  return {
    name: 'Gamma',
    link,
    fixedDispersion: false,
    variance: (mu) => mu * mu,
    validmu: allPositiveFinite,
    devResid,
    deviance: (y, mu, wt, n) => sumDeviance(devResid, y, mu, wt, n),
    aic(y, _trials, mu, wt, dev, n) {
      let sumWt = 0;
      for (let i = 0; i < n; i++) sumWt += wt[i];
      const disp = dev / sumWt;
      let s = 0;
      for (let i = 0; i < n; i++) s += logDgamma(y[i], 1 / disp, 1 / (mu[i] * disp)) * wt[i];
      return -2 * s + 2;
    },
    mustart(y, _wt, _trials, n) {
      return Float64Array.from(y.subarray(0, n));
    },
  };
}

function inverseGaussian(link: Link): Family {
  const devResid = (y: number, mu: number, wt: number) =>
    (wt * (y - mu) * (y - mu)) / (y * mu * mu);
  return {
    name: 'inverse.gaussian',
    link,
    fixedDispersion: false,
    variance: (mu) => mu * mu * mu,
    validmu: alwaysTrue,
    devResid,
    deviance: (y, mu, wt, n) => sumDeviance(devResid, y, mu, wt, n),
    aic(y, _trials, _mu, wt, dev, n) {
      // R: sum(wt) (log(disp 2 pi) + 1) + 3 sum(log(y) wt) + 2, disp = dev / sum(wt)
      let sumWt = 0;
      let logY = 0;
      for (let i = 0; i < n; i++) {
        sumWt += wt[i];
        logY += Math.log(y[i]) * wt[i];
      }
      return sumWt * (Math.log((dev / sumWt) * 2 * Math.PI) + 1) + 3 * logY + 2;
    },
    mustart(y, _wt, _trials, n) {
      return Float64Array.from(y.subarray(0, n));
    },
  };
}

function alwaysTrue(): boolean {
  return true;
}

/**
 * R's quasibinomial and quasipoisson: the binomial and poisson fits with the dispersion
 * estimated (Pearson), t tests, and no likelihood (AIC and log-likelihood NA).
 */
function quasi(base: Family, name: 'quasibinomial' | 'quasipoisson'): Family {
  return { ...base, name, fixedDispersion: false, aic: () => Number.NaN };
}

/**
 * MASS's negative.binomial(theta): variance mu + mu^2 / theta, dispersion 1. Its `aic` is
 * -2 loglik + 2 (the + 2 for theta, as glm.nb); its `theta` is fixed.
 */
export function negativeBinomial(link: Link, theta: number): Family & { theta: number } {
  const devResid = (y: number, mu: number, wt: number) =>
    2 *
    wt *
    (y * Math.log(Math.max(1, y) / mu) - (y + theta) * Math.log((y + theta) / (mu + theta)));
  return {
    name: 'negative.binomial',
    link,
    theta,
    fixedDispersion: true,
    variance: (mu) => mu + (mu * mu) / theta,
    validmu: allPositiveFinite,
    devResid,
    deviance: (y, mu, wt, n) => sumDeviance(devResid, y, mu, wt, n),
    aic: (y, _trials, mu, wt, _dev, n) => -2 * negativeBinomialLogLik(y, mu, wt, theta, n) + 2,
    mustart(y, _wt, _trials, n) {
      const out = new Float64Array(n);
      for (let i = 0; i < n; i++) out[i] = y[i] + (y[i] === 0 ? 1 / 6 : 0);
      return out;
    },
  };
}

/** MASS's glm.nb loglik: sum w (lgamma(th + y) - lgamma(th) - lgamma(y + 1) + th log th + y log(mu + (y == 0)) - (th + y) log(th + mu)). */
export function negativeBinomialLogLik(
  y: Float64Array,
  mu: Float64Array,
  w: Float64Array,
  theta: number,
  n: number,
): number {
  let s = 0;
  for (let i = 0; i < n; i++) {
    if (w[i] === 0) continue;
    s +=
      w[i] *
      (lgamma(theta + y[i]) -
        lgamma(theta) -
        lgamma(y[i] + 1) +
        theta * Math.log(theta) +
        y[i] * Math.log(mu[i] + (y[i] === 0 ? 1 : 0)) -
        (theta + y[i]) * Math.log(theta + mu[i]));
  }
  return s;
}

const constructors: Record<FamilyName, (link: Link) => Family> = {
  binomial,
  poisson,
  gaussian,
  Gamma: gamma,
  'inverse.gaussian': inverseGaussian,
  quasibinomial: (link) => quasi(binomial(link), 'quasibinomial'),
  quasipoisson: (link) => quasi(poisson(link), 'quasipoisson'),
  'negative.binomial': (link) => negativeBinomial(link, 1),
};

export const familyNames = Object.keys(constructors) as FamilyName[];

/** The family object for a (family, link) pair; the caller has validated the pair. */
export function makeFamily(name: FamilyName, link: LinkName): Family {
  return constructors[name](getLink(link));
}

/** Validate family and link, returning the pair with R's defaults. */
export function resolveFamily(
  caller: string,
  family: string | undefined,
  link: string | undefined,
  fallback: FamilyName = 'gaussian',
  theta?: number,
): Family {
  const name = (family ?? fallback) as FamilyName;
  if (!familyNames.includes(name)) {
    throw new InvalidArgumentError(
      'family',
      `${caller} requires family to be one of ${familyNames.join(', ')}; received '${family}'`,
    );
  }
  const allowed = familyLinks[name];
  const linkName = (link ?? allowed[0]) as LinkName;
  if (!allowed.includes(linkName)) {
    throw new InvalidArgumentError(
      'link',
      `${caller} requires a link of the ${name} family (${allowed.join(', ')}); received '${link}'`,
    );
  }
  if (name === 'negative.binomial' && theta !== undefined) {
    if (!(theta > 0) || !Number.isFinite(theta)) {
      throw new InvalidArgumentError('theta', `${caller} requires theta > 0; received ${theta}`);
    }
    return negativeBinomial(getLink(linkName), theta);
  }
  return makeFamily(name, linkName);
}
