/** The public API of @muster/survival, grouped by model family. */

// Accelerated failure time models (survreg)
export {
  type AftCoefficient,
  type AftDistribution,
  type AftOptions,
  type AftResult,
  fitAft,
} from './aft/fit-aft.ts';
export {
  type AftPredictedValue,
  type AftPrediction,
  type PredictAftOptions,
  predictAft,
} from './aft/predict-aft.ts';
// Competing risks (Aalen-Johansen, Gray's test, Fine-Gray, cause-specific Cox)
export {
  type CumulativeIncidenceConfType,
  type CumulativeIncidenceOptions,
  type CumulativeIncidenceResult,
  type CumulativeIncidenceRow,
  type CumulativeIncidenceStratum,
  cumulativeIncidence,
} from './competing/cumulative-incidence.ts';
export {
  type CauseSpecificCoxOptions,
  type CauseSpecificCoxResult,
  fitCauseSpecificCox,
} from './competing/fit-cause-specific-cox.ts';
export {
  type FineGrayCoefficient,
  type FineGrayOptions,
  type FineGrayResult,
  fitFineGray,
} from './competing/fit-fine-gray.ts';
export {
  type GrayTestOptions,
  type GrayTestResult,
  type GrayTestRow,
  grayTest,
} from './competing/gray-test.ts';
export type { ColumnSpec, CompetingData } from './competing/internal/columns.ts';
export type { CauseInfo } from './competing/internal/competing-input.ts';
export { type FineGrayPrediction, predictFineGray } from './competing/predict-fine-gray.ts';
// Cox proportional hazards
export type { CoxCurveRow } from './cox/survival-curve.ts';
export {
  type ChiSquareTest,
  type CoxCoefficient,
  type CoxResult,
  type FitCoxOptions,
  fitCox,
} from './cox/fit-cox.ts';
// Types shared by the Kaplan-Meier and Cox results
export type { ConfType } from './internal/conf-int.ts';
export type { RestrictedMean } from './internal/curve-summary.ts';
// Kaplan-Meier
export {
  type KaplanMeierOptions,
  type KaplanMeierResult,
  type KaplanMeierRow,
  type KaplanMeierStratum,
  kaplanMeier,
  type SurvivalQuantile,
} from './kaplan-meier.ts';
// Log-rank (G-rho) tests
export { type LogRankGroup, type LogRankOptions, type LogRankResult, logRank } from './log-rank.ts';
