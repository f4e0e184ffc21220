/**
 * The example charts that the render and golden tests draw: every builder, on reference results
 * where one exists (glm, km, cuminc, backproject cases) and on small hand-made tables otherwise.
 */
import {
  coefficientPlot,
  cumulativeIncidencePlot,
  kaplanMeierPlot,
  lagSeriesPlot,
  lovePlot,
  marginalEffectsPlot,
  modelPlot,
  oddsRatioPlot,
  predictedProbabilityPlot,
  timeSeriesPlot,
  type VegaLiteSpec,
} from '../src/index.ts';
import { marginsResults, referenceCase } from './helpers/fixtures.ts';

const logistic = (v: number) => 1 / (1 + Math.exp(-v));

/** Predictions of a logistic model on a grid, by regime, with Wald intervals on the link scale. */
export function predictionGrid() {
  const rows = [];
  for (const [regime, shift] of [
    ['autocracy', 0.3],
    ['democracy', -0.55],
  ] as const) {
    for (let i = 0; i <= 20; i++) {
      const inequality = i / 20;
      const eta = -3.2 + 4.1 * inequality + shift;
      const se = 0.25 + 0.5 * Math.abs(inequality - 0.35);
      rows.push({
        inequality,
        regime,
        fit: logistic(eta),
        lower: logistic(eta - 1.959963984540054 * se),
        upper: logistic(eta + 1.959963984540054 * se),
      });
    }
  }
  return rows;
}

