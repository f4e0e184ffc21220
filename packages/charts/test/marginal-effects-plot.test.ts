import { InvalidArgumentError } from '@muster/core';
import { describe, expect, it } from 'vitest';
import { marginalEffectsPlot, predictedProbabilityPlot } from '../src/index.ts';
import { marginsResults } from './helpers/fixtures.ts';
import { schemaErrors } from './helpers/vega.ts';

// biome-ignore lint/suspicious/noExplicitAny: specs are plain JSON
type Json = any;

describe('marginalEffectsPlot', () => {
  it('marginalEffectsPlot example: slopes by their term, contrasts with their levels', () => {
    const spec: Json = marginalEffectsPlot({
      family: 'binomial',
      confLevel: 0.95,
      grid: null,
      effects: [
        {
          term: 'inequality',
          contrast: 'dY/dX',
          estimate: 0.627,
          lower: 0.425,
          upper: 0.829,
          gridRow: null,
        },
        {
          term: 'regime',
          contrast: 'autocracy - anocracy',
          estimate: 0.026,
          lower: -0.056,
          upper: 0.108,
          gridRow: null,
        },
      ],
    });
    expect(spec.data.values.map((row: Json) => row.label)).toEqual([
      'inequality',
      'regime: autocracy - anocracy',
    ]);
  });

  it("marginalEffectsPlot(marginalEffects(...)) draws each effect's own interval, in the result's order", () => {
    const { ame } = marginsResults();
    const spec: Json = marginalEffectsPlot(ame, { labels: { inequality: 'Military inequality' } });
    expect(schemaErrors(spec)).toEqual([]);
    expect(
      spec.data.values.map((row: Json) => [row.label, row.estimate, row.lower, row.upper]),
    ).toEqual(
      ame.effects.map((e: Json) => [
        e.term === 'inequality'
          ? e.contrast === 'dY/dX'
            ? 'Military inequality'
            : `Military inequality: ${e.contrast}`
          : e.contrast === 'dY/dX'
            ? e.term
            : `${e.term}: ${e.contrast}`,
        e.estimate,
        e.lower,
        e.upper,
      ]),
    );
    const x = spec.layer[2].encoding.x;
    expect(x.title).toBe('Effect on the probability (95% interval)');
    expect(spec.layer[0].encoding.x.datum).toBe(0);
    // Whole labels: Vega's measure in Node would cut long contrast labels at the default limit.
    expect(spec.layer[1].encoding.y.axis.labelLimit).toBe(0);
  });

  it('marginalEffectsPlot names the grid values of effects at representative values', () => {
    const spec: Json = marginalEffectsPlot(marginsResults().atValues);
    expect(spec.data.values.map((row: Json) => row.label)).toEqual([
      'inequality (regime = anocracy)',
      'inequality (regime = autocracy)',
      'inequality (regime = democracy)',
    ]);
  });

  it('marginalEffectsPlot keeps the terms asked for, says "mean" for other families and refuses bad input', () => {
    const { ame } = marginsResults();
    const spec: Json = marginalEffectsPlot(
      { ...ame, family: 'poisson', confLevel: 0.9 },
      { terms: ['regime', 'inequality'] },
    );
    expect(spec.data.values.map((row: Json) => row.label)).toEqual([
      'regime: autocracy - anocracy',
      'regime: democracy - anocracy',
      'inequality',
      'inequality: 0.5 - 0',
    ]);
    expect(spec.layer[2].encoding.x.title).toBe('Effect on the mean (90% interval)');
    expect(() => marginalEffectsPlot({ ...ame, effects: undefined })).toThrow(InvalidArgumentError);
    expect(() => marginalEffectsPlot(ame, { terms: ['war'] })).toThrow(
      /requires terms present in the result \(inequality, troops, regime, initiator\); received "war"/,
    );
  });
});

describe('predictedProbabilityPlot of a predictionGrid result', () => {
  it('predictedProbabilityPlot(predictionGrid(...)) puts the first grid variable on x and groups by the second', () => {
    const { predictions } = marginsResults();
    const spec: Json = predictedProbabilityPlot(predictions);
    expect(schemaErrors(spec)).toEqual([]);
    expect(spec.data.values.length).toBe(42);
    const first = predictions.predictions[0];
    expect(spec.data.values[0]).toEqual({
      x: 0,
      y: first.estimate,
      lower: first.lower,
      upper: first.upper,
      group: 'autocracy',
    });
    expect(spec.layer[1].encoding.x.title).toBe('inequality');
    expect(spec.layer[1].encoding.color.title).toBe('regime');
  });
});
