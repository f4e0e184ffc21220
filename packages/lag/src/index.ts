// Types

export {
  type BackProjectBootstrap,
  type BackProjectBootstrapOptions,
  type BackProjectOptions,
  type BackProjectResult,
  backProject,
} from './back-project.ts';
export {
  type CalibrateStageDelayOptions,
  calibrateStageDelay,
  type StageDelayCalibration,
  type StageSeries,
} from './calibrate-stage-delay.ts';
export { convolveDelays } from './convolve-delays.ts';
export { delayMean } from './delay-mean.ts';
// Delay distributions
export { type DelayPmfOptions, delayPmf, type ParametricDelay } from './delay-pmf.ts';
export { delayQuantile } from './delay-quantile.ts';
export {
  type EmpiricalDelay,
  type EmpiricalDelayOptions,
  empiricalDelay,
} from './empirical-delay.ts';
export {
  type EvaluateNowcastOptions,
  type EvaluateNowcastResult,
  evaluateNowcast,
  type NowcastScore,
  type NowcastScoreByAge,
} from './evaluate-nowcast.ts';
// Forward and backward
export { type ForwardProjectOptions, forwardProject } from './forward-project.ts';
export { type NowcastOptions, type NowcastResult, nowcast } from './nowcast.ts';

// Pipeline and under-count
export {
  type PipelineOptions,
  type PipelineResult,
  pipelineEstimate,
} from './pipeline-estimate.ts';
// Reconstruction from published aggregates
export {
  type DelayPrior,
  type Figure,
  type FigureCheck,
  posteriorTotal,
  type ReconstructedFigure,
  type ReconstructOptions,
  type ReconstructResult,
  reconstruct,
} from './reconstruct.ts';

// Nowcasting reporting triangles
export {
  type ReportingRecords,
  type ReportingTriangle,
  type ReportingTriangleOptions,
  reportingTriangle,
} from './reporting-triangle.ts';
export type { DateLike, DelayDistribution, DelayInput, PeriodUnit } from './types.ts';
export {
  type CaptureProbability,
  type UndercountOptions,
  type UndercountResult,
  type UndercountSensitivityRow,
  undercount,
} from './undercount.ts';

// Results as R-like text (summary, format) and as rows (tidy, glance)
export { glance, type LagGlanceRow } from './glance.ts';
export { format, type LagSummaryOptions, summary } from './summary.ts';
export { type LagResult, type LagTidyRow, tidy } from './tidy.ts';

// Warnings
export { type LagWarning, lagWarnings, type WarningCode } from './warnings.ts';
