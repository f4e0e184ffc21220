/** Checks and result fields that marginalEffects and predictionGrid share. */
import { checkOptionKeys, InvalidArgumentError, pnorm, qnorm } from '@muster/core';
import { type GlmWarning, glmWarnings } from '../warnings.ts';
import type { MarginsFit } from './types.ts';

export function checkFit(caller: string, fit: MarginsFit): void {
  if (fit?.kind !== 'glm' || fit.design === undefined || !Array.isArray(fit.coefficients)) {
    throw new InvalidArgumentError('fit', `${caller} requires a result of fitGlm`);
  }
  if (!Array.isArray(fit.vcov) || typeof fit.vcovType !== 'string') {
    // A result saved before the shared names carried the matrix as `covariance` and its type as
    // `vcov`: refused by name rather than read as a different matrix.
    const old = (fit as { covariance?: unknown }).covariance !== undefined;
    throw new InvalidArgumentError(
      'fit',
      old
        ? `${caller} requires the fit's covariance matrix as vcov and its type as vcovType; received a result with the old names covariance/vcov (refit it)`
        : `${caller} requires the fit's covariance matrix (vcov) and its type (vcovType)`,
    );
  }
  if (fit.offset === 'values') {
    throw new InvalidArgumentError(
      'fit',
      `${caller} requires the fit's offset as a column of the data (or an offset() term); the fit took it as values`,
    );
  }
}

export function checkOptions(caller: string, options: object, known: readonly string[]): void {
  if (options === null || typeof options !== 'object' || Array.isArray(options)) {
    throw new InvalidArgumentError('options', `${caller} requires options to be an object`);
  }
  checkOptionKeys(caller, options, known);
}

export function confLevelOf(
  caller: string,
  fit: MarginsFit,
  confLevel: number | undefined,
): number {
  const level = confLevel ?? fit.confLevel;
  if (typeof level !== 'number' || !(level > 0 && level < 1)) {
    throw new InvalidArgumentError(
      'confLevel',
      `${caller} requires 0 < confLevel < 1; received ${String(confLevel)}`,
    );
  }
  return level;
}

/** The fit's covariance type ('classical', 'HC1', 'cluster', ...), checked by {@link checkFit}. */
export function vcovTypeOf(fit: MarginsFit): string {
  return fit.vcovType;
}

/** Warnings about the fit that every marginal quantity inherits. */
export function fitWarnings(caller: string, fit: MarginsFit): GlmWarning[] {
  const out: GlmWarning[] = [];
  const aliased = fit.coefficients.filter((c) => c.estimate === null).map((c) => c.term);
  if (aliased.length > 0) out.push(glmWarnings.aliased(caller, aliased));
  const separation = fit.separation;
  if (separation?.separation === true && separation.kind !== 'none') {
    const terms = separation.infiniteTerms;
    out.push(glmWarnings.separation(caller, separation.kind, terms, false, terms, true));
  }
  return out;
}

/** z statistic, two-sided p-value and interval of an estimate and its standard error. */
export function zInference(
  estimate: number,
  stdError: number,
  confLevel: number,
): { statistic: number | null; pValue: number | null; lower: number | null; upper: number | null } {
  const finite = (x: number): number | null => (Number.isFinite(x) ? x : null);
  const q = qnorm(1 - (1 - confLevel) / 2);
  const statistic = estimate / stdError;
  return {
    statistic: finite(statistic),
    pValue: Number.isFinite(statistic) ? 2 * pnorm(-Math.abs(statistic)) : null,
    lower: finite(estimate - q * stdError),
    upper: finite(estimate + q * stdError),
  };
}
