import { describe, expect, it } from 'vitest';
import {
  coefficientPlot,
  cumulativeIncidencePlot,
  kaplanMeierPlot,
  musterFont,
  musterPalette,
  musterTheme,
} from '../src/index.ts';
import { referenceCase } from './helpers/fixtures.ts';

/** sRGB relative luminance (WCAG 2.1). */
function luminance(hex: string): number {
  const channel = (i: number) => {
    const c = Number.parseInt(hex.slice(1 + 2 * i, 3 + 2 * i), 16) / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(0) + 0.7152 * channel(1) + 0.0722 * channel(2);
}

describe('musterTheme', () => {
  it('musterTheme fixes every font to the generic sans-serif family', () => {
    const fonts: string[] = [];
    const visit = (value: unknown, key = '') => {
      if (value !== null && typeof value === 'object') {
        for (const [k, v] of Object.entries(value)) visit(v, k);
      } else if (/font$|Font$/.test(key)) {
        fonts.push(value as string);
      }
    };
    visit(musterTheme);
    expect(fonts.length).toBeGreaterThan(5);
    expect(new Set(fonts)).toEqual(new Set([musterFont]));
    expect(musterFont).toBe('sans-serif');
  });

  it('musterPalette is the Okabe-Ito colour-blind-safe palette, used for categories', () => {
    expect(new Set(musterPalette)).toEqual(
      new Set([
        '#E69F00',
        '#56B4E9',
        '#009E73',
        '#F0E442',
        '#0072B2',
        '#D55E00',
        '#CC79A7',
        '#000000',
      ]),
    );
    expect((musterTheme.range as { category: string[] }).category).toEqual([...musterPalette]);
  });

  it('musterPalette starts with colours that print on white (contrast ratio >= 3:1 for the first four)', () => {
    for (const colour of musterPalette.slice(0, 4)) {
      const ratio = (1 + 0.05) / (luminance(colour) + 0.05);
      expect(ratio, colour).toBeGreaterThanOrEqual(3);
    }
  });

  it('musterTheme is print-friendly: white background, light grid, no view frame', () => {
    expect(musterTheme.background).toBe('white');
    expect((musterTheme.view as { stroke: unknown }).stroke).toBeNull();
    const gridColor = (musterTheme.axis as { gridColor: string }).gridColor;
    expect(luminance(gridColor)).toBeGreaterThan(0.75);
  });

  it('musterTheme is frozen, and every builder writes an unfrozen copy into config', () => {
    expect(Object.isFrozen(musterTheme)).toBe(true);
    expect(Object.isFrozen(musterTheme.axis)).toBe(true);
    const specs = [
      coefficientPlot(referenceCase('glm-lyall-logit').expected),
      kaplanMeierPlot(referenceCase('km-lung-sex').expected),
      cumulativeIncidencePlot(referenceCase('cuminc-mgus2-sex').expected),
    ];
    for (const spec of specs) {
      expect(spec.config).toEqual(musterTheme);
      expect(spec.config).not.toBe(musterTheme);
      expect(Object.isFrozen(spec.config)).toBe(false);
    }
  });
});
