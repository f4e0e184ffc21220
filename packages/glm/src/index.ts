// Fitting
export { type FitGlmOptions, fitGlm } from './fit-glm.ts';
export { type GlmFitOptions, type GlmFitResult, glmFit } from './glm-fit.ts';

// Rare events and separation: King & Zeng's rare-events logit, arm's weakly informative priors
export {
  type BayesGlmPrior,
  type BayesGlmResult,
  type FitBayesGlmOptions,
  fitBayesGlm,
} from './fit-bayes-glm.ts';
export { type FitRelogitOptions, fitRelogit, type RelogitResult } from './fit-relogit.ts';
export type { WaldRow } from './internal/wald-rows.ts';
export {
  type PredictRelogitOptions,
  predictRelogit,
  type RelogitPrediction,
} from './predict-relogit.ts';

// Inference
export { type LrTestResult, lrTest } from './lr-test.ts';
export { type GlmPrediction, type PredictGlmOptions, predictGlm } from './predict-glm.ts';

// Marginal effects and predictions
export {
  type MarginalEffectsOptions,
  marginalEffects,
} from './margins/marginal-effects.ts';
export { type PredictionGridOptions, predictionGrid } from './margins/prediction-grid.ts';
export type { GridValues } from './margins/grid.ts';
export type { ContrastValues } from './margins/scenarios.ts';
export type {
  MarginalEffectRow,
  MarginalEffectsResult,
  MarginsFit,
  MarginsGrid,
  PredictionGridResult,
  PredictionGridRow,
} from './margins/types.ts';

// Results as R-like text (core's tidy and glance give the rows)
export {
  type AnyGlmResult,
  format,
  type GlmSummaryInput,
  type GlmSummaryOptions,
  summary,
} from './summary.ts';

// Separation
export {
  type DetectSeparationOptions,
  detectSeparation,
  type SeparationResult,
} from './detect-separation.ts';
export { type HighsLoader, setHighsLoader } from './internal/highs.ts';

// Warnings
export {
  GLM_WARNING_CODES,
  type GlmWarning,
  type GlmWarningCode,
  /** The codes of this package's warnings (the name every package exports). */
  type GlmWarningCode as WarningCode,
} from './warnings.ts';

// Types
export type {
  FamilyName,
  GlmCoefficient,
  GlmResult,
  GlmSeparation,
  LinkName,
  VcovType,
} from './types.ts';
