// Fitting
export { type FitGlmOptions, fitGlm } from './fit-glm.ts';
export { type GlmFitOptions, type GlmFitResult, glmFit } from './glm-fit.ts';

// Inference
export { type LrTestResult, lrTest } from './lr-test.ts';
export { type GlmPrediction, type PredictGlmOptions, predictGlm } from './predict-glm.ts';

// Separation
export {
  type DetectSeparationOptions,
  detectSeparation,
  type SeparationResult,
} from './detect-separation.ts';

// Types
export type {
  FamilyName,
  GlmCoefficient,
  GlmResult,
  GlmSeparation,
  LinkName,
  VcovType,
} from './types.ts';
