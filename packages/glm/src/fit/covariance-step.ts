/**
 * The covariance step of fitGlm: the classical, HC0-HC3 or clustered covariance of the estimates
 * (./internal/sandwich.ts), with a warning for each deliberate difference from R (README, "Known
 * differences") and for HC2/HC3 standard errors that hat values of 1 leave undefined.
 */
import type { FitGlmOptions } from '../fit-glm.ts';
import type { GlmFitResult } from '../glm-fit.ts';
import { type SandwichOutput, vcovMatrix } from '../internal/sandwich.ts';
import { type GlmWarning, glmWarnings } from '../warnings.ts';
import type { ModelData } from './model-data.ts';
import { CALLER, rowOf } from './response.ts';
import type { FitSettings } from './settings.ts';

export function covarianceStep(
  model: ModelData,
  fit: GlmFitResult,
  settings: FitSettings,
  options: FitGlmOptions,
): { sandwich: SandwichOutput; warnings: GlmWarning[] } {
  const { design, response, offset, cluster } = model;
  const { vcovType, method } = settings;
  const warnings: GlmWarning[] = [];
  if (vcovType !== 'classical' && response.weights.some((w) => w === 0)) {
    warnings.push(glmWarnings.zeroWeightsSandwich(CALLER, vcovType));
  }
  if (method === 'firth' && offset !== null && design.hasIntercept) {
    warnings.push(glmWarnings.firthNullDeviance(CALLER));
  }
  const sandwich = vcovMatrix({
    x: design.matrix,
    nrow: design.nrow,
    ncol: design.ncol,
    aliased: fit.aliased,
    covUnscaled: fit.covUnscaled,
    dispersion: fit.dispersion,
    workingWeights: fit.workingWeights,
    workingResiduals: fit.workingResiduals,
    priorWeights: response.weights,
    type: vcovType,
    cluster: cluster?.codes ?? null,
    clusterType: options.clusterType,
  });
  if (sandwich.unstableRows.length > 0) {
    const terms = sandwich.undefinedColumns.map((j) => design.columns[j]);
    const rows = sandwich.unstableRows.map((i) => rowOf(design, i));
    warnings.push(glmWarnings.hc3Unstable(CALLER, vcovType, terms, rows));
  }
  return { sandwich, warnings };
}
