/**
 * survreg.fit's starting values: the intercept-only model is fitted first (from the moments of
 * log time), its log-scales start the full model, and the coefficients start from one weighted
 * least-squares step from eta = y.
 */

import { type BaseDistribution, densityRow, initialValues } from './aft-distributions.ts';
import type { AftFrame } from './aft-frame.ts';
import type { AftSettings } from './aft-options.ts';
import { ldlFactor, ldlSolve } from './ldl.ts';
import { type SurvregFit, type SurvregProblem, survregIterate } from './survreg-kernel.ts';

/** The survreg problem of a frame on `columns` covariate columns of `matrix`. */
export function survregProblem(
  frame: AftFrame,
  settings: AftSettings,
  columns: number,
  matrix: Float64Array,
): SurvregProblem {
  const { n, nstrat2, strata, y, status, w, offset } = frame;
  return {
    n,
    nvar: columns,
    nstrat: nstrat2,
    strata,
    y,
    status,
    x: matrix,
    w,
    offset,
    base: settings.base,
  };
}

/** survreg.fit's derfun at eta = y (z = 0): first and second derivative of the log density. */
function derivativesAtZero(
  base: BaseDistribution,
  status: number,
  sigma: number,
): { dg: number; ddg: number } {
  const d = densityRow(base, 0);
  const dtemp = d[2] * d[3];
  const tdenom = 1 / ((status === 0 ? d[1] : 1) * sigma);
  const dg = -tdenom * (status === 0 ? -d[2] : d[3]);
  const ddg = (tdenom / sigma) * (status === 0 ? -dtemp : d[4]);
  return { dg, ddg: ddg - dg * dg };
}

/**
 * The intercept-only fit (null when the model is the intercept alone) and the starting vector
 * of the full model: coefficients, then log-scales.
 */
export function startingValues(
  frame: AftFrame,
  settings: AftSettings,
  meanOnly: boolean,
): { fit0: SurvregFit | null; init: Float64Array } {
  const { n, nvar, nstrata, status, w, y, offset, strata, x } = frame;
  const { base, fixedScale, tolerance, tolerChol } = settings;
  const moments = initialValues(base, y, w);
  const startScale = fixedScale > 0 ? Math.log(fixedScale) : Math.log(4 * moments[1]) / 2;
  let fit0: SurvregFit | null = null;
  let vars: Float64Array;
  if (!meanOnly) {
    const sigma = Math.exp(startScale);
    let sumWt = 0;
    let sumNum = 0;
    for (let i = 0; i < n; i++) {
      const { dg, ddg } = derivativesAtZero(base, status[i], sigma);
      const wt = -ddg * w[i];
      sumWt += wt;
      sumNum += w[i] * dg + wt * (y[i] - offset[i]);
    }
    const start0 = new Float64Array(1 + Math.max(nstrata, 1));
    start0[0] = sumNum / sumWt;
    for (let s = 0; s < nstrata; s++) start0[1 + s] = startScale;
    const ones = new Float64Array(n).fill(1);
    fit0 = survregIterate(
      survregProblem(frame, settings, 1, ones),
      start0,
      20,
      tolerance,
      tolerChol,
    );
    vars = fit0.beta.slice(1);
  } else {
    vars = new Float64Array(nstrata).fill(startScale);
  }
  // Starting coefficients: one weighted least-squares step from eta = y.
  const xtwx = new Float64Array(nvar * nvar);
  const xtz = new Float64Array(nvar);
  for (let i = 0; i < n; i++) {
    const sigma = Math.exp(vars[nstrata > 1 ? strata[i] : 0]);
    const { dg, ddg } = derivativesAtZero(base, status[i], sigma);
    const wt = -ddg * w[i];
    const target = wt * (y[i] - offset[i]) + w[i] * dg;
    for (let j = 0; j < nvar; j++) {
      const xj = x[j * n + i];
      xtz[j] += target * xj;
      for (let l = 0; l <= j; l++) xtwx[l * nvar + j] += wt * xj * x[l * n + i];
    }
  }
  for (let j = 0; j < nvar; j++)
    for (let l = 0; l < j; l++) xtwx[j * nvar + l] = xtwx[l * nvar + j];
  const coef = ldlSolve(ldlFactor(xtwx, nvar, tolerChol), xtz);
  const init = new Float64Array(nvar + vars.length);
  init.set(coef, 0);
  init.set(vars, nvar);
  return { fit0, init };
}
