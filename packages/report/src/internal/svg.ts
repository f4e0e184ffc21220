/** Width and height (CSS pixels) of an SVG document's root element. */
export function svgSize(svg: string): { width: number; height: number } {
  const root = /<svg\b[^>]*>/.exec(svg)?.[0] ?? '';
  const width = Number(/\swidth="([\d.]+)/.exec(root)?.[1] ?? Number.NaN);
  const height = Number(/\sheight="([\d.]+)/.exec(root)?.[1] ?? Number.NaN);
  return { width, height };
}

/**
 * Rename every `id` in an SVG to `<prefix>-<n>` (n in order of appearance) and update the
 * references to it, so several charts can share one HTML page and the names never depend on how
 * many charts the process drew before.
 */
export function renameSvgIds(svg: string, prefix: string): string {
  const names = new Map<string, string>();
  for (const match of svg.matchAll(/\sid="([^"]+)"/g)) {
    if (!names.has(match[1])) names.set(match[1], `${prefix}-${names.size + 1}`);
  }
  if (names.size === 0) return svg;
  return svg
    .replace(/(\sid=")([^"]+)(")/g, (all, open: string, id: string, close: string) =>
      names.has(id) ? `${open}${names.get(id)}${close}` : all,
    )
    .replace(/url\(#([^)]+)\)/g, (all, id: string) =>
      names.has(id) ? `url(#${names.get(id)})` : all,
    )
    .replace(/((?:xlink:)?href=")#([^"]+)(")/g, (all, open: string, id: string, close: string) =>
      names.has(id) ? `${open}#${names.get(id)}${close}` : all,
    );
}

/**
 * The same SVG with every font family replaced by `family`. Typst draws SVG text with its own
 * fonts; naming one that ships with the Typst compiler keeps the PDF independent of the fonts a
 * machine has installed.
 */
export function setSvgFontFamily(svg: string, family: string): string {
  return svg
    .replace(/font-family="[^"]*"/g, `font-family="${family}"`)
    .replace(/font-family:\s*[^;"]+/g, `font-family: ${family}`);
}
