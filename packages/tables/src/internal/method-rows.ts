/** The rows at the foot of a table that name each model, its estimation method and covariance. */
import type { FitResultBase } from '@muster/core';

const text = (fit: object, name: string): string | null => {
  const value = (fit as Record<string, unknown>)[name];
  return typeof value === 'string' && value !== '' ? value : null;
};

/**
 * `binomial(logit)` for a glm, `glmer binomial(logit)` for another kind with a family,
 * `aft weibull` for a model with a distribution, else the result's kind (`cox`).
 */
export function modelLabel(fit: FitResultBase): string {
  const family = text(fit, 'family');
  const link = text(fit, 'link');
  const detail =
    family !== null
      ? link !== null
        ? `${family}(${link})`
        : family
      : (text(fit, 'dist') ?? text(fit, 'distribution'));
  if (detail === null) return fit.kind;
  return fit.kind === 'glm' ? detail : `${fit.kind} ${detail}`;
}

/** The covariance behind the standard errors, with the cluster variable where one is named. */
export function covarianceLabel(fit: FitResultBase): string {
  const cluster = text(fit, 'cluster');
  return fit.vcovType === 'cluster' && cluster !== null
    ? `cluster (${cluster})`
    : String(fit.vcovType);
}

/** Model, Method and Covariance rows: label and one cell per model. */
export function methodRows(fits: FitResultBase[]): { label: string; cells: string[] }[] {
  return [
    { label: 'Model', cells: fits.map(modelLabel) },
    { label: 'Method', cells: fits.map((fit) => String(fit.method)) },
    { label: 'Covariance', cells: fits.map(covarianceLabel) },
  ];
}
