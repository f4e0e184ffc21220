import {
  FONT_WIDTH_CHARACTERS,
  FONT_WIDTHS_BOLD,
  FONT_WIDTHS_REGULAR,
} from './internal/font-widths.ts';

const INDEX = new Map([...FONT_WIDTH_CHARACTERS].map((character, index) => [character, index]));
/** Width of a character outside the table: a wide letter's, so text is never measured short. */
const FALLBACK_EM = 0.75;

/**
 * Width of a line of chart text in pixels, from the advance widths of the fonts reports draw
 * charts with (the larger of Libertinus Serif, the PDF's, and DejaVu Sans, the HTML's usual
 * `sans-serif`), instead of Vega's estimate of 0.8 em per character, which leaves empty bands
 * beside axis labels and titles. Kerning is ignored (it only narrows text).
 *
 * @param text - One line of text.
 * @param fontSize - Font size in pixels.
 * @param bold - Bold weight (titles).
 * @returns The width in pixels.
 * @example
 * ```ts
 * measureTextWidth('Odds ratio', 10);
 * // => 52.02
 * ```
 */
export function measureTextWidth(text: string, fontSize: number, bold = false): number {
  const widths = bold ? FONT_WIDTHS_BOLD : FONT_WIDTHS_REGULAR;
  let em = 0;
  for (const character of text) {
    const index = INDEX.get(character);
    em += index === undefined ? FALLBACK_EM : widths[index];
  }
  return Math.round(em * fontSize * 100) / 100;
}
