/**
 * Every warning @muster/glm attaches to a result, one builder per code (as vega-lite keeps its
 * messages in one module). Consumers switch on `code`, never on the text; the package README has
 * the table of codes, when each is raised and what to do. Conditions that other packages report
 * too use the shared codes (`not-converged`, `aliased`); the others carry the `glm-` prefix.
 */
import { type MusterWarning, warning } from '@muster/core';

/** The codes of the warnings @muster/glm returns. */
export const GLM_WARNING_CODES = [
  'not-converged',
  'aliased',
  'step-halving-failed',
  'glm-boundary',
  'glm-step-halving',
  'glm-non-finite',
  'glm-no-information',
  'glm-fitted-probabilities-0-1',
  'glm-fitted-rates-0',
  'glm-null-not-converged',
  'glm-non-integer',
  'glm-response-levels',
  'glm-firth-fallback',
  'glm-firth-null-deviance',
  'glm-theta-limit',
  'glm-separation',
  'glm-separation-unchecked',
  'glm-zero-weights-sandwich',
  'glm-hc3-unstable',
  'glm-profile-skipped',
  'glm-profile-incomplete',
  'glm-not-nested',
  'glm-prior-scale-raised',
  'glm-prior-driven',
] as const;

/** A warning code of @muster/glm (see the README's table). */
export type GlmWarningCode = (typeof GLM_WARNING_CODES)[number];

/** A warning of @muster/glm. */
export type GlmWarning = MusterWarning<GlmWarningCode>;

/** Which iteration did not converge. */
export type NotConvergedLoop = 'irls' | 'firth' | 'theta' | 'bayes';

