import { InvalidArgumentError } from '@muster/core';
import { describe, expect, it } from 'vitest';
import { modelPlot } from '../src/index.ts';
import { referenceCase } from './helpers/fixtures.ts';
import { renderSvg, schemaErrors } from './helpers/vega.ts';

// biome-ignore lint/suspicious/noExplicitAny: specs are plain JSON
type Json = any;
// Three logits computed by R (packages/tables/test/fixtures/three-models.R).
const models = referenceCase('three-models').models as Json[];
const names = models.map((m) => m.name as string);
const values = (spec: Json) => spec.data.values as Json[];

describe('modelPlot', () => {
  it('modelPlot(fits) draws one row per term (union, first appearance) and one dodged point-range per model that has it', () => {
    const spec: Json = modelPlot(models, { modelNames: names });
    const rows = values(spec);
    expect([...new Set(rows.map((r) => r.term))]).toEqual([
      'inequality',
      'log(troops)',
      'regimeautocracy',
      'regimedemocracy',
      'initiator',
    ]);
    expect(rows.filter((r) => r.term === 'inequality').map((r) => r.model)).toEqual(names);
    expect(rows.filter((r) => r.term === 'initiator').map((r) => r.model)).toEqual(['Clustered']);
    // The builder copies R's numbers: exact equality (tolerance 0).
    for (const row of rows) {
      const c = models[names.indexOf(row.model)].coefficients.find(
        (x: Json) => x.term === row.term,
      );
      expect([row.estimate, row.lower, row.upper, row.pValue]).toEqual([
        c.estimate,
        c.lower,
        c.upper,
        c.pValue,
      ]);
    }
    expect(spec.layer[2].encoding.yOffset).toMatchObject({ field: 'model', sort: names });
    expect(spec.layer[2].encoding.color.scale.domain).toEqual(names);
    expect(spec.layer[1].encoding.x.title).toBe('Estimate (95% interval)');
    expect(spec.layer[0].encoding.x).toEqual({ datum: 0, type: 'quantitative' });
    expect(schemaErrors(spec)).toEqual([]);
  });

  it('modelPlot(fits, { exponentiate: true }) draws exp of the estimate and limits on a log axis with the reference at 1', () => {
    const spec: Json = modelPlot(models, { exponentiate: true, terms: ['initiator'] });
    const [row] = values(spec);
    const c = models[2].coefficients.find((x: Json) => x.term === 'initiator');
    expect([row.estimate, row.lower, row.upper]).toEqual([
      Math.exp(c.estimate),
      Math.exp(c.lower),
      Math.exp(c.upper),
    ]);
    expect(row.model).toBe('(3)');
    expect(spec.layer[2].encoding.x.scale).toEqual({ type: 'log' });
    expect(spec.layer[0].encoding.x.datum).toBe(1);
  });

  it('modelPlot leaves an aliased coefficient without a mark and names mixed levels on the axis', () => {
    const spec: Json = modelPlot([
      { confLevel: 0.9, coefficients: [{ term: 'x', estimate: 1, lower: 0.5, upper: 1.5 }] },
      { confLevel: 0.95, coefficients: [{ term: 'x', estimate: null, lower: null, upper: null }] },
    ]);
    expect(values(spec)[1]).toMatchObject({ estimate: null, lower: null, upper: null });
    expect(spec.layer[1].encoding.x.title).toBe('Estimate (intervals at each model\u2019s level)');
  });

  it('modelPlot refuses an empty list, a fit without coefficients, unknown terms and bad names', () => {
    const refuse = (call: () => unknown, argument: string, message: string) => {
      try {
        call();
        expect.unreachable();
      } catch (error) {
        expect(error).toBeInstanceOf(InvalidArgumentError);
        expect((error as InvalidArgumentError).argument).toBe(argument);
        expect((error as Error).message).toBe(message);
      }
    };
    refuse(
      () => modelPlot([]),
      'fits',
      'modelPlot requires at least one fitted model; received []',
    );
    refuse(
      () => modelPlot([{ kind: 'km' } as never]),
      'fits[0]',
      'modelPlot requires each fit to have coefficients with term names; fits[0] is {"kind":"km"}',
    );
    refuse(
      () => modelPlot(models, { terms: ['age'] }),
      'terms',
      'modelPlot requires terms present in at least one model ("(Intercept)", "inequality", "log(troops)", "regimeautocracy", "regimedemocracy", "initiator"); received "age"',
    );
    refuse(
      () => modelPlot(models, { modelNames: ['a', 'a', 'b'] }),
      'modelNames',
      'modelPlot requires one distinct name per fit (3); received ["a","a","b"]',
    );
  });

  it('modelPlot renders to SVG with a legend entry per model', async () => {
    const { svg, warnings } = await renderSvg(modelPlot(models, { modelNames: names }));
    expect(warnings).toEqual([]);
    for (const name of names) expect(svg).toContain(`>${name}</text>`);
  });
});
