import { describe, expect, it } from 'vitest';
import { vegaLiteToSvg } from '../src/vega-lite-to-svg.ts';

const line = {
  data: {
    values: [
      { x: 1, y: 2 },
      { x: 2, y: 3 },
      { x: 3, y: 1 },
    ],
  },
  mark: 'line',
  width: 200,
  height: 100,
  encoding: { x: { field: 'x', type: 'quantitative' }, y: { field: 'y', type: 'quantitative' } },
};

describe('vegaLiteToSvg', () => {
  it('vegaLiteToSvg(spec) draws the same SVG every time, with its size', async () => {
    const first = await vegaLiteToSvg(line);
    const second = await vegaLiteToSvg(line);
    expect(first.svg).toBe(second.svg);
    expect(first.svg).toContain('class="mark-line');
    expect(first.width).toBeGreaterThan(200);
    expect(first.height).toBeGreaterThan(100);
  });

  it('vegaLiteToSvg refuses data it would have to load', async () => {
    await expect(
      vegaLiteToSvg({ ...line, data: { url: 'https://example.org/data.csv' } }),
    ).rejects.toThrow(/requires inline data/);
  });

  it('vegaLiteToSvg rejects a spec Vega-Lite cannot compile', async () => {
    await expect(vegaLiteToSvg({ data: { values: [] }, mark: 'no-such-mark' })).rejects.toThrow(
      /valid Vega-Lite specification/,
    );
  });
});
