/**
 * Link functions exactly as R's `make.link()` (stats/R/family.R and the C code in
 * src/library/stats/src/family.c): the same clamping thresholds, so fitted values, working
 * weights and the IRLS iterates agree with `glm.fit` to rounding.
 *
 * Contract: every scalar function takes and returns a double; `evaluate` fills `mu` and `muEta`
 * from `eta` for i < n without allocating. `valideta` mirrors R's `valideta` (TRUE for most links).
 */
import { dnorm, pnorm, qnorm } from '@muster/core';

/** Links a GLM can use (R's names). */
export type LinkName =
  | 'logit'
  | 'probit'
  | 'cauchit'
  | 'cloglog'
  | 'identity'
  | 'log'
  | 'sqrt'
  | 'inverse'
  | '1/mu^2';

export interface Link {
  readonly name: LinkName;
  /** g(mu) */
  linkfun(mu: number): number;
  /** g^-1(eta), with R's clamping */
  linkinv(eta: number): number;
  /** d mu / d eta, with R's floor at DBL_EPSILON where R has one */
  muEta(eta: number): number;
  /** d2 mu / d eta2 (enrichwith's `d2mu.deta`, used by the Firth adjustment) */
  d2muDeta(eta: number): number;
  /** R's `valideta` over eta[0 .. n) */
  valideta(eta: Float64Array, n: number): boolean;
  /** mu[i] = linkinv(eta[i]); muEta[i] = muEta(eta[i]) for i < n */
  evaluate(eta: Float64Array, mu: Float64Array, muEta: Float64Array, n: number): void;
}

const EPS = 2.220446049250313e-16; // .Machine$double.eps
const INVEPS = 1 / EPS;
const THRESH = 30;
const MTHRESH = -30;

function alwaysValid(): boolean {
  return true;
}

function logitLinkinv(eta: number): number {
  const t = eta < MTHRESH ? EPS : eta > THRESH ? INVEPS : Math.exp(eta);
  return t / (1 + t);
}

function logitMuEta(eta: number): number {
  const opexp = 1 + Math.exp(eta);
  return eta > THRESH || eta < MTHRESH ? EPS : Math.exp(eta) / (opexp * opexp);
}

const logit: Link = {
  name: 'logit',
  linkfun: (mu) => Math.log(mu / (1 - mu)),
  linkinv: logitLinkinv,
  muEta: logitMuEta,
  d2muDeta(eta) {
    const mu = 1 / (1 + Math.exp(-eta));
    return mu * (1 - mu) * (1 - 2 * mu);
  },
  valideta: alwaysValid,
  evaluate(eta, mu, muEta, n) {
    // The hot loop of logistic regression: one exp per observation.
    for (let i = 0; i < n; i++) {
      const e = eta[i];
      if (e < MTHRESH) {
        mu[i] = EPS / (1 + EPS);
        muEta[i] = EPS;
      } else if (e > THRESH) {
        mu[i] = INVEPS / (1 + INVEPS);
        muEta[i] = EPS;
      } else {
        const t = Math.exp(e);
        const opexp = 1 + t;
        mu[i] = t / opexp;
        muEta[i] = t / (opexp * opexp);
      }
    }
  },
};

function pcauchy(x: number): number {
  // R's pcauchy: for |x| > 1 use atan(1/x) to keep accuracy in the tails.
  if (Math.abs(x) > 1) {
    const y = Math.atan(1 / x) / Math.PI;
    return x > 0 ? 1 - y : -y;
  }
  return 0.5 + Math.atan(x) / Math.PI;
}

function qcauchy(p: number): number {
  // R's qcauchy (lower tail, location 0, scale 1).
  if (p === 0.5) return 0;
  if (p > 0.5) {
    const q = 1 - p;
    return q === 0 ? Number.POSITIVE_INFINITY : 1 / Math.tan(Math.PI * q);
  }
  return p === 0 ? Number.NEGATIVE_INFINITY : -1 / Math.tan(Math.PI * p);
}

// -qnorm(.Machine$double.eps) and -qcauchy(.Machine$double.eps), computed once.
const PROBIT_THRESH = -qnorm(EPS);
const CAUCHIT_THRESH = -qcauchy(EPS);

function genericEvaluate(
  this: Link,
  eta: Float64Array,
  mu: Float64Array,
  muEta: Float64Array,
  n: number,
) {
  for (let i = 0; i < n; i++) {
    mu[i] = this.linkinv(eta[i]);
    muEta[i] = this.muEta(eta[i]);
  }
}

