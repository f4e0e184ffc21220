/**
 * Pointwise confidence limits for a survival curve, as survival's `survfit_confint` with
 * `logse = TRUE`: `se` is the standard error of log S(t) (for Kaplan-Meier, Greenwood's
 * sqrt(sum d / (n (n - d)))), `z` the normal quantile for the level.
 *
 * - plain:   S -/+ z se S, clipped to [0, 1]
 * - log:     exp(log S -/+ z se), upper clipped at 1; undefined (NaN) where S = 0
 * - log-log: exp(-exp(log(-log S) -/+ z se / log S)); undefined where S = 0 or S = 1
 */

import type { ConfType } from '../types.ts';

export const CONF_TYPES: readonly ConfType[] = ['log', 'log-log', 'plain', 'none'];

/** Lower and upper limit at one point; NaN where R gives NA. */
export function confLimits(
  surv: number,
  seLog: number,
  z: number,
  confType: ConfType,
): [number, number] {
  switch (confType) {
    case 'plain': {
      const half = seLog * surv * z;
      // R: se == 0 stays 0 even when the product would be NaN (0 * Inf)
      const h = seLog === 0 ? 0 : half;
      return [Math.max(surv - h, 0), Math.min(surv + h, 1)];
    }
    case 'log': {
      if (surv === 0) return [Number.NaN, Number.NaN];
      const half = z * seLog;
      return [Math.exp(Math.log(surv) - half), Math.min(Math.exp(Math.log(surv) + half), 1)];
    }
    case 'log-log': {
      if (surv === 0 || surv === 1) return [Number.NaN, Number.NaN];
      const half = (z * seLog) / Math.log(surv);
      const center = Math.log(-Math.log(surv));
      return [Math.exp(-Math.exp(center - half)), Math.exp(-Math.exp(center + half))];
    }
    default:
      return [Number.NaN, Number.NaN];
  }
}
