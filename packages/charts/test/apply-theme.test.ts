import { InvalidArgumentError } from '@muster/core';
import { describe, expect, it } from 'vitest';
import { applyTheme, musterTheme } from '../src/index.ts';
import { schemaErrors } from './helpers/vega.ts';

const schema = 'https://vega.github.io/schema/vega-lite/v6.json';

describe('applyTheme', () => {
  it('applyTheme merges the Muster theme under the spec’s own config, without modifying the input', () => {
    const spec = {
      $schema: schema,
      data: { values: [{ a: 1 }] },
      mark: 'point',
      encoding: { x: { field: 'a', type: 'quantitative' } },
      config: { font: 'serif', axis: { labelFontSize: 14 } },
    };
    const copy = structuredClone(spec);
    // biome-ignore lint/suspicious/noExplicitAny: reading nested config
    const themed: any = applyTheme(spec);
    expect(spec).toEqual(copy);
    expect(themed.config.font).toBe('serif');
    expect(themed.config.axis.labelFontSize).toBe(14);
    expect(themed.config.axis.gridColor).toBe(
      (musterTheme.axis as { gridColor: string }).gridColor,
    );
    expect(themed.config.range).toEqual(musterTheme.range);
    expect(themed.mark).toBe('point');
    expect(schemaErrors(themed)).toEqual([]);
  });

  it('applyTheme accepts another theme and rejects a non-object spec', () => {
    expect(applyTheme({ $schema: schema }, { font: 'monospace' }).config).toEqual({
      font: 'monospace',
    });
    // biome-ignore lint/suspicious/noExplicitAny: deliberately wrong input
    expect(() => applyTheme(null as any)).toThrow(InvalidArgumentError);
  });
});
