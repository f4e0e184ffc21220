import { InvalidArgumentError } from '@muster/core';
import { describe, expect, it } from 'vitest';
import { lagSeriesPlot, musterPalette } from '../src/index.ts';
import { referenceCase } from './helpers/fixtures.ts';
import { schemaErrors } from './helpers/vega.ts';

// biome-ignore lint/suspicious/noExplicitAny: specs are plain JSON
type Json = any;
const bp = referenceCase('backproject-convictions-k2');

function backprojection(extra: Record<string, unknown> = {}) {
  return {
    observed: { name: 'Convictions', start: bp.start, values: bp.counts },
    series: [{ name: 'Offences', start: bp.start, values: bp.expected.lambda, ...extra }],
  };
}

describe('lagSeriesPlot', () => {
  it('lagSeriesPlot(backproject) draws observed counts as monthly bars and lambda as a line', () => {
    const spec: Json = lagSeriesPlot(backprojection());
    const observed = spec.datasets.observed as Json[];
    expect(observed.length).toBe(36);
    expect(observed[0]).toEqual({
      name: 'Convictions',
      month: '2021-01',
      date: '2021-01-01',
      value: 45,
    });
    expect(observed[35]).toMatchObject({ month: '2023-12', value: 590 });
    const series = spec.datasets.series as Json[];
    expect(series.map((r) => r.value)).toEqual(bp.expected.lambda);
    expect(series[12]).toMatchObject({ month: '2022-01', date: '2022-01-01' });
    const [bars, line] = spec.layer;
    expect(bars.mark.type).toBe('bar');
    expect(bars.encoding.x).toMatchObject({
      timeUnit: 'utcyearmonth',
      type: 'temporal',
      scale: { type: 'utc' },
    });
    expect(line.mark.type).toBe('line');
    expect(line.encoding.x).toMatchObject({ timeUnit: 'utcyearmonth', bandPosition: 0.5 });
    expect(line.encoding.color.scale).toEqual({
      domain: ['Convictions', 'Offences'],
      range: ['#bdbdbd', musterPalette[0]],
    });
  });

  it('lagSeriesPlot draws interval ribbons from lower/upper', () => {
    const lower = bp.expected.lambda.map((v: number) => v * 0.9);
    const upper = bp.expected.lambda.map((v: number) => v * 1.1);
    const spec: Json = lagSeriesPlot(backprojection({ lower, upper }));
    const ribbon = spec.layer.find((l: Json) => l.mark.type === 'area');
    expect(ribbon.encoding.y.field).toBe('lower');
    expect(ribbon.encoding.y2).toEqual({ field: 'upper' });
    expect(spec.datasets.series[3]).toMatchObject({ lower: lower[3], upper: upper[3] });
    expect(
      (lagSeriesPlot(backprojection({ lower, upper }), { bands: false }) as Json).layer.some(
        (l: Json) => l.mark.type === 'area',
      ),
    ).toBe(false);
    expect(schemaErrors(spec)).toEqual([]);
  });

  it('lagSeriesPlot draws counts over irregular periods at their monthly average', () => {
    const spec: Json = lagSeriesPlot({
      observed: {
        name: 'Published',
        periods: [
          { start: '2022-01', end: '2022-12', count: 1200 },
          { start: '2023-01', end: '2023-06', count: 1500 },
          { start: '2023-07', end: '2023-07', count: 700 },
        ],
      },
      series: [],
    });
    expect(spec.datasets.periods.map((p: Json) => [p.from, p.to, p.months, p.perMonth])).toEqual([
      ['2022-01-01', '2023-01-01', 12, 100],
      ['2023-01-01', '2023-07-01', 6, 250],
      ['2023-07-01', '2023-08-01', 1, 700],
    ]);
    const rect = spec.layer[0];
    expect(rect.mark.type).toBe('rect');
    expect(rect.encoding.x2).toEqual({ field: 'to' });
    expect(rect.encoding.y.field).toBe('perMonth');
    expect(schemaErrors(spec)).toEqual([]);
  });

  it('lagSeriesPlot shades a range of months and can show observed counts as points', () => {
    const spec: Json = lagSeriesPlot(backprojection(), {
      shade: { start: '2023-10', end: '2023-12', label: 'nowcast' },
      observedMark: 'point',
    });
    expect(spec.layer[0].data.values).toEqual([
      { from: '2023-10-01', to: '2024-01-01', label: 'nowcast' },
    ]);
    expect(spec.layer[1].mark.type).toBe('text');
    expect(spec.layer[2].mark.type).toBe('point');
    expect(spec.layer[2].encoding.x.bandPosition).toBe(0.5);
    expect(schemaErrors(spec)).toEqual([]);
  });

  it('lagSeriesPlot skips missing months', () => {
    const spec: Json = lagSeriesPlot({
      series: [{ name: 'Pipeline', start: '2024-11', values: [3, null, 5] }],
    });
    expect(spec.datasets.series.map((r: Json) => r.month)).toEqual(['2024-11', '2025-01']);
  });

  it('lagSeriesPlot rejects malformed months, mismatched bounds and duplicate names', () => {
    expect(() => lagSeriesPlot({ series: [{ name: 'a', start: '2021-1', values: [1] }] })).toThrow(
      'lagSeriesPlot requires input.series.start to be a month written YYYY-MM; received "2021-1"',
    );
    expect(() =>
      lagSeriesPlot({ series: [{ name: 'a', start: '2021-01', values: [1, 2], lower: [1] }] }),
    ).toThrow(
      'lagSeriesPlot requires input.series.lower to have one entry per value (2); received 1',
    );
    expect(() =>
      lagSeriesPlot({
        observed: { name: 'a', start: '2021-01', values: [1] },
        series: [{ name: 'a', start: '2021-01', values: [1] }],
      }),
    ).toThrow('lagSeriesPlot requires distinct series names; received "a" twice');
    expect(() => lagSeriesPlot({ series: [] })).toThrow(InvalidArgumentError);
    expect(() =>
      lagSeriesPlot({
        observed: { name: 'p', periods: [{ start: '2022-06', end: '2022-01', count: 3 }] },
        series: [],
      }),
    ).toThrow(/requires each period to end at or after its start/);
  });
});