const probit: Link = {
  name: 'probit',
  linkfun: (mu) => qnorm(mu),
  linkinv(eta) {
    const e = Math.min(Math.max(eta, -PROBIT_THRESH), PROBIT_THRESH);
    return pnorm(e);
  },
  muEta: (eta) => Math.max(dnorm(eta), EPS),
  d2muDeta: (eta) => -eta * dnorm(eta),
  valideta: alwaysValid,
  evaluate: genericEvaluate,
};

const cauchit: Link = {
  name: 'cauchit',
  linkfun: (mu) => qcauchy(mu),
  linkinv(eta) {
    const e = Math.min(Math.max(eta, -CAUCHIT_THRESH), CAUCHIT_THRESH);
    return pcauchy(e);
  },
  muEta: (eta) => Math.max(1 / (Math.PI * (1 + eta * eta)), EPS),
  d2muDeta(eta) {
    const d = 1 + eta * eta;
    return (-2 * eta) / (Math.PI * d * d);
  },
  valideta: alwaysValid,
  evaluate: genericEvaluate,
};

const cloglog: Link = {
  name: 'cloglog',
  linkfun: (mu) => Math.log(-Math.log(1 - mu)),
  linkinv: (eta) => Math.max(Math.min(-Math.expm1(-Math.exp(eta)), 1 - EPS), EPS),
  muEta(eta) {
    const e = Math.min(eta, 700);
    return Math.max(Math.exp(e) * Math.exp(-Math.exp(e)), EPS);
  },
  d2muDeta(eta) {
    const e = Math.exp(eta);
    return (1 - e) * Math.exp(eta - e);
  },
  valideta: alwaysValid,
  evaluate: genericEvaluate,
};

const identity: Link = {
  name: 'identity',
  linkfun: (mu) => mu,
  linkinv: (eta) => eta,
  muEta: () => 1,
  d2muDeta: () => 0,
  valideta: alwaysValid,
  evaluate(eta, mu, muEta, n) {
    for (let i = 0; i < n; i++) {
      mu[i] = eta[i];
      muEta[i] = 1;
    }
  },
};

const log: Link = {
  name: 'log',
  linkfun: (mu) => Math.log(mu),
  linkinv: (eta) => Math.max(Math.exp(eta), EPS),
  muEta: (eta) => Math.max(Math.exp(eta), EPS),
  d2muDeta: (eta) => Math.exp(eta),
  valideta: alwaysValid,
  evaluate(eta, mu, muEta, n) {
    for (let i = 0; i < n; i++) {
      const m = Math.max(Math.exp(eta[i]), EPS);
      mu[i] = m;
      muEta[i] = m;
    }
  },
};

const sqrt: Link = {
  name: 'sqrt',
  linkfun: (mu) => Math.sqrt(mu),
  linkinv: (eta) => eta * eta,
  muEta: (eta) => 2 * eta,
  d2muDeta: () => 2,
  valideta(eta, n) {
    for (let i = 0; i < n; i++) if (!(Number.isFinite(eta[i]) && eta[i] > 0)) return false;
    return true;
  },
  evaluate: genericEvaluate,
};

const inverse: Link = {
  name: 'inverse',
  linkfun: (mu) => 1 / mu,
  linkinv: (eta) => 1 / eta,
  muEta: (eta) => -1 / (eta * eta),
  d2muDeta: (eta) => 2 / (eta * eta * eta),
  valideta(eta, n) {
    for (let i = 0; i < n; i++) if (!(Number.isFinite(eta[i]) && eta[i] !== 0)) return false;
    return true;
  },
  evaluate: genericEvaluate,
};

/** The inverse.gaussian family's canonical link. */
const inverseSquare: Link = {
  name: '1/mu^2',
  linkfun: (mu) => 1 / (mu * mu),
  linkinv: (eta) => 1 / Math.sqrt(eta),
  muEta: (eta) => -1 / (2 * eta ** 1.5),
  d2muDeta: (eta) => 3 / (4 * eta ** 2.5),
  valideta(eta, n) {
    for (let i = 0; i < n; i++) if (!(Number.isFinite(eta[i]) && eta[i] > 0)) return false;
    return true;
  },
  evaluate: genericEvaluate,
};

const links: Record<LinkName, Link> = {
  logit,
  probit,
  cauchit,
  cloglog,
  identity,
  log,
  sqrt,
  inverse,
  '1/mu^2': inverseSquare,
};

export function getLink(name: LinkName): Link {
  return links[name];
}

export const linkNames = Object.keys(links) as LinkName[];
