/**
 * The warning catalogue of @muster/mixed: every code a {@link GlmerResult} can carry, with one
 * message builder per code. Consumers switch on `warning.code`, never on the text.
 */
import { type MusterWarning, warning } from '@muster/core';

/** Codes of the warnings of {@link fitGlmer}. Shared codes (`not-converged`, `missing-values-dropped`) mean the same in every package. */
export type WarningCode =
  | 'not-converged'
  | 'missing-values-dropped'
  | 'glmer-singular'
  | 'glmer-pirls-trouble'
  | 'glmer-vcov-rx'
  | 'glmer-agq-loglik';

/** A warning of @muster/mixed. */
export type MixedWarning = MusterWarning<WarningCode>;

/**
 * One message builder per {@link WarningCode}.
 *
 * @example
 * ```ts
 * import { mixedWarnings } from '@muster/mixed';
 * mixedWarnings.missingValuesDropped(3).code;
 * // => 'missing-values-dropped'
 * ```
 */
export const mixedWarnings = {
  notConverged: (evaluations: number): MixedWarning =>
    warning(
      'not-converged',
      `fitGlmer: the optimiser did not converge within ${evaluations} deviance evaluations; the estimates may not be the maximum. Rescale covariates, simplify the random effects, or raise maxIter`,
    ),
  missingValuesDropped: (nDropped: number): MixedWarning =>
    warning(
      'missing-values-dropped',
      `fitGlmer dropped ${nDropped} row(s) with missing values in the response, a covariate or a grouping factor`,
    ),
  singular: (subjects: string[]): MixedWarning =>
    warning(
      'glmer-singular',
      `fitGlmer: boundary (singular) fit: the variance of ${subjects.join(', ')} is estimated at 0 (or a correlation at +/-1); the data show no variation between those groups beyond the fixed effects. Standard errors are conditional on the covariance parameters; consider the pooled glm or a simpler random-effects structure`,
      subjects,
    ),
  pirls: (): MixedWarning =>
    warning(
      'glmer-pirls-trouble',
      'fitGlmer: penalised IRLS for the conditional modes failed or did not converge at some covariance parameters (fitted probabilities near 0 or 1?); check the estimates, and for separation fit the pooled model with firth: true',
    ),
  vcovRx: (reason: string): MixedWarning =>
    warning(
      'glmer-vcov-rx',
      `fitGlmer: fixed-effect standard errors are conditional on the covariance parameters (lme4's RX-based vcov) because ${reason}`,
    ),
  agqLogLik: (): MixedWarning =>
    warning(
      'glmer-agq-loglik',
      'fitGlmer: with nAGQ > 1 the log-likelihood, AIC and BIC are built from deviance residuals, as glmer, and differ by a constant from the full log-likelihood for this response; the likelihood-ratio test uses the full log-likelihood',
    ),
} satisfies Record<string, (...args: never[]) => MixedWarning>;
