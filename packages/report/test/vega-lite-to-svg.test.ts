import { describe, expect, it } from 'vitest';
import { removeTooltipTitles } from '../src/internal/svg-tooltips.ts';
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

  it('vegaLiteToSvg gives each mark with a tooltip a <title> of its text (lines none); the PDF drops them', async () => {
    const { svg } = await vegaLiteToSvg({
      ...line,
      mark: { type: 'line', point: true },
      encoding: {
        ...line.encoding,
        tooltip: [
          { field: 'x', type: 'quantitative', title: 'Month' },
          { field: 'y', type: 'quantitative', title: 'Rate <%>', format: '.2f' },
        ],
      },
    });
    const titles = [...svg.matchAll(/<path ([^>]*)><title>([^<]*)<\/title><\/path>/g)];
    expect(titles.map((match) => match[2])).toEqual([
      'Month: 1&#xA;Rate &lt;%&gt;: 2.00',
      'Month: 2&#xA;Rate &lt;%&gt;: 3.00',
      'Month: 3&#xA;Rate &lt;%&gt;: 1.00',
    ]);
    for (const match of titles) expect(match[1]).toContain('aria-roledescription="point"');
    expect(svg).not.toMatch(/aria-roledescription="line mark"[^>]*><title>/);
    expect(removeTooltipTitles(svg)).not.toContain('<title>');
    const plain = await vegaLiteToSvg(line);
    expect(plain.svg).not.toContain('<title>');
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
