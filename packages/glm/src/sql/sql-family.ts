/**
 * The families and links a fit on a SQL source supports, as SQL expressions over the columns
 * `eta`, `mu`, `y` and `pw` (prior weight) of the per-row query: R's `make.link` clamping (logit at
 * |eta| > 30, log floored at DBL_EPSILON) and `family` functions (variance, deviance residuals,
 * starting values), written to agree with ../internal/link.ts and ../internal/family.ts to
 * rounding. Links that need a special function SQL engines do not share (probit's normal
 * distribution, cloglog's expm1, cauchit) and the families whose likelihood needs lgamma per row
 * (Gamma, inverse Gaussian, negative binomial) are refused by {@link sqlFamily}.
 */
import { InvalidArgumentError } from '@muster/core';
import type { FamilyName } from '../internal/family.ts';
import type { LinkName } from '../internal/link.ts';

const EPS = '2.220446049250313e-16';
const INVEPS = '4.503599627370496e+15';

export interface SqlFamily {
  family: FamilyName;
  link: LinkName;
  /** mu from an eta expression. */
  mu: (eta: string) => string;
  /** d mu / d eta from an eta expression. */
  muEta: (eta: string) => string;
  /** V(mu) from a mu expression. */
  variance: (mu: string) => string;
  /** One deviance residual from y, mu and pw. */
  devResid: (mu: string) => string;
  /** eta at glm.fit's starting values (the family's initialize, then the link). */
  startEta: string;
  /** eta from a column of means (the link function), or null where glm.fit has no use for it. */
  linkFun: (mu: string) => string;
  /** A condition that is true for a row whose mu is outside the family's range (or null). */
  invalidMu: string | null;
}

type Sql = (x: string) => string;

const LINKS: Record<string, { mu: Sql; muEta: Sql; linkFun: Sql }> = {
  logit: {
    mu: (eta) =>
      `(CASE WHEN ${eta} < -3e+1 THEN ${EPS} / (1e+0 + ${EPS}) WHEN ${eta} > 3e+1 THEN ${INVEPS} / (1e+0 + ${INVEPS}) ELSE EXP(${eta}) / (1e+0 + EXP(${eta})) END)`,
    muEta: (eta) =>
      `(CASE WHEN ${eta} < -3e+1 OR ${eta} > 3e+1 THEN ${EPS} ELSE EXP(${eta}) / ((1e+0 + EXP(${eta})) * (1e+0 + EXP(${eta}))) END)`,
    linkFun: (mu) => `LN((${mu}) / (1e+0 - (${mu})))`,
  },
  log: {
    mu: (eta) => `GREATEST(EXP(${eta}), ${EPS})`,
    muEta: (eta) => `GREATEST(EXP(${eta}), ${EPS})`,
    linkFun: (mu) => `LN(${mu})`,
  },
  identity: { mu: (eta) => `(${eta})`, muEta: () => '1e+0', linkFun: (mu) => `(${mu})` },
};

const SUPPORTED: Record<string, LinkName[]> = {
  binomial: ['logit'],
  poisson: ['log', 'identity'],
  gaussian: ['identity', 'log'],
};

/** The SQL family, or an InvalidArgumentError naming what a SQL source cannot fit. */
export function sqlFamily(family: FamilyName, link: LinkName, caller: string): SqlFamily {
  const links = SUPPORTED[family];
  if (links === undefined) {
    throw new InvalidArgumentError(
      'family',
      `${caller} on a SQL source supports the families binomial, poisson and gaussian; received ${family}`,
    );
  }
  if (!links.includes(link)) {
    throw new InvalidArgumentError(
      'link',
      `${caller} on a SQL source supports the ${family} family with the ${links.join(' or ')} link; received ${link}`,
    );
  }
  const l = LINKS[link];
  if (family === 'binomial') {
    return {
      family,
      link,
      mu: l.mu,
      muEta: l.muEta,
      variance: (mu) => `${mu} * (1e+0 - ${mu})`,
      devResid: (mu) =>
        `2e+0 * pw * ((CASE WHEN y <> 0e+0 THEN y * LN(y / ${mu}) ELSE 0e+0 END) + (CASE WHEN y <> 1e+0 THEN (1e+0 - y) * LN((1e+0 - y) / (1e+0 - ${mu})) ELSE 0e+0 END))`,
      startEta: l.linkFun('(pw * y + 5e-1) / (pw + 1e+0)'),
      linkFun: l.linkFun,
      invalidMu: null,
    };
  }
  if (family === 'poisson') {
    return {
      family,
      link,
      mu: l.mu,
      muEta: l.muEta,
      variance: (mu) => mu,
      devResid: (mu) =>
        `(CASE WHEN y > 0e+0 THEN 2e+0 * pw * (y * LN(y / ${mu}) - (y - ${mu})) ELSE 2e+0 * ${mu} * pw END)`,
      startEta: l.linkFun('y + 1e-1'),
      linkFun: l.linkFun,
      invalidMu: link === 'identity' ? 'NOT (mu > 0e+0)' : null,
    };
  }
  return {
    family,
    link,
    mu: l.mu,
    muEta: l.muEta,
    variance: () => '1e+0',
    devResid: (mu) => `pw * (y - ${mu}) * (y - ${mu})`,
    startEta: l.linkFun('y'),
    linkFun: l.linkFun,
    invalidMu: null,
  };
}
