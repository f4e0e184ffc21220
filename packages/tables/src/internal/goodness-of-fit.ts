/**
 * Goodness-of-fit rows from the fields a result carries: the shared ones (`nobs`, `nEvents`,
 * `nClusters`, `logLik`, `aic`, `bic`) and, where a model has them, `deviance`, `nullDeviance`
 * and fitted probabilities for the pseudo-R² rows. A statistic a model cannot give is null.
 */
import type { FitResultBase } from '@muster/core';
import type { GofStatistic, TableGof } from '../types.ts';

/** Default goodness-of-fit rows, in order. */
export const DEFAULT_GOF: GofStatistic[] = [
  'nobs',
  'nEvents',
  'nClusters',
  'logLik',
  'aic',
  'bic',
  'deviance',
  'r2McFadden',
];

export const GOF_LABELS: Record<GofStatistic, string> = {
  nobs: 'N',
  nEvents: 'Events',
  nClusters: 'Clusters',
  logLik: 'Log-likelihood',
  aic: 'AIC',
  bic: 'BIC',
  deviance: 'Deviance',
  r2McFadden: 'McFadden R²',
  r2Tjur: 'Tjur R²',
};

const numberField = (fit: object, name: string): number | null => {
  const value = (fit as Record<string, unknown>)[name];
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
};

const numberArray = (fit: object, name: string): number[] | null => {
  const value = (fit as Record<string, unknown>)[name];
  return Array.isArray(value) && value.every((x) => typeof x === 'number') ? value : null;
};

/** A maximum-likelihood binomial or Poisson GLM: deviance differences are likelihood ratios. */
function isLikelihoodGlm(fit: FitResultBase): boolean {
  const family = (fit as unknown as { family?: unknown }).family;
  // R's null deviance of a model without an intercept is that of eta = 0, not of a fitted constant.
  const intercept = fit.coefficients.some((row) => row.term === '(Intercept)');
  return fit.method === 'ml' && intercept && (family === 'binomial' || family === 'poisson');
}

/**
 * McFadden's R² = 1 - logLik / logLik(null). For a binomial or Poisson ML glm the null model's
 * log-likelihood is logLik - (nullDeviance - deviance) / 2 (the deviance difference is twice the
 * log-likelihood ratio); for a 0/1 response this is 1 - deviance / nullDeviance, as R's
 * `performance::r2_mcfadden`.
 */
function mcFadden(fit: FitResultBase): number | null {
  const deviance = numberField(fit, 'deviance');
  const nullDeviance = numberField(fit, 'nullDeviance');
  if (!isLikelihoodGlm(fit) || fit.logLik === null || deviance === null || nullDeviance === null)
    return null;
  const nullLogLik = fit.logLik - (nullDeviance - deviance) / 2;
  return nullLogLik === 0 ? null : 1 - fit.logLik / nullLogLik;
}

/**
 * Tjur's coefficient of discrimination: mean fitted probability of the events minus that of the
 * non-events (Tjur 2009, R's `performance::r2_tjur`). Needs the fitted probabilities and a 0/1
 * response (`fittedValues` and `response` arrays on a binomial fit); null otherwise.
 */
function tjur(fit: FitResultBase): number | null {
  const family = (fit as unknown as { family?: unknown }).family;
  const fitted = numberArray(fit, 'fittedValues');
  const response = numberArray(fit, 'response');
  if (family !== 'binomial' || fitted === null || response === null) return null;
  if (fitted.length !== response.length || response.some((y) => y !== 0 && y !== 1)) return null;
  let events = 0;
  let eventSum = 0;
  let otherSum = 0;
  response.forEach((y, i) => {
    if (y === 1) {
      events += 1;
      eventSum += fitted[i];
    } else otherSum += fitted[i];
  });
  const others = response.length - events;
  return events === 0 || others === 0 ? null : eventSum / events - otherSum / others;
}

/** One statistic of one model. */
export function gofValue(fit: FitResultBase, statistic: GofStatistic): number | null {
  switch (statistic) {
    case 'nobs':
      return numberField(fit, 'nobs');
    case 'nEvents':
      return numberField(fit, 'nEvents');
    case 'nClusters':
      return numberField(fit, 'nClusters');
    case 'logLik':
      return numberField(fit, 'logLik');
    case 'aic':
      return numberField(fit, 'aic');
    case 'bic':
      return numberField(fit, 'bic');
    case 'deviance':
      return numberField(fit, 'deviance');
    case 'r2McFadden':
      return mcFadden(fit);
    case 'r2Tjur':
      return tjur(fit);
  }
}

/** The requested rows that at least one model fills, in order. */
export function goodnessOfFit(fits: FitResultBase[], statistics: GofStatistic[]): TableGof[] {
  return statistics
    .map((statistic) => ({
      statistic,
      label: GOF_LABELS[statistic],
      values: fits.map((fit) => gofValue(fit, statistic)),
    }))
    .filter((row) => row.values.some((value) => value !== null));
}

/** Why Tjur's R² is missing for the binomial models that lack it (for the table's notes). */
export function tjurOmissions(fits: FitResultBase[], names: string[]): string | null {
  const missing = fits
    .map((fit, index) => ({ fit, name: names[index] }))
    .filter(({ fit }) => (fit as unknown as { family?: unknown }).family === 'binomial')
    .filter(({ fit }) => tjur(fit) === null)
    .map(({ name }) => name);
  if (missing.length === 0) return null;
  return `Tjur R² not shown for ${missing.join(', ')}: the fit carries no fitted probabilities of a 0/1 response (fittedValues and response)`;
}
