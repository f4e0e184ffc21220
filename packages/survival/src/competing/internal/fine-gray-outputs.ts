/** The reported quantities of a Fine-Gray fit: crr's sandwich variance and the coefficient rows. */
import { cholesky, choleskyInverse, pnorm, qnorm } from '@muster/core';
import { type SurvivalWarning, singularInformationWarning } from '../../warnings.ts';
import type { FineGrayCoefficient } from '../fit-fine-gray.ts';
import { type FineGrayData, type FineGrayDerivatives, fineGrayMeat } from './fine-gray-kernel.ts';

/**
 * crr's sandwich I^-1 M I^-1 at the estimate (p x p, column-major), M the meat with the term for
 * estimating the censoring distribution; NaN (with a warning unless one was given already) when
 * the information is singular.
 */
export function fineGraySandwich(
  fg: FineGrayData,
  dv: FineGrayDerivatives,
  p: number,
  warnings: SurvivalWarning[],
): Float64Array {
  const factor = cholesky(dv.information, p);
  if (factor === null) {
    if (!warnings.some((w) => w.code === 'singular-information')) {
      warnings.push(
        singularInformationWarning(
          'fitFineGray',
          'is singular at the estimate; no standard errors',
        ),
      );
    }
    return new Float64Array(p * p).fill(Number.NaN);
  }
  const inverse = choleskyInverse(factor, p);
  const meat = fineGrayMeat(fg, dv);
  const vcov = new Float64Array(p * p);
  const tmp = new Float64Array(p * p);
  for (let i = 0; i < p; i++) {
    for (let j = 0; j < p; j++) {
      let s = 0;
      for (let k = 0; k < p; k++) s += inverse[k * p + i] * meat[j * p + k];
      tmp[j * p + i] = s;
    }
  }
  for (let i = 0; i < p; i++) {
    for (let j = 0; j < p; j++) {
      let s = 0;
      for (let k = 0; k < p; k++) s += tmp[k * p + i] * inverse[j * p + k];
      vcov[j * p + i] = s;
    }
  }
  return vcov;
}

/** Coefficient rows: Wald z and p, interval on the log scale and for the hazard ratio. */
export function fineGrayCoefficients(
  names: string[],
  b: Float64Array,
  vcov: Float64Array,
  confLevel: number,
): FineGrayCoefficient[] {
  const p = names.length;
  const z = qnorm(1 - (1 - confLevel) / 2);
  return names.map((term, j) => {
    const estimate = b[j];
    const stdError = Math.sqrt(vcov[j * p + j]);
    const statistic = estimate / stdError;
    const lower = estimate - z * stdError;
    const upper = estimate + z * stdError;
    return {
      term,
      estimate,
      stdError,
      statistic,
      pValue: 2 * pnorm(-Math.abs(statistic)),
      lower,
      upper,
      hazardRatio: Math.exp(estimate),
      hazardRatioLower: Math.exp(lower),
      hazardRatioUpper: Math.exp(upper),
    };
  });
}
