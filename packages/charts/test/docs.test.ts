/** The @example blocks of the TSDoc and the README, run: each output is what the docs print. */
import { describe, expect, it } from 'vitest';
import {
  applyTheme,
  coefficientPlot,
  cumulativeIncidencePlot,
  kaplanMeierPlot,
  lagSeriesPlot,
  lovePlot,
  musterPalette,
  musterTheme,
  numberAtRisk,
  oddsRatioPlot,
  predictedProbabilityPlot,
  timeSeriesPlot,
} from '../src/index.ts';
import { referenceCase } from './helpers/fixtures.ts';

// biome-ignore lint/suspicious/noExplicitAny: specs are plain JSON
type Json = any;

describe('documented examples', () => {
  it('coefficientPlot example', () => {
    const spec: Json = coefficientPlot({
      coefficients: [
        { term: '(Intercept)', estimate: -7.96, lower: -11.4, upper: -4.5 },
        { term: 'inequality', estimate: 7.81, lower: 5.37, upper: 10.25 },
      ],
    });
    expect(spec.data.values.map((row: Json) => [row.term, row.lower, row.upper])).toEqual([
      ['inequality', 5.37, 10.25],
    ]);
  });

  it('lovePlot example', () => {
    const spec: Json = lovePlot({
      all: [
        { term: 'age', stdMeanDiff: -0.4 },
        { term: 'male', stdMeanDiff: 0.2 },
      ],
      matched: [
        { term: 'age', stdMeanDiff: 0.05 },
        { term: 'male', stdMeanDiff: -0.01 },
      ],
    });
    expect(spec.data.values.map((row: Json) => [row.term, row.sample, row.value])).toEqual([
      ['age', 'All data', 0.4],
      ['age', 'Matched data', 0.05],
      ['male', 'All data', 0.2],
      ['male', 'Matched data', 0.01],
    ]);
  });

  it('oddsRatioPlot example', () => {
    const spec: Json = oddsRatioPlot({
      coefficients: [
        { term: 'inequality', estimate: Math.log(2), profileLower: 0, profileUpper: Math.log(4) },
      ],
    });
    expect([spec.data.values[0].estimate, spec.layer[2].encoding.x.scale.type]).toEqual([2, 'log']);
  });

  it('kaplanMeierPlot example', () => {
    const fit = referenceCase('km-lung-sex').expected;
    const spec: Json = kaplanMeierPlot(fit, {
      riskTimes: [0, 250, 500, 750, 1000],
      groupTitle: 'sex',
    });
    expect(spec.datasets.risk.slice(0, 2)).toEqual([
      { group: '1', time: 0, nRisk: 138 },
      { group: '1', time: 250, nRisk: 62 },
    ]);
  });

  it('numberAtRisk example', () => {
    const rows = numberAtRisk(
      {
        strata: [
          {
            group: 'all',
            table: [
              { time: 2, nRisk: 5, nEvent: 1, nCensor: 0, surv: 0.8 },
              { time: 4, nRisk: 3, nEvent: 0, nCensor: 1, surv: 0.8 },
            ],
          },
        ],
      },
      [0, 3, 5],
    );
    expect(rows).toEqual([
      { group: 'all', time: 0, nRisk: 5 },
      { group: 'all', time: 3, nRisk: 3 },
      { group: 'all', time: 5, nRisk: 0 },
    ]);
  });

  it('cumulativeIncidencePlot example', () => {
    const fit = referenceCase('cuminc-mgus2-sex').expected;
    const spec: Json = cumulativeIncidencePlot(fit, { groupTitle: 'sex', bands: true });
    expect(
      spec.data.values.filter((row: Json) => row.group === 'F' && row.cause === 'pcm').slice(0, 2),
    ).toEqual([
      { group: 'F', cause: 'pcm', time: 0, cif: 0, order: 0 },
      { group: 'F', cause: 'pcm', time: 1, cif: 0, order: 1 },
    ]);
  });

  it('predictedProbabilityPlot example', () => {
    const spec: Json = predictedProbabilityPlot(
      [0, 0.5, 1].map((inequality) => ({
        inequality,
        fit: 0.1 + 0.5 * inequality,
        lower: 0.05 + 0.4 * inequality,
        upper: 0.2 + 0.55 * inequality,
      })),
      { x: 'inequality', xTitle: 'Military inequality' },
    );
    expect(spec.data.values[2]).toEqual({ x: 1, y: 0.6, lower: 0.45, upper: 0.75, group: null });
  });

  it('timeSeriesPlot example', () => {
    const spec: Json = timeSeriesPlot([
      { time: '2023-01', value: 12, lower: 8, upper: 17 },
      { time: '2023-02', value: 15, lower: 10, upper: 21 },
    ]);
    expect(spec.layer[1].encoding.x.scale.type).toBe('utc');
  });

  it('lagSeriesPlot example', () => {
    const spec: Json = lagSeriesPlot({
      observed: { name: 'Convictions', start: '2021-01', values: [45, 48, 52] },
      series: [{ name: 'Offences', start: '2021-01', values: [210.9, 136.4, 63.9] }],
    });
    expect(spec.datasets.series[0]).toEqual({
      name: 'Offences',
      month: '2021-01',
      date: '2021-01-01',
      value: 210.9,
      lower: null,
      upper: null,
      segment: 'Offences 1',
      interval: 'interval',
    });
  });

  it('theme examples', () => {
    expect(musterPalette[0]).toBe('#0072B2');
    expect(musterTheme.font).toBe('sans-serif');
    const spec: Json = applyTheme({
      $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
      mark: 'point',
      config: { font: 'serif' },
    });
    expect([spec.config.font, spec.config.range.category[0]]).toEqual(['serif', '#0072B2']);
  });
});
