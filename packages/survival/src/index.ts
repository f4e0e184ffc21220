/** The public API of @muster/survival, grouped by model family. */

// Accelerated failure time models (survreg)
export {
  type AftCoefficient,
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
  type ExpandFineGrayOptions,
  expandFineGray,
  type FineGrayRows,
} from './competing/expand-fine-gray.ts';
export {
  type FineGrayCoxOptions,
  type FineGrayCoxResult,
  fitFineGrayCox,
} from './competing/fit-fine-gray-cox.ts';
export {
  type FineGrayCoefficient,
  type FineGrayOptions,
  type FineGrayResult,
  fitFineGray,
} from './competing/fit-fine-gray.ts';
export { type GrayTestOptions, type GrayTestResult, grayTest } from './competing/gray-test.ts';
export { type FineGrayPrediction, predictFineGray } from './competing/predict-fine-gray.ts';
// Cox proportional hazards
export {
  type ChiSquareTest,
  type CoxCoefficient,
  type CoxModel,
  type CoxResult,
  type FitCoxOptions,
  fitCox,
} from './cox/fit-cox.ts';
// Kaplan-Meier
export {
  type KaplanMeierOptions,
  type KaplanMeierResult,
  type KaplanMeierRow,
  type KaplanMeierStratum,
  kaplanMeier,
  type SurvivalQuantile,
} from './km/kaplan-meier.ts';
export type { KaplanMeierSqlOptions } from './sql/kaplan-meier-sql.ts';
// Log-rank (G-rho) tests
export { type LogRankGroup, type LogRankOptions, type LogRankResult, logRank } from './log-rank.ts';
// Types shared by several functions
export type {
  AftDistribution,
  CauseInfo,
  ColumnSpec,
  CompetingData,
  ConfType,
  CoxCurveRow,
  GrayTestRow,
  RestrictedMean,
  ZphTransform,
} from './types.ts';
export type { TimeTransform } from './cox/internal/time-transform.ts';
export type { GroupValue } from './internal/levels.ts';
export type { EventValue, NumericValue } from './internal/survival-input.ts';
// Results as R-like text (core's tidy and glance give the rows)
export {
  format,
  type SurvivalFitResult,
  type SurvivalSummaryInput,
  type SurvivalSummaryOptions,
  summary,
} from './summary.ts';

// Warning codes and their messages
export {
  SURVIVAL_WARNING_CODES,
  type SurvivalWarning,
  type SurvivalWarningCode,
  /** The codes of this package's warnings (the name every package exports). */
  type SurvivalWarningCode as WarningCode,
} from './warnings.ts';
