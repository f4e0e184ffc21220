import type { VegaLiteConfig } from './types.ts';

/**
 * The categorical palette of every Muster chart: Okabe and Ito's colour-blind-safe palette
 * (Okabe M, Ito K, "Color Universal Design", 2008), reordered so the first colours print well on
 * white and stay distinct in greyscale; the yellow comes last.
 *
 * @example
 * musterPalette[0]
 * // => '#0072B2'
 */
export const musterPalette: readonly string[] = Object.freeze([
  '#0072B2', // blue
  '#D55E00', // vermillion
  '#009E73', // bluish green
  '#CC79A7', // reddish purple
  '#E69F00', // orange
  '#56B4E9', // sky blue
  '#000000', // black
  '#F0E442', // yellow
]);

/** The font family of every text in a Muster chart: a generic family, so SVG text is stable. */
export const musterFont = 'sans-serif';

/** Colour of reference lines, observed-count bars and other secondary marks. */
export const musterNeutral = '#7f7f7f';

/** Colour of text, axes and single-series marks that are not categories (forest plots). */
export const musterInk = '#222222';

const ink = musterInk;
const grid = '#e8e8e8';

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object') {
    for (const key of Object.keys(value)) deepFreeze((value as Record<string, unknown>)[key]);
    Object.freeze(value);
  }
  return value;
}

/**
 * The Muster chart theme, a Vega-Lite `config` object that every builder writes into its spec's
 * `config`: print-friendly (white background, dark ink, light grid, no view frame), fonts fixed to
 * the generic `sans-serif` family so SVG output is the same on every machine, and the
 * colour-blind-safe {@link musterPalette} for categories. Frozen: copy it to change it
 * (`structuredClone(musterTheme)`), or use {@link applyTheme} on a spec of your own.
 *
 * @example
 * musterTheme.font
 * // => 'sans-serif'
 */
export const musterTheme: Readonly<VegaLiteConfig> = deepFreeze({
  background: 'white',
  font: musterFont,
  padding: 8,
  view: { stroke: null, continuousWidth: 400, continuousHeight: 280 },
  title: {
    font: musterFont,
    fontSize: 13,
    fontWeight: 'bold',
    color: ink,
    anchor: 'start',
    subtitleFont: musterFont,
    subtitleFontSize: 11,
    subtitleColor: '#555555',
    offset: 8,
  },
  axis: {
    labelFont: musterFont,
    titleFont: musterFont,
    labelFontSize: 10,
    titleFontSize: 11,
    titleFontWeight: 'normal',
    labelColor: ink,
    titleColor: ink,
    domainColor: '#555555',
    tickColor: '#555555',
    gridColor: grid,
    gridWidth: 1,
    titlePadding: 8,
  },
  axisBand: { grid: false },
  legend: {
    labelFont: musterFont,
    titleFont: musterFont,
    labelFontSize: 10,
    titleFontSize: 11,
    titleFontWeight: 'normal',
    labelColor: ink,
    titleColor: ink,
    symbolStrokeWidth: 2,
    labelLimit: 240,
    orient: 'right',
  },
  header: { labelFont: musterFont, titleFont: musterFont },
  range: { category: [...musterPalette] },
  mark: { color: musterPalette[0] },
  line: { strokeWidth: 1.75 },
  point: { filled: true, size: 40 },
  rule: { color: ink },
  text: { font: musterFont, fontSize: 10, color: ink },
  area: { opacity: 0.18 },
  bar: { color: musterNeutral },
});
