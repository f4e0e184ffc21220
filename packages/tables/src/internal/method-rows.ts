/** The rows at the foot of a table that name each model, its estimation method and covariance. */
import type { FitResultBase } from '@muster/core';

const text = (fit: object, name: string): string | null => {
  const value = (fit as Record<string, unknown>)[name];
  return typeof value === 'string' && value !== '' ? value : null;
};

/** `binomial(logit)` for a glm, `weibull` for an AFT model, else the result's kind. */
export function modelLabel(fit: FitResultBase): string {
  const family = text(fit, 'family');
  const link = text(fit, 'link');
  if (family !== null) return link !== null ? `${family}(${link})` : family;
  const distribution = text(fit, 'dist') ?? text(fit, 'distribution');
  return distribution !== null ? `${fit.kind} ${distribution}` : fit.kind;
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
