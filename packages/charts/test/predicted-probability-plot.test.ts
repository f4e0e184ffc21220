import { InvalidArgumentError } from '@muster/core';
import { describe, expect, it } from 'vitest';
import { predictedProbabilityPlot } from '../src/index.ts';
import { predictionGrid } from './examples.ts';
import { schemaErrors } from './helpers/vega.ts';

// biome-ignore lint/suspicious/noExplicitAny: specs are plain JSON
type Json = any;

describe('predictedProbabilityPlot', () => {
  it('predictedProbabilityPlot draws the band from lower/upper under the fitted curve', () => {
    const rows = [
      { x: 1, fit: 0.5, lower: 0.4, upper: 0.6 },
      { x: 0, fit: 0.2, lower: 0.1, upper: 0.3 },
    ];
    const spec: Json = predictedProbabilityPlot(rows);
    // Sorted by x; values copied exactly.
    expect(spec.data.values).toEqual([
      { x: 0, y: 0.2, lower: 0.1, upper: 0.3, group: null },
      { x: 1, y: 0.5, lower: 0.4, upper: 0.6, group: null },
    ]);
    const [area, line] = spec.layer;
    expect(area.mark.type).toBe('area');
    expect(area.encoding.y).toEqual({ field: 'lower', type: 'quantitative' });
    expect(area.encoding.y2).toEqual({ field: 'upper' });
    expect(line.mark.type).toBe('line');
    expect(line.encoding.y).toMatchObject({
      field: 'y',
      scale: { domain: [0, 1] },
      axis: { format: '~%' },
    });
    expect(line.encoding.color).toBeUndefined();
  });

  it('predictedProbabilityPlot draws one curve per group, named by the x and group options', () => {
    const spec: Json = predictedProbabilityPlot(predictionGrid(), {
      x: 'inequality',
      group: 'regime',
    });
    expect(spec.layer[1].encoding.color).toMatchObject({
      field: 'group',
      title: 'regime',
      scale: { domain: ['autocracy', 'democracy'] },
    });
    expect(spec.layer[1].encoding.x.title).toBe('inequality');
    expect(schemaErrors(spec)).toEqual([]);
  });

  it('predictedProbabilityPlot leaves rows without bounds out of the band only', () => {
    const spec: Json = predictedProbabilityPlot([
      { x: 0, fit: 0.2, lower: null, upper: 0.3 },
      { x: 1, fit: 0.5 },
    ]);
    expect(spec.data.values.map((r: Json) => [r.lower, r.upper])).toEqual([
      [null, null],
      [null, null],
    ]);
    expect(spec.layer.length).toBe(1);
    expect(
      (
        predictedProbabilityPlot([{ x: 0, fit: 0.2, lower: 0.1, upper: 0.3 }], {
          band: false,
        }) as Json
      ).layer.length,
    ).toBe(1);
  });

  it('predictedProbabilityPlot rejects empty tables and non-finite values', () => {
    expect(() => predictedProbabilityPlot([])).toThrow(InvalidArgumentError);
    expect(() => predictedProbabilityPlot([{ x: 0, fit: Number.NaN }])).toThrow(
      'predictedProbabilityPlot requires a finite fit in every row; received NaN in row 1',
    );
    expect(() =>
      predictedProbabilityPlot([{ fit: 0.1, inequality: 'high' }], { x: 'inequality' }),
    ).toThrow(
      'predictedProbabilityPlot requires a finite inequality in every row; received "high" in row 1',
    );
  });
});
