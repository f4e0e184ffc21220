import { InvalidArgumentError } from '@muster/core';
import { describe, expect, it } from 'vitest';
import { timeSeriesPlot } from '../src/index.ts';
import { schemaErrors } from './helpers/vega.ts';

// biome-ignore lint/suspicious/noExplicitAny: specs are plain JSON
type Json = any;

describe('timeSeriesPlot', () => {
  it('timeSeriesPlot with ISO dates uses a UTC time scale', () => {
    const spec: Json = timeSeriesPlot([
      { time: '2023-01', value: 12, lower: 8, upper: 17 },
      { time: '2023-02-15', value: 15 },
    ]);
    const line = spec.layer[1];
    expect(line.encoding.x).toMatchObject({ field: 'x', type: 'temporal', scale: { type: 'utc' } });
    expect(spec.layer[0].transform).toEqual([
      { filter: 'isValid(datum.lower) && isValid(datum.upper)' },
    ]);
    expect(schemaErrors(spec)).toEqual([]);
  });

  it('timeSeriesPlot with numeric times uses a quantitative axis and one line per series', () => {
    const spec: Json = timeSeriesPlot(
      [
        { time: 0, value: 1, series: 'a' },
        { time: 1, value: 2, series: 'a' },
        { time: 0, value: 3, series: 'b' },
      ],
      { seriesTitle: 'Model', zero: false, points: true },
    );
    expect(spec.layer.length).toBe(1);
    const line = spec.layer[0];
    expect(line.mark).toEqual({ type: 'line', point: true });
    expect(line.encoding.x.type).toBe('quantitative');
    expect(line.encoding.y.scale).toEqual({ zero: false });
    expect(line.encoding.color).toMatchObject({
      field: 'group',
      title: 'Model',
      scale: { domain: ['a', 'b'] },
    });
  });

  it('timeSeriesPlot rejects mixed times and local date-times that would depend on the time zone', () => {
    expect(() =>
      timeSeriesPlot([
        { time: 1, value: 1 },
        { time: '2023-01', value: 2 },
      ]),
    ).toThrow(
      'timeSeriesPlot requires every time to be a finite number, as in the first row; received "2023-01" in row 2',
    );
    expect(() => timeSeriesPlot([{ time: '2023-01-01T10:00', value: 1 }])).toThrow(
      InvalidArgumentError,
    );
    expect(() => timeSeriesPlot([{ time: '2023-13', value: 1 }])).toThrow(/ISO 8601 date/);
    expect(timeSeriesPlot([{ time: '2023-01-01T10:00Z', value: 1 }]).layer).toHaveLength(1);
  });
});
