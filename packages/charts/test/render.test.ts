/**
 * Every example spec validates against the Vega-Lite JSON schema, compiles without warnings,
 * renders to SVG in Node, renders identically twice and in another time zone, and matches its
 * golden SVG (numbers rounded to 2 decimals). Update goldens with UPDATE_GOLDEN=1.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { musterTheme } from '../src/index.ts';
import { examples } from './examples.ts';
import { renderSvg, roundSvgNumbers, schemaErrors } from './helpers/vega.ts';

const goldenDir = fileURLToPath(new URL('./golden/', import.meta.url));
const update = process.env.UPDATE_GOLDEN === '1';
const specs = examples();
const originalTz = process.env.TZ;

afterAll(() => {
  process.env.TZ = originalTz;
});

describe.each(Object.entries(specs))('%s', (name, spec) => {
  it('validates against the Vega-Lite schema', () => {
    expect(schemaErrors(spec)).toEqual([]);
  });

  it('is plain JSON (survives a JSON round trip unchanged)', () => {
    expect(JSON.parse(JSON.stringify(spec))).toEqual(spec);
    expect(JSON.stringify(spec)).not.toMatch(/NaN|Infinity/);
  });

  it('carries the Muster theme as its config', () => {
    expect(spec.config).toEqual(musterTheme);
  });

  it('compiles and renders to SVG without warnings, identically twice and in another time zone', async () => {
    const first = await renderSvg(spec);
    expect(first.warnings).toEqual([]);
    expect(first.svg).toMatch(/^<svg[^>]*>/);
    expect(first.svg).toContain('font-family="sans-serif"');
    const second = await renderSvg(spec);
    expect(second.svg).toBe(first.svg);
    process.env.TZ = 'Pacific/Auckland';
    try {
      expect(new Date(2021, 0, 1).getTimezoneOffset()).toBe(-780);
      const elsewhere = await renderSvg(spec);
      expect(elsewhere.svg).toBe(first.svg);
    } finally {
      process.env.TZ = originalTz;
    }
  });

  it('matches its golden SVG', async () => {
    const { svg } = await renderSvg(spec);
    const actual = `${roundSvgNumbers(svg).replaceAll('><', '>\n<')}\n`;
    const file = `${goldenDir}${name}.svg`;
    if (update) {
      mkdirSync(goldenDir, { recursive: true });
      writeFileSync(file, actual);
      return;
    }
    expect(existsSync(file), `missing golden ${name}.svg: run UPDATE_GOLDEN=1 npx vitest run`).toBe(
      true,
    );
    expect(actual).toBe(readFileSync(file, 'utf8'));
  });
});
