import { InvalidArgumentError } from '@muster/core';
import { describe, expect, it } from 'vitest';
import { lovePlot } from '../src/index.ts';
import { compile, schemaErrors } from './helpers/vega.ts';

// biome-ignore lint/suspicious/noExplicitAny: specs are plain JSON
type Json = any;

const balance = {
  all: [
    { term: 'distance', stdMeanDiff: 0.7, varRatio: 1.15, ecdfMax: 0.33 },
    { term: 'age', stdMeanDiff: -0.4, varRatio: 0.5, ecdfMax: 0.2 },
    { term: 'male', stdMeanDiff: 0.05, varRatio: null, ecdfMax: 0.05 },
  ],
  matched: [
    { term: 'distance', stdMeanDiff: 0.1, varRatio: 1.1, ecdfMax: 0.1 },
    { term: 'age', stdMeanDiff: 0.02, varRatio: 0.9, ecdfMax: 0.05 },
    { term: 'male', stdMeanDiff: -0.01, varRatio: null, ecdfMax: 0.01 },
  ],
};

describe('lovePlot', () => {
  it('lovePlot draws absolute standardised differences before and after with a 0.1 threshold', () => {
    const spec: Json = lovePlot(balance);
    expect(schemaErrors(spec)).toEqual([]);
    expect(compile(spec).warnings).toEqual([]);
    expect(spec.data.values.filter((r: Json) => r.term === 'age')).toEqual([
      { term: 'age', label: 'age', sample: 'All data', value: 0.4 },
      { term: 'age', label: 'age', sample: 'Matched data', value: 0.02 },
    ]);
    expect(spec.layer[1].data.values).toEqual([{ x: 0.1 }]);
    expect(spec.layer[3].encoding.y.sort).toEqual(['distance', 'age', 'male']);
    expect(spec.layer[3].encoding.x.title).toBe('Absolute standardized mean difference');
  });

  it('lovePlot of signed differences draws thresholds on both sides; order unadjusted sorts by the all-data value', () => {
    const spec: Json = lovePlot(balance, { absolute: false, order: 'unadjusted', distance: false });
    expect(spec.layer[1].data.values).toEqual([{ x: 0.1 }, { x: -0.1 }]);
    expect(spec.layer[3].encoding.y.sort).toEqual(['age', 'male']);
    expect(schemaErrors(spec)).toEqual([]);
  });

  it('lovePlot of variance ratios leaves out binary rows and draws the line at 1 and the threshold 2', () => {
    const spec: Json = lovePlot(balance, { statistic: 'varRatio' });
    expect(spec.layer[3].encoding.y.sort).toEqual(['distance', 'age']);
    expect(spec.layer[0].encoding.x.datum).toBe(1);
    expect(spec.layer[1].data.values).toEqual([{ x: 2 }]);
    expect(schemaErrors(spec)).toEqual([]);
  });

  it('lovePlot rejects tables whose terms differ and unknown statistics', () => {
    expect(() => lovePlot({ all: balance.all, matched: balance.matched.slice(1) })).toThrow(
      'lovePlot requires the same terms in balance.all and balance.matched',
    );
    expect(() => lovePlot(balance, { statistic: 'mean' as never })).toThrow(InvalidArgumentError);
  });
});
