import { InvalidArgumentError } from '@muster/core';
import { describe, expect, it } from 'vitest';
import { kaplanMeierPlot, numberAtRisk } from '../src/index.ts';
import { referenceCase, rReference } from './helpers/fixtures.ts';
import { schemaErrors } from './helpers/vega.ts';

// biome-ignore lint/suspicious/noExplicitAny: specs are plain JSON
type Json = any;
const lung = referenceCase('km-lung-sex').expected;
const veteran = referenceCase('km-veteran-all-loglog').expected;

describe('kaplanMeierPlot', () => {
  it('kaplanMeierPlot draws step-after curves that start at S = 1 at time 0', () => {
    const spec: Json = kaplanMeierPlot(lung);
    const [plot] = spec.vconcat;
    const line = plot.layer.find((l: Json) => l.mark.type === 'line');
    expect(line.mark.interpolate).toBe('step-after');
    expect(line.encoding.order).toEqual({ field: 'order', type: 'quantitative' });
    const curve = spec.datasets.curve as Json[];
    for (const stratum of lung.strata) {
      const rows = curve.filter((r) => r.group === stratum.group);
      expect(rows[0]).toMatchObject({ time: 0, surv: 1, order: 0 });
      expect(rows.slice(1).map((r) => [r.time, r.surv])).toEqual(
        stratum.table.map((r: Json) => [r.time, r.surv]),
      );
    }
  });

  it('kaplanMeierPlot draws stepped bands (step-after areas) from the rows lower/upper', () => {
    const spec: Json = kaplanMeierPlot(lung);
    const area = spec.vconcat[0].layer[0];
    expect(area.mark).toEqual({ type: 'area', interpolate: 'step-after' });
    expect(area.encoding.y).toEqual({ field: 'lower', type: 'quantitative' });
    expect(area.encoding.y2).toEqual({ field: 'upper' });
    expect(area.encoding.detail).toEqual({ field: 'segment', type: 'nominal' });
    const band = (spec.datasets.band as Json[]).filter((r) => r.group === '1');
    const table = lung.strata[0].table;
    // start row then one row per table row: every bound defined in this stratum
    expect(band.length).toBe(table.length + 1);
    expect(band[5]).toMatchObject({
      time: table[4].time,
      lower: table[4].lower,
      upper: table[4].upper,
    });
  });

  it('kaplanMeierPlot closes the band at the time where R stops giving bounds (S = 0)', () => {
    const spec: Json = kaplanMeierPlot(veteran);
    const table = veteran.strata[0].table;
    const last = table[table.length - 1];
    expect(last.lower).toBeNull();
    const band = spec.datasets.band as Json[];
    const closing = band[band.length - 1];
    const previous = table[table.length - 2];
    // The last defined bounds are carried to the time of the row without bounds.
    expect(closing).toMatchObject({
      time: last.time,
      lower: previous.lower,
      upper: previous.upper,
    });
    expect(band.every((r) => r.segment === 0)).toBe(true);
    const curve = spec.datasets.curve as Json[];
    expect(curve[curve.length - 1]).toMatchObject({ time: last.time, surv: 0, lower: null });
  });

  it('kaplanMeierPlot puts censor ticks at each censored time, at the curve height', () => {
    const spec: Json = kaplanMeierPlot(lung);
    const censor = spec.datasets.censor as Json[];
    const expected = lung.strata.flatMap((s: Json) =>
      s.table
        .filter((r: Json) => r.nCensor > 0)
        .map((r: Json) => ({ group: s.group, time: r.time, surv: r.surv, nCensor: r.nCensor })),
    );
    expect(censor).toEqual(expected);
    const ticks = spec.vconcat[0].layer.find((l: Json) => l.data.name === 'censor');
    expect(ticks.mark).toMatchObject({ type: 'point', filled: false });
    expect((kaplanMeierPlot(lung, { censorTicks: false }) as Json).vconcat[0].layer.length).toBe(2);
  });

  it('kaplanMeierPlot shows the number at risk under the plot at the chosen times (R values)', () => {
    const times = [0, 250, 500, 750, 1000];
    const spec: Json = kaplanMeierPlot(lung, { riskTimes: times });
    const r = rReference.lungNumberAtRisk;
    const expected = r.time
      .map((t: number, i: number) => ({ group: r.group[i], time: t, nRisk: r.nRisk[i] }))
      .filter((row: Json) => times.includes(row.time));
    expect(spec.datasets.risk).toEqual(expected);
    const table = spec.vconcat[1];
    expect(table.mark.type).toBe('text');
    expect(table.encoding.text).toEqual({ field: 'nRisk', type: 'quantitative' });
    expect(table.title.text).toBe('Number at risk');
    // The table shares the plot's x scale domain, and the axis ticks are the risk times.
    const line = spec.vconcat[0].layer[1];
    expect(table.encoding.x.scale).toEqual(line.encoding.x.scale);
    expect(line.encoding.x.axis.values).toEqual(times);
  });

  it('kaplanMeierPlot chooses round risk times by default (0, 200, ..., 1000 for lung)', () => {
    const spec: Json = kaplanMeierPlot(lung);
    expect(spec.vconcat[0].layer[1].encoding.x.axis.values).toEqual([0, 200, 400, 600, 800, 1000]);
    expect(spec.datasets.risk).toEqual(numberAtRisk(lung, [0, 200, 400, 600, 800, 1000]));
    expect(spec.vconcat[0].layer[1].encoding.x.scale.domain).toEqual([0, 1022]);
  });

  it('kaplanMeierPlot without the risk table is a single layered chart', () => {
    const spec: Json = kaplanMeierPlot(lung, { riskTable: false, bands: false, width: 500 });
    expect(spec.vconcat).toBeUndefined();
    expect(spec.layer.map((l: Json) => l.mark.type)).toEqual(['line', 'point']);
    expect(spec.width).toBe(500);
    expect(spec.datasets.risk).toBeUndefined();
    expect(schemaErrors(spec)).toEqual([]);
  });

  it('kaplanMeierPlot hides the legend for a single curve and shows it for groups', () => {
    const one: Json = kaplanMeierPlot(veteran);
    expect(one.vconcat[0].layer[1].encoding.color.legend).toBeNull();
    const two: Json = kaplanMeierPlot(lung, { groupTitle: 'sex' });
    expect(two.vconcat[0].layer[1].encoding.color).toMatchObject({
      title: 'sex',
      scale: { domain: ['1', '2'] },
      legend: { symbolType: 'stroke' },
    });
  });

  it('kaplanMeierPlot rejects bad input with typed errors', () => {
    expect(() => kaplanMeierPlot({ strata: [] })).toThrow(InvalidArgumentError);
    expect(() => kaplanMeierPlot(lung, { riskTimes: [-5] })).toThrow(
      'kaplanMeierPlot requires riskTimes at or after startTime 0; received [-5]',
    );
    expect(() => kaplanMeierPlot(lung, { startTime: 20 })).toThrow(
      'kaplanMeierPlot requires startTime at or before the first time (5); received 20',
    );
    const bad = {
      strata: [
        { group: 'a', table: [{ time: 1, nRisk: 2, nEvent: 1, nCensor: 0, surv: Number.NaN }] },
      ],
    };
    expect(() => kaplanMeierPlot(bad)).toThrow(
      'kaplanMeierPlot requires a finite surv in every row; received NaN in row 1 of group "a"',
    );
    expect(() => kaplanMeierPlot({ strata: [lung.strata[0], lung.strata[0]] })).toThrow(
      'kaplanMeierPlot requires distinct group names; received "1" twice',
    );
  });
});
