import { qnorm } from '@muster/core';

/**
 * Contract: pointwise confidence limits for a probability p in [0, 1] from its standard error
 * se (of p itself), as survival's `survfit_confint(p, se, logse = FALSE, conf.type, conf.int)`
 * (Therneau, survival 3.5, R/survfit_confint.R):
 *   plain:   p ± z se, cut to [0, 1]
 *   log:     exp(log p ± z se/p), upper cut at 1; undefined (null) when p = 0
 *   log-log: p^exp(∓ z (se/p) / log p); undefined when p is 0 or 1
 * with se/p taken as 0 when se = 0. Returns nulls when p or se is not finite.
 */
export type ConfType = 'plain' | 'log' | 'log-log';

export function probabilityLimits(
  p: number | null,
  se: number | null,
  z: number,
  type: ConfType,
): { lower: number | null; upper: number | null } {
  const none = { lower: null, upper: null };
  if (p === null || se === null || !Number.isFinite(p) || !Number.isFinite(se)) return none;
  if (type === 'plain') {
    return { lower: Math.max(p - z * se, 0), upper: Math.min(p + z * se, 1) };
  }
  if (p <= 0) return none;
  const relative = se === 0 ? 0 : se / p;
  if (type === 'log') {
    const half = z * relative;
    return {
      lower: Math.exp(Math.log(p) - half),
      upper: Math.min(1, Math.exp(Math.log(p) + half)),
    };
  }
  if (p >= 1) return none;
  const half = (z * relative) / Math.log(p);
  return { lower: p ** Math.exp(-half), upper: p ** Math.exp(half) };
}

/** The two-sided normal multiplier for a confidence level: qnorm(1 - (1 - level) / 2). */
export function zForLevel(level: number): number {
  return qnorm(1 - (1 - level) / 2);
}
