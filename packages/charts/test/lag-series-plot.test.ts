import { InvalidArgumentError } from '@muster/core';
import { expectClose } from '@muster/test-support';
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

  it('lagSeriesPlot breaks a line at a missing month instead of joining its neighbours', () => {
    const spec: Json = lagSeriesPlot({
      series: [
        {
          name: 'Art. 407',
          months: ['2022-08', '2022-09', '2022-10', '2022-11', '2022-12'],
          values: [900, 1100, null, 2300, 2100],
        },
        { name: 'Gapped labels', months: ['2022-08', '2022-09', '2022-11'], values: [1, 2, 3] },
      ],
    });
    const rows = spec.datasets.series as Json[];
    expect(rows.filter((r) => r.name === 'Art. 407').map((r) => r.segment)).toEqual([
      'Art. 407 1',
      'Art. 407 1',
      'Art. 407 2',
      'Art. 407 2',
    ]);
    expect(rows.filter((r) => r.name === 'Gapped labels').map((r) => r.segment)).toEqual([
      'Gapped labels 1',
      'Gapped labels 1',
      'Gapped labels 2',
    ]);
    const line = spec.layer.find((l: Json) => l.mark.type === 'line');
    expect(line.encoding.detail).toEqual({ field: 'segment', type: 'nominal' });
    expect(schemaErrors(spec)).toEqual([]);
  });

  it('lagSeriesPlot draws window bars tallest first, so a low short window stays visible', () => {
    const spec: Json = lagSeriesPlot({
      observed: {
        name: 'Published',
        periods: [
          { start: '2022-01-01', end: '2022-12-31', count: 1001 },
          { id: 'RU12', start: '2022-09-21', end: '2023-04-03', count: 629 } as Json,
          { start: '2023-01-01', end: '2023-06-30', count: 2076 },
        ],
      },
      series: [],
    });
    const bars = spec.layer.find((l: Json) => l.mark.type === 'rect');
    expect(bars.encoding.order).toEqual({ field: 'perMonth', sort: 'descending' });
    expect(spec.datasets.periods[1].id).toBe('RU12');
    expect(schemaErrors(spec)).toEqual([]);
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

  it('lagSeriesPlot takes month labels (a back-projection’s periods) instead of a start month', () => {
    const spec: Json = lagSeriesPlot({
      observed: {
        name: 'Convictions',
        months: ['2021-01', '2021-02', '2021-04'],
        values: [1, 2, 3],
      },
      series: [{ name: 'Offences', months: ['2021-01', '2021-02', '2021-04'], values: [4, 5, 6] }],
    });
    expect(spec.datasets.observed.map((r: Json) => r.date)).toEqual([
      '2021-01-01',
      '2021-02-01',
      '2021-04-01',
    ]);
    expect(spec.datasets.series.map((r: Json) => r.month)).toEqual([
      '2021-01',
      '2021-02',
      '2021-04',
    ]);
    expect(() =>
      lagSeriesPlot({ series: [{ name: 'a', months: ['2021-01'], values: [1, 2] }] }),
    ).toThrow(
      'lagSeriesPlot requires input.series.months to have one label per value (2); received 1',
    );
    expect(() => lagSeriesPlot({ series: [{ name: 'a', values: [1] }] })).toThrow(
      'lagSeriesPlot requires input.series to have a start month or month labels; received neither',
    );
  });

  it('lagSeriesPlot counts months spanned by day-precise windows by the share of days covered', () => {
    const spec: Json = lagSeriesPlot({
      observed: {
        name: 'Figures',
        periods: [
          { start: '2023-06-01', end: '2023-06-15', total: 15 },
          { start: '2024-02-01', end: '2024-02-29', total: 29, qualifier: 'approximate' },
          { start: '2023-01-16', end: '2023-03-31', total: 250, qualifier: 'lower_bound' },
        ],
      },
      series: [],
    });
    const periods = spec.datasets.periods;
    // 15 of June's 30 days; all of February 2024 (a leap year); 16 of 31 days of January + 2 months.
    expect(periods.map((p: Json) => [p.from, p.to])).toEqual([
      ['2023-06-01', '2023-06-16'],
      ['2024-02-01', '2024-03-01'],
      ['2023-01-16', '2023-04-01'],
    ]);
    // tolerance: exact for 0.5 and 1; rtol 1e-15 for 16/31 + 2
    expect(periods[0].months).toBe(0.5);
    expect(periods[1].months).toBe(1);
    expectClose(periods[2].months, 16 / 31 + 2, { rtol: 1e-15, atol: 1e-10 });
    expect(periods[0].perMonth).toBe(30);
    // exact and approximate figures are filled; a lower bound is a dashed outline
    const [filled, outline] = spec.layer;
    expect(filled.transform).toEqual([{ filter: "datum.qualifier !== 'lower_bound'" }]);
    expect(outline.transform).toEqual([{ filter: "datum.qualifier === 'lower_bound'" }]);
    expect(outline.mark).toMatchObject({ strokeDash: [4, 2], fillOpacity: 0.3 });
    expect(schemaErrors(spec)).toEqual([]);
    expect(() =>
      lagSeriesPlot({
        observed: { name: 'p', periods: [{ start: '2023-02-30', end: '2023-03', total: 1 }] },
        series: [],
      }),
    ).toThrow(
      'lagSeriesPlot requires input.observed.periods to be a date written YYYY-MM-DD or a month YYYY-MM; received "2023-02-30"',
    );
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
