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

// Cox proportional hazards
export {
  type ChiSquareTest,
  type CoxCoefficient,
  type CoxResult,
  type FitCoxOptions,
  fitCox,
} from './fit-cox.ts';
export type { CoxCurveRow } from './cox/survival-curve.ts';
export type { RestrictedMean } from './internal/curve-summary.ts';
export type { ConfType } from './internal/conf-int.ts';