export function examples(): Record<string, VegaLiteSpec> {
  const lyall = referenceCase('glm-lyall-logit').expected;
  // Three logits computed by R (packages/tables/test/fixtures/three-models.R).
  const threeModels = referenceCase('three-models').models;
  const backproject = referenceCase('backproject-convictions-k2');
  const lambda: number[] = backproject.expected.lambda;
  const months = (start: number, n: number) =>
    Array.from({ length: n }, (_, i) => {
      const m = start + i;
      return `${Math.floor(m / 12)}-${String((m % 12) + 1).padStart(2, '0')}`;
    });
  return {
    'coefficient-lyall-profile': coefficientPlot(lyall, {
      title: 'Mass desertion: logistic regression',
      labels: { inequality: 'Military inequality', 'log(troops)': 'Troops (log)' },
    }),
    'coefficient-collinear-aliased': coefficientPlot(
      referenceCase('glm-collinear-aliased').expected,
      {
        interval: 'wald',
      },
    ),
    'model-plot-three-logits': modelPlot(
      threeModels.map((model: { coefficients: unknown }) => model),
      {
        modelNames: threeModels.map((model: { name: string }) => model.name),
        labels: { inequality: 'Military inequality', 'log(troops)': 'Troops (log)' },
        title: 'Mass desertion: three logits',
      },
    ),
    'model-plot-odds-ratios': modelPlot(threeModels, {
      exponentiate: true,
      terms: ['log(troops)', 'regimeautocracy', 'regimedemocracy', 'initiator'],
      width: 360,
    }),
    'odds-ratio-lyall-wald': oddsRatioPlot(lyall, { interval: 'wald', width: 360 }),
    'hazard-ratio-cox-veteran': oddsRatioPlot(referenceCase('cox-veteran-factor').expected, {
      xTitle: 'Hazard ratio (95% Wald interval)',
    }),
    'marginal-effects-lyall': marginalEffectsPlot(marginsResults().ame, {
      title: 'Average marginal effects on mass desertion',
      labels: { inequality: 'Military inequality', troops: 'Troops' },
    }),
    'marginal-effects-by-regime': marginalEffectsPlot(marginsResults().atValues),
    'prediction-grid-lyall': predictedProbabilityPlot(marginsResults().predictions, {
      xTitle: 'Military inequality',
      groupTitle: 'Regime',
      title: 'Predicted probability of mass desertion',
    }),
    'predicted-probability-regime': predictedProbabilityPlot(predictionGrid(), {
      x: 'inequality',
      group: 'regime',
      xTitle: 'Military inequality',
      title: 'Predicted probability of mass desertion',
    }),
    'kaplan-meier-lung-sex': kaplanMeierPlot(referenceCase('km-lung-sex').expected, {
      groupTitle: 'Sex',
      title: 'Survival by sex (lung)',
    }),
    'kaplan-meier-veteran': kaplanMeierPlot(referenceCase('km-veteran-all-loglog').expected, {
      riskTimes: [0, 250, 500, 750, 1000],
      xTitle: 'Days',
    }),
    'cumulative-incidence-mgus2': cumulativeIncidencePlot(
      referenceCase('cuminc-mgus2-sex').expected,
      {
        groupTitle: 'Sex',
        bands: true,
        xTitle: 'Months',
      },
    ),
    'lag-backproject': lagSeriesPlot(
      {
        observed: { name: 'Convictions', start: backproject.start, values: backproject.counts },
        series: [
          { name: 'Offences (back-projected, k = 2)', start: backproject.start, values: lambda },
        ],
      },
      {
        title: 'Back-projection of convictions',
        shade: { start: '2023-07', end: '2023-12', label: 'cases in the pipeline' },
      },
    ),
    'lag-reconstruction-periods': lagSeriesPlot(
      {
        observed: {
          name: 'Published figures (per month)',
          periods: [
            { start: '2022-01-01', end: '2022-12-31', total: 1200, qualifier: 'exact' },
            { start: '2023-01', end: '2023-06', count: 1500, qualifier: 'approximate' },
            { start: '2023-07-01', end: '2023-11-15', total: 2600, qualifier: 'lower_bound' },
            { start: '2024-01', end: '2024-01', count: 520 },
          ],
        },
        series: [
          {
            name: 'Reconstructed monthly series',
            months: months(2022 * 12, 25),
            values: months(0, 25).map((_, i) => 60 + 18 * i),
            lower: months(0, 25).map((_, i) => 50 + 15 * i),
            upper: months(0, 25).map((_, i) => 72 + 21 * i),
          },
        ],
      },
      { yTitle: 'Offences per month' },
    ),
    'love-plot-matching': lovePlot(
      {
        all: [
          { term: 'distance', stdMeanDiff: 0.701, varRatio: 1.151 },
          { term: 'log(troops)', stdMeanDiff: 0.132, varRatio: 0.78 },
          { term: 'regimeanocracy', stdMeanDiff: -0.327, varRatio: null },
          { term: 'regimeautocracy', stdMeanDiff: 0.552, varRatio: null },
          { term: 'regimedemocracy', stdMeanDiff: -0.37, varRatio: null },
          { term: 'initiator', stdMeanDiff: -0.174, varRatio: null },
          { term: 'duration', stdMeanDiff: 0.342, varRatio: 1.31 },
        ],
        matched: [
          { term: 'distance', stdMeanDiff: 0.095, varRatio: 1.13 },
          { term: 'log(troops)', stdMeanDiff: 0.095, varRatio: 0.81 },
          { term: 'regimeanocracy', stdMeanDiff: -0.169, varRatio: null },
          { term: 'regimeautocracy', stdMeanDiff: 0.069, varRatio: null },
          { term: 'regimedemocracy', stdMeanDiff: 0.052, varRatio: null },
          { term: 'initiator', stdMeanDiff: -0.067, varRatio: null },
          { term: 'duration', stdMeanDiff: 0.013, varRatio: 1.06 },
        ],
      },
      { title: 'Covariate balance', labels: { distance: 'Propensity score' } },
    ),
    'time-series-monthly': timeSeriesPlot(
      months(2021 * 12, 36).map((time, i) => ({
        time,
        value: lambda[i],
        lower: lambda[i] * 0.85,
        upper: lambda[i] * 1.15,
        series: 'EMS estimate',
      })),
      { yTitle: 'Offences', seriesTitle: null },
    ),
  };
}
