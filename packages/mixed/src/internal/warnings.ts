import { type MusterWarning, warning } from '@muster/core';

/** The warning catalogue of @muster/mixed: one code per condition. */
export const warnings = {
  singular: (subjects: string[]): MusterWarning =>
    warning(
      'glmer-singular',
      `fitGlmer: boundary (singular) fit: the variance of ${subjects.join(', ')} is estimated at 0 (or a correlation at +/-1); the data show no variation between those groups beyond the fixed effects. Standard errors are conditional on the covariance parameters; consider the pooled glm or a simpler random-effects structure`,
      subjects,
    ),
  notConverged: (evaluations: number): MusterWarning =>
    warning(
      'glmer-not-converged',
      `fitGlmer: the optimiser did not converge within ${evaluations} deviance evaluations; the estimates may not be the maximum. Rescale covariates, simplify the random effects, or raise maxEvaluations`,
    ),
  pirls: (): MusterWarning =>
    warning(
      'glmer-pirls-trouble',
      'fitGlmer: penalised IRLS for the conditional modes failed or did not converge at some covariance parameters (fitted probabilities near 0 or 1?); check the estimates, and for separation fit the pooled model with firth: true',
    ),
  vcovRx: (reason: string): MusterWarning =>
    warning(
      'glmer-vcov-rx',
      `fitGlmer: fixed-effect standard errors are conditional on the covariance parameters (lme4's RX-based vcov) because ${reason}`,
    ),
  agqLogLik: (): MusterWarning =>
    warning(
      'glmer-agq-loglik',
      'fitGlmer: with nAGQ > 1 the log-likelihood, AIC and BIC are built from deviance residuals, as glmer, and differ by a constant from the full log-likelihood for this response; the likelihood-ratio test uses the full log-likelihood',
    ),
};
