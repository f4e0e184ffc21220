// Matching
export { type MatchItOptions, matchIt } from './match-it.ts';

// Effect on the matched sample
export {
  type EffectCoefficient,
  type EffectResult,
  type EstimateEffectOptions,
  estimateEffect,
} from './estimate-effect.ts';

// Types
export type { CutPoints } from './internal/coarsen.ts';
export type {
  BalanceRow,
  BalanceTables,
  DiscardRule,
  DistanceInfo,
  Estimand,
  MatchMethod,
  MatchOrder,
  MatchResult,
  SampleSizes,
} from './types.ts';

// Warnings
// Results as R-like text (core's tidy and glance give the rows)
export { format, type MatchingSummaryOptions, summary } from './summary.ts';
export { type MatchingWarning, matchingWarnings, type WarningCode } from './warnings.ts';
