// Theme
export { applyTheme } from './apply-theme.ts';
export { measureTextWidth } from './measure-text.ts';
export { musterFont, musterInk, musterNeutral, musterPalette, musterTheme } from './theme.ts';

// Forest plots of coefficients
export { coefficientPlot, type ForestPlotOptions } from './coefficient-plot.ts';
export {
  type ModelPlotFit,
  type ModelPlotOptions,
  type ModelPlotRow,
  modelPlot,
} from './model-plot.ts';
export { oddsRatioPlot } from './odds-ratio-plot.ts';

// Marginal effects
export { type MarginalEffectsPlotOptions, marginalEffectsPlot } from './marginal-effects-plot.ts';

// Balance after matching
export { type LovePlotOptions, lovePlot } from './love-plot.ts';

// Survival curves
export {
  type CumulativeIncidencePlotOptions,
  cumulativeIncidencePlot,
} from './cumulative-incidence-plot.ts';
export { type KaplanMeierPlotOptions, kaplanMeierPlot } from './kaplan-meier-plot.ts';
export { type NumberAtRiskRow, numberAtRisk } from './number-at-risk.ts';

// Predictions and time series
export {
  type EstimatedSeries,
  type LagSeriesInput,
  type LagSeriesPlotOptions,
  lagSeriesPlot,
  type ObservedMonthly,
  type ObservedPeriods,
  type PeriodCount,
} from './lag-series-plot.ts';
export {
  type PredictedProbabilityPlotOptions,
  type PredictionColumns,
  type PredictionRow,
  predictedProbabilityPlot,
} from './predicted-probability-plot.ts';
export {
  type TimeSeriesPlotOptions,
  type TimeSeriesRow,
  timeSeriesPlot,
} from './time-series-plot.ts';

// Types
export type {
  BalanceResult,
  BalanceRow,
  BalanceStatistic,
  ChartOptions,
  CoefficientResult,
  CoefficientRow,
  CumulativeIncidenceResult,
  CumulativeIncidenceRow,
  CumulativeIncidenceStratum,
  KaplanMeierResult,
  KaplanMeierRow,
  KaplanMeierStratum,
  MarginalEffectRow,
  MarginalEffectsLike,
  MarginsGridLike,
  Missing,
  PredictionGridLike,
  VegaLiteConfig,
  VegaLiteSpec,
} from './types.ts';
export type { ConfType } from './internal/confidence.ts';
