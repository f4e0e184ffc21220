/**
 * Tooltips that a static SVG can carry: the text of each mark's Vega `tooltip` becomes the mark's
 * description (its `aria-label`, read by screen readers) and a `<title>` child, which browsers
 * show on hover without any script.
 */

/** A Vega scenegraph mark or item, as far as tooltips need it. */
interface SceneNode {
  marktype?: string;
  aria?: boolean;
  items?: SceneNode[];
  tooltip?: unknown;
  description?: unknown;
}

/** Marks drawn as one path for many data (a tooltip of one datum would label the whole series). */
const SERIES = new Set(['line', 'area', 'trail']);

/**
 * Set the description of every mark item that has a tooltip to the tooltip's text (`key: value`
 * lines for an object, as vega-tooltip shows it) and return those texts.
 */
export function describeTooltips(root: SceneNode): Set<string> {
  const texts = new Set<string>();
  const visit = (mark: SceneNode) => {
    for (const item of mark.items ?? []) {
      if (mark.marktype === 'group') {
        for (const child of item.items ?? []) visit(child);
        continue;
      }
      if (item.tooltip == null || SERIES.has(mark.marktype ?? '') || mark.aria === false) continue;
      const text = tooltipText(item.tooltip);
      if (text === '') continue;
      item.description = text;
      texts.add(text);
    }
  };
  visit(root);
  return texts;
}

/** `key: value` lines of a tooltip object; a string or number as it is. */
export function tooltipText(tooltip: unknown): string {
  if (tooltip === null || tooltip === undefined) return '';
  if (typeof tooltip !== 'object') return String(tooltip);
  if (Array.isArray(tooltip)) return tooltip.map((value) => tooltipText(value)).join(', ');
  return Object.entries(tooltip as Record<string, unknown>)
    .filter(([, value]) => value !== undefined)
    .map(
      ([key, value]) =>
        `${key}: ${value !== null && typeof value === 'object' ? JSON.stringify(value) : String(value)}`,
    )
    .join('\n');
}

/** Vega's escaping of attribute text (vega-scenegraph's `attrText`). */
function escapeAttribute(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/\t/g, '&#x9;')
    .replace(/\n/g, '&#xA;')
    .replace(/\r/g, '&#xD;');
}

/** Give every SVG element whose `aria-label` is one of `texts` a `<title>` with that text. */
export function addTooltipTitles(svg: string, texts: Set<string>): string {
  if (texts.size === 0) return svg;
  const labels = new Set([...texts].map(escapeAttribute));
  return svg.replace(
    /<([a-z]+)((?:\s[^>]*?)?\saria-label="([^"]*)"[^>]*?)(\/?)>/g,
    (element, tag: string, attributes: string, label: string, selfClosing: string) => {
      if (!labels.has(label) || tag === 'g' || tag === 'svg') return element;
      const title = `<title>${label}</title>`;
      return selfClosing ? `<${tag}${attributes}>${title}</${tag}>` : `${element}${title}`;
    },
  );
}

/** The SVG without its tooltips' `<title>` elements (a PDF has no hover). */
export function removeTooltipTitles(svg: string): string {
  return svg.replace(/<title>[^<]*<\/title>/g, '');
}
