import { InvalidArgumentError } from '@muster/core';
import { expectClose } from '@muster/test-support';
import { describe, expect, it } from 'vitest';
import { cumulativeIncidencePlot } from '../src/index.ts';
import { referenceCase, rReference } from './helpers/fixtures.ts';
import { schemaErrors } from './helpers/vega.ts';

// biome-ignore lint/suspicious/noExplicitAny: specs are plain JSON
type Json = any;
const mgus = referenceCase('cuminc-mgus2-sex').expected;

/** Value of a step function (rows ascending by time) at t: the last row at or before t. */
function stepAt(rows: Json[], t: number): Json | undefined {
  let found: Json | undefined;
  for (const row of rows) if (row.time <= t) found = row;
  return found;
}

describe('cumulativeIncidencePlot', () => {
  it('cumulativeIncidencePlot draws one step-after curve per cause and group, starting at 0', () => {
    const spec: Json = cumulativeIncidencePlot(mgus);
    const line = spec.layer[0];
    expect(line.mark).toEqual({ type: 'line', interpolate: 'step-after' });
    expect(line.encoding.color).toMatchObject({
      field: 'cause',
      scale: { domain: ['pcm', 'death'] },
    });
    expect(line.encoding.strokeDash).toMatchObject({
      field: 'group',
      scale: { domain: ['F', 'M'] },
    });
    const rows = spec.data.values as Json[];
    for (const stratum of mgus.strata) {
      for (const cause of ['pcm', 'death']) {
        const curve = rows.filter((r) => r.group === stratum.group && r.cause === cause);
        expect(curve[0]).toMatchObject({ time: 0, cif: 0 });
        expect(curve.slice(1).map((r) => r.cif)).toEqual(
          stratum.table.map((r: Json) => r.cif[cause]),
        );
      }
    }
  });

  it('cumulativeIncidencePlot has no bands unless asked', () => {
    expect((cumulativeIncidencePlot(mgus) as Json).layer.length).toBe(1);
  });

  for (const confType of ['log', 'plain', 'log-log'] as const) {
    it(`cumulativeIncidencePlot bands (confType '${confType}') equal R survfit's multi-state lower/upper`, () => {
      const spec: Json = cumulativeIncidencePlot(mgus, { bands: true, confType });
      const area = spec.layer[0];
      expect(area.mark).toEqual({ type: 'area', interpolate: 'step-after' });
      const band = area.data.values as Json[];
      const r = rReference.mgus2CumincLimits[confType];
      r.time.forEach((t: number, i: number) => {
        for (const cause of ['pcm', 'death']) {
          const rows = band.filter((b) => b.group === r.group[i] && b.cause === cause);
          const row = stepAt(rows, t);
          const lower = r[`${cause}Lower`][i];
          const upper = r[`${cause}Upper`][i];
          if (lower === null) {
            // R gives NA (F = 0 on the log scales): no band yet at this time.
            expect(row).toBeUndefined();
          } else {
            // tolerance: the reference README's rtol 1e-6
            expectClose(
              row.lower,
              lower,
              { rtol: 1e-6, atol: 1e-10 },
              `${cause} ${r.group[i]} t=${t} lower`,
            );
            expectClose(
              row.upper,
              upper,
              { rtol: 1e-6, atol: 1e-10 },
              `${cause} ${r.group[i]} t=${t} upper`,
            );
          }
        }
      });
      expect(schemaErrors(spec)).toEqual([]);
    });
  }

  it('cumulativeIncidencePlot uses bounds carried by the result when present', () => {
    const result = {
      strata: [
        {
          group: 'all',
          table: [
            { time: 1, cif: { a: 0.1 }, lower: { a: 0.05 }, upper: { a: 0.2 } },
            { time: 2, cif: { a: 0.3 }, lower: { a: 0.2 }, upper: { a: 0.45 } },
          ],
        },
      ],
    };
    const spec: Json = cumulativeIncidencePlot(result, { bands: true });
    expect(spec.layer[0].data.values.map((r: Json) => [r.time, r.lower, r.upper])).toEqual([
      [1, 0.05, 0.2],
      [2, 0.2, 0.45],
    ]);
  });

  it('cumulativeIncidencePlot colours groups when one cause is drawn', () => {
    const spec: Json = cumulativeIncidencePlot(mgus, { causes: ['pcm'], groupTitle: 'sex' });
    expect(spec.layer[0].encoding.color).toMatchObject({ field: 'group', title: 'sex' });
    expect(spec.layer[0].encoding.strokeDash).toBeUndefined();
    expect(new Set(spec.data.values.map((r: Json) => r.cause))).toEqual(new Set(['pcm']));
  });

  it("cumulativeIncidencePlot yDomain 'unit' fixes [0, 1]; 'data' starts at zero", () => {
    expect((cumulativeIncidencePlot(mgus) as Json).layer[0].encoding.y.scale).toEqual({
      domain: [0, 1],
    });
    expect(
      (cumulativeIncidencePlot(mgus, { yDomain: 'data' }) as Json).layer[0].encoding.y.scale,
    ).toEqual({
      zero: true,
    });
  });

  it('cumulativeIncidencePlot labels the single curve of an ungrouped result (group null) all', () => {
    const spec: Json = cumulativeIncidencePlot({ strata: [{ ...mgus.strata[0], group: null }] });
    expect(new Set(spec.data.values.map((r: Json) => r.group))).toEqual(new Set(['all']));
    expect(spec.layer[0].encoding.strokeDash).toBeUndefined();
    expect(() =>
      cumulativeIncidencePlot({ strata: [{ ...mgus.strata[0], group: null }, mgus.strata[1]] }),
    ).toThrow(
      /requires every stratum to have a group name \(a string; null only for a single curve\)/,
    );
  });

  it('cumulativeIncidencePlot rejects unknown causes and bad options', () => {
    expect(() => cumulativeIncidencePlot(mgus, { causes: ['capture'] })).toThrow(
      InvalidArgumentError,
    );
    expect(() => cumulativeIncidencePlot(mgus, { causes: ['capture'] })).toThrow(
      'cumulativeIncidencePlot requires causes present in the result ("pcm", "death"); received "capture"',
    );
    expect(() => cumulativeIncidencePlot(mgus, { confLevel: 95 })).toThrow(
      'cumulativeIncidencePlot requires confLevel to be a number in (0, 1); received 95',
    );
    // biome-ignore lint/suspicious/noExplicitAny: deliberately wrong input
    expect(() => cumulativeIncidencePlot(mgus, { confType: 'arcsin' as any })).toThrow(
      /requires confType to be one of 'plain', 'log', 'log-log'/,
    );
  });
});
