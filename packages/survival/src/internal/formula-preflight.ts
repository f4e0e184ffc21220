/**
 * Survival formulas are read before the model frame for constructs R's survival accepts and
 * Muster does not fit (`frailty()`, interactions with `strata()`, `tt()` outside fitCox's `tt`
 * option): they are refused with
 * an error that names the construct and the supported alternative, instead of a message about an
 * unknown function. (`Surv(time, cause == 1)` is read by the formula layer itself.)
 */
import { FormulaError } from '@muster/core';

function refuse(fn: string, formula: string, pattern: RegExp, message: string): void {
  const match = pattern.exec(formula);
  if (match) throw new FormulaError(formula, match.index, `${fn} ${message}`);
}

/** Refuse what Muster does not fit, naming the alternative. */
export function preflightFormula(fn: string, formula: string): void {
  refuse(
    fn,
    formula,
    /\bfrailty(\.gamma|\.gaussian|\.t)?\s*\(/,
    'does not fit shared frailty terms such as frailty(unit); for soldiers clustered in units use cluster(unit) (cluster-robust standard errors, as coxph(..., cluster = unit)) or strata(unit) (a baseline hazard per unit)',
  );
  refuse(
    fn,
    formula,
    /\btt\s*\(/,
    fn === 'fitCox'
      ? "needs the tt option for time-transform terms tt(x): a function (x, t) => value, as coxph's tt = function(x, t, ...); e.g. fitCox(formula, data, { tt: (x, t) => x * Math.log(t) })"
      : 'does not support time-transform terms tt(); split follow-up into (start, stop] rows at the event times and enter the time-varying value as a covariate of Surv(start, stop, event)',
  );
  // fitCox expands x:strata(g) itself (cox/internal/strata-interaction.ts).
  if (fn !== 'fitCox') {
    refuse(
      fn,
      formula,
      /:\s*strata\s*\(|strata\s*\([^)]*\)\s*[:*]/,
      'does not support interactions with strata() such as x:strata(g); for one coefficient of x per stratum write strata(g) + x:g, with g a factor',
    );
  }
}