/** One builder per code; `caller` is the public function the warning comes from. */
export const glmWarnings = {
  /** The IRLS, the Firth scoring or the theta alternation of glm.nb ran out of iterations. */
  notConverged(caller: string, loop: NotConvergedLoop, maxIter: number): GlmWarning {
    const text = {
      irls: `the algorithm did not converge in ${maxIter} iterations (R: glm.fit: algorithm did not converge); the estimates are not reliable: check for separation, rescale covariates or raise maxIter`,
      firth: `the bias-reduced (Firth) fit did not converge in ${maxIter} iterations (R: brglmFit: algorithm did not converge); raise maxIter`,
      theta: `the alternation of theta and the coefficients did not converge in ${maxIter} iterations (R: glm.nb: alternation limit reached); raise maxIter or fix theta`,
      bayes: `the algorithm did not converge in ${maxIter} iterations (R: bayesglm: algorithm did not converge); raise maxIter`,
    }[loop];
    return warning('not-converged', `${caller}: ${text}`);
  },

  /** A prediction or marginal effect of a fit with aliased (non-estimable) coefficients. */
  aliased(caller: string, terms: string[]): GlmWarning {
    return warning(
      'aliased',
      `${caller}: the fit is rank-deficient and its predictions may be misleading; aliased coefficients (${terms.join(', ')}) count as 0`,
      terms,
    );
  },

  /** Step halving could not find valid coefficients (R: inner loop; cannot correct step size). */
  stepHalvingFailed(caller: string): GlmWarning {
    return warning(
      'step-halving-failed',
      `${caller}: step halving could not find valid coefficients (R: inner loop; cannot correct step size); supply start or check the link`,
    );
  },

  /** `rFunction`: the R function whose warning this is (glm.fit, or bayesglm). */
  boundary(caller: string, rFunction = 'glm.fit'): GlmWarning {
    return warning(
      'glm-boundary',
      `${caller}: the algorithm stopped at a boundary value (R: ${rFunction}: algorithm stopped at boundary value)`,
    );
  },

  /** IRLS halved a step that left the valid range or made the deviance infinite (and recovered). */
  stepHalving(caller: string, cause: 'divergence' | 'out-of-bounds'): GlmWarning {
    return warning(
      'glm-step-halving',
      `${caller}: step size truncated ${cause === 'divergence' ? 'due to divergence' : ': out of bounds'}`,
    );
  },

  nonFinite(caller: string): GlmWarning {
    return warning('glm-non-finite', `${caller}: non-finite coefficients during the iterations`);
  },

  noInformation(caller: string): GlmWarning {
    return warning('glm-no-information', `${caller}: no observations informative at an iteration`);
  },

  fittedProbabilities(caller: string, rFunction = 'glm.fit'): GlmWarning {
    return warning(
      'glm-fitted-probabilities-0-1',
      `${caller}: fitted probabilities numerically 0 or 1 occurred (R: ${rFunction}: fitted probabilities numerically 0 or 1 occurred)`,
    );
  },

  fittedRates(caller: string): GlmWarning {
    return warning(
      'glm-fitted-rates-0',
      `${caller}: fitted rates numerically 0 occurred (R: glm.fit: fitted rates numerically 0 occurred)`,
    );
  },

  nullNotConverged(caller: string): GlmWarning {
    return warning(
      'glm-null-not-converged',
      `${caller}: fitting the null model (intercept and offset) did not converge`,
    );
  },

  /** R's warnings about non-integer binomial successes or poisson counts. */
  nonInteger(
    caller: string,
    what: 'binomial-counts' | 'binomial-successes' | 'poisson',
  ): GlmWarning {
    const text = {
      'binomial-counts': 'non-integer counts in a binomial glm',
      'binomial-successes': 'non-integer #successes in a binomial glm (weights * y)',
      poisson: 'non-integer counts in a poisson glm; the AIC and log-likelihood are not finite',
    }[what];
    return warning('glm-non-integer', `${caller}: ${text}`);
  },

  /** A text response whose code-point order differs from a case-insensitive order. */
  responseLevels(
    caller: string,
    name: string,
    codePoint: string[],
    caseless: string[],
    modelled: { failure: string; success: string[] },
  ): GlmWarning {
    return warning(
      'glm-response-levels',
      `${caller}: the response '${name}' is modelled as P(${modelled.success.join(' or ')}) with '${modelled.failure}' as failure: levels sort by code point (${codePoint.join(' < ')}, as R in the C locale), so upper case comes first; R in an English locale sorts ${caseless.join(' < ')} and models P(${caseless.slice(1).join(' or ')}); pass levels: { ${name}: [${caseless.map((l) => `'${l}'`).join(', ')}] } to choose`,
      [name],
    );
  },

  firthFallback(caller: string): GlmWarning {
    return warning(
      'glm-firth-fallback',
      `${caller}: brglm2's quasi-Fisher scoring did not converge (R's brglmFit with its defaults diverges here); the bias-reduced estimate was found by safeguarded scoring on the penalised likelihood, as brglmFit with slowit = 0.2 finds it`,
    );
  },

  firthNullDeviance(caller: string): GlmWarning {
    return warning(
      'glm-firth-null-deviance',
      `${caller}: the null deviance is that of the intercept-only bias-reduced fit with the offset (brglm2 reports the model's own deviance there)`,
    );
  },

  thetaLimit(caller: string, cause: 'truncated' | 'limit'): GlmWarning {
    return warning(
      'glm-theta-limit',
      `${caller}: the maximum-likelihood theta of the negative binomial ${cause === 'truncated' ? 'was truncated at 0' : 'reached its iteration limit (R: theta.ml: iteration limit reached); a very large theta means no overdispersion: a poisson fit may suit'}`,
    );
  },

  /**
   * The linear program found separation: `named` are the terms it names. With `inFit`, a quantity
   * computed from a fit that shows separation (`infiniteColumns` of its estimates diverge).
   */
  separation(
    caller: string,
    kind: 'complete' | 'quasi-complete',
    named: string[],
    byThemselves: boolean,
    infiniteColumns: string[],
    inFit = false,
  ): GlmWarning {
    if (inFit) {
      return warning(
        'glm-separation',
        `${caller}: the fit shows ${kind} separation (${infiniteColumns.join(', ')}); effects and standard errors rest on estimates that diverge: refit with firth: true (Firth's bias reduction) or with fitBayesGlm (Cauchy priors on scaled inputs, as arm::bayesglm)`,
        named,
      );
    }
    const how = byThemselves
      ? `the outcome is perfectly predicted by ${named.join(', ')}`
      : `a combination of ${named.join(', ')} perfectly predicts the outcome`;
    const consequence =
      kind === 'complete'
        ? `no finite maximum-likelihood estimates exist (the fit diverges along ${infiniteColumns.join(', ')})`
        : `the maximum-likelihood estimates of ${infiniteColumns.join(', ')} are infinite`;
    return warning(
      'glm-separation',
      `${caller}: ${kind} separation: ${how}; ${consequence}: the values shown are where the iterations stopped, and their standard errors, tests and intervals are meaningless; for finite estimates refit with firth: true (Firth's bias reduction; muster glm --firth) or with fitBayesGlm (Cauchy priors on scaled inputs, as arm::bayesglm; muster glm --method bayes), and compare them when the separating input is itself rare`,
      named,
    );
  },

  /**
   * The separation check was due but could not run (`reason`: no HiGHS loader in this environment,
   * or the loader failed). `signs`: what the fit itself shows ('none' when nothing hints at
   * separation, 'fitted' for fitted probabilities near 0 or 1, 'not-converged').
   */
  separationUnchecked(
    caller: string,
    reason: string,
    signs: 'none' | 'fitted' | 'not-converged',
  ): GlmWarning {
    const shows = {
      none: 'the fit itself shows no sign of it (no fitted probability near 0 or 1), but that is not the exact check',
      fitted:
        'the fit shows signs of it (fitted probabilities near 0 or 1): estimates and standard errors of the terms concerned may be meaningless',
      'not-converged':
        'the fit did not converge, a sign of it: estimates and standard errors may be meaningless',
    }[signs];
    return warning(
      'glm-separation-unchecked',
      `${caller}: separation was not checked: ${reason}; ${shows}; separation.checked is false`,
    );
  },

  zeroWeightsSandwich(caller: string, vcovType: string): GlmWarning {
    return warning(
      'glm-zero-weights-sandwich',
      `${caller}: rows with prior weight 0 are left out of the ${vcovType} covariance entirely; sandwich counts them in the meat but not the bread (its values are (n_positive / n)^2 times Muster's)`,
    );
  },

  /** HC3 (or HC2) with hat values of 1: `rows` are 1-based data rows. */
  hc3Unstable(caller: string, vcovType: string, terms: string[], rows: number[]): GlmWarning {
    const one = rows.length === 1;
    return warning(
      'glm-hc3-unstable',
      `${caller}: ${vcovType} standard errors are undefined (NaN) for ${terms.length > 0 ? terms.join(', ') : 'no coefficient'}: data row${one ? ' ' : 's '}${rows.slice(0, 10).join(', ')} ${one ? 'has' : 'have'} hat value 1 (the fit reproduces them exactly, so their residual over 1 - h is 0 / 0); use HC0 or HC1, or drop the coefficients those rows identify`,
      terms,
    );
  },

  profileSkipped(caller: string, nobs: number, ncol: number): GlmWarning {
    return warning(
      'glm-profile-skipped',
      `${caller}: profile-likelihood intervals were not computed for ${nobs} observations x ${ncol} coefficients (each needs some 20 refits); pass profile: true to compute them`,
    );
  },

  profileIncomplete(caller: string, terms: string[]): GlmWarning {
    return warning(
      'glm-profile-incomplete',
      `${caller}: profile-likelihood limits could not be found for ${terms.join(', ')} (the profile does not reach the cutoff: an infinite limit)`,
      terms,
    );
  },

  /** A bayesglm prior scale below minPriorScale was raised to it (`j`: 0-based column). */
  priorScaleRaised(caller: string, column: string, j: number, minScale: number): GlmWarning {
    return warning(
      'glm-prior-scale-raised',
      `${caller}: the prior scale of ${column} fell below minPriorScale and was set to ${minScale} (R: prior scale for varible ${j + 1} set to min.prior.scale)`,
      [column],
    );
  },

  /** Separation under a prior: the estimates of the infinite terms are set by the prior. */
  priorDriven(caller: string, kind: string, infiniteTerms: string[]): GlmWarning {
    return warning(
      'glm-prior-driven',
      `${caller}: ${kind} separation: the likelihood alone has no finite maximum along ${infiniteTerms.join(', ')}; the estimates there are set by the prior (see prior.scale), so report the prior with them`,
      infiniteTerms,
    );
  },

  notNested(caller: string, terms: string[]): GlmWarning {
    return warning(
      'glm-not-nested',
      `${caller}: the smaller model has terms the larger lacks (${terms.join(', ')}); the test assumes nested models`,
      terms,
    );
  },
} as const;
