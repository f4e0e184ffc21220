/**
 * crr's Newton-Raphson on the Fine-Gray log pseudo-likelihood (crr.f): objective f = -logLik,
 * gradient -score, Hessian the information. Stop when
 * max_j |score_j| max(|b_j|, 1) < max(|f|, 1) tolerance; otherwise take the Newton step, halved
 * while the objective fails the Armijo condition with constant 1e-4 (at most 20 halvings).
 */
import { cholesky, choleskySolve } from '@muster/core';
import {
  notConvergedWarning,
  type SurvivalWarning,
  singularInformationWarning,
  stepHalvingFailedWarning,
} from '../../warnings.ts';
import {
  type FineGrayData,
  type FineGrayDerivatives,
  fineGrayDerivatives,
  fineGrayLogLik,
} from './fine-gray-kernel.ts';

const FN = 'fitFineGray';

/** The estimate, its derivatives, and how the iteration ended. */
export interface FineGrayNewton {
  b: Float64Array;
  dv: FineGrayDerivatives;
  converged: boolean;
  iterations: number;
  warnings: SurvivalWarning[];
}

/** Iterate from `init` for at most `maxIter` steps. */
export function fineGrayNewton(
  fg: FineGrayData,
  init: Float64Array,
  maxIter: number,
  tolerance: number,
): FineGrayNewton {
  const p = init.length;
  const warnings: SurvivalWarning[] = [];
  let b = init;
  let converged = false;
  let iterations = 0;
  let dv = fineGrayDerivatives(fg, b);
  for (let ll = 0; ll <= maxIter; ll++) {
    const f = -dv.logLik;
    let lhs = 0;
    for (let j = 0; j < p; j++)
      lhs = Math.max(lhs, Math.abs(dv.score[j]) * Math.max(Math.abs(b[j]), 1));
    if (lhs < Math.max(Math.abs(f), 1) * tolerance) {
      converged = true;
      break;
    }
    if (ll === maxIter) break;
    const factor = cholesky(dv.information, p);
    if (factor === null || !Number.isFinite(f)) {
      warnings.push(
        singularInformationWarning(
          FN,
          `is not positive definite at iteration ${ll}; check for collinear or constant covariates`,
        ),
      );
      break;
    }
    const next = halvedStep(fg, b, dv, choleskySolve(factor, p, dv.score), f);
    if (next === null) {
      warnings.push(stepHalvingFailedWarning(FN, ll));
      break;
    }
    b = next;
    iterations = ll + 1;
    dv = fineGrayDerivatives(fg, b);
  }
  if (!converged) {
    warnings.push(
      notConvergedWarning(
        FN,
        maxIter,
        'estimates may be unreliable (try a larger maxIter, or check for covariates that separate the cause)',
      ),
    );
  }
  return { b, dv, converged, iterations, warnings };
}

/**
 * b + step, the step halved until f(b + step) <= f + 1e-4 step'(-score) (crr's line search);
 * null after 20 halvings.
 */
function halvedStep(
  fg: FineGrayData,
  b: Float64Array,
  dv: FineGrayDerivatives,
  newton: Float64Array,
  f: number,
): Float64Array | null {
  const p = b.length;
  let step = newton; // -solve(h, s)
  let directional = 0;
  for (let j = 0; j < p; j++) directional -= step[j] * dv.score[j]; // sum(sc * s)
  let bn = new Float64Array(p);
  for (let j = 0; j < p; j++) bn[j] = b[j] + step[j];
  let fbn = -fineGrayLogLik(fg, bn);
  let halvings = 0;
  while (Number.isNaN(fbn) || fbn > f + 1e-4 * directional) {
    halvings++;
    step = step.map((s) => s * 0.5);
    directional *= 0.5;
    bn = new Float64Array(p);
    for (let j = 0; j < p; j++) bn[j] = b[j] + step[j];
    fbn = -fineGrayLogLik(fg, bn);
    if (halvings > 20) return null;
  }
  return bn;
}
