import type { MarkdownIt, Token } from 'markdown-it';
import { escapeHtml } from './html-escape.ts';
import type { ImageFile } from './images.ts';
import { temml } from './lazy-modules.ts';
import type { Reference, TokenMeta } from './prose-references.ts';

/** What the HTML rules need besides the tokens. */
export interface HtmlProseEnv {
  [key: string | symbol]: unknown;
  labels: Map<string, Reference>;
  images: Map<string, ImageFile>;
  /** Footnote numbers whose first reference has been written (it carries the back-link id). */
  footnotesSeen: Set<number>;
}

const CALLOUT_TITLES: Record<string, string> = {
  note: 'Note',
  tip: 'Tip',
  warning: 'Warning',
  important: 'Important',
  caution: 'Caution',
};

/**
 * TeX as MathML (temml), so browsers typeset it without a script or a font download. A TeX error
 * is shown in place, in red, with temml's message.
 */
export function mathToMathMl(tex: string, display: boolean): string {
  return temml().renderToString(tex, {
    displayMode: display,
    throwOnError: false,
    annotate: true,
    trust: false,
  });
}

/** Install the HTML rules for the tokens of prose-syntax.ts and for embedded images. */
export function installHtmlRules(md: MarkdownIt): void {
  const rules = md.renderer.rules;
  // Headings carry a link to themselves; prose tables scroll inside their own box.
  rules.heading_close = (tokens, index) => {
    const id = tokens[index - 2]?.attrGet('id');
    const anchor = id
      ? `<a class="anchor" href="#${escapeHtml(String(id))}" aria-label="Link to this section">#</a>`
      : '';
    return `${anchor}</${tokens[index].tag}>\n`;
  };
  rules.table_open = () => '<div class="table-wrap">\n<table>\n';
  rules.table_close = () => '</table>\n</div>\n';
  rules.math_inline = (tokens, index) => mathToMathMl(tokens[index].content, false);
  rules.math_block = (tokens, index, _options, rawEnv?: unknown) => {
    const token = tokens[index];
    const label = (token.meta as TokenMeta).label ?? null;
    const reference = label ? (rawEnv as HtmlProseEnv | undefined)?.labels.get(label) : undefined;
    const math = mathToMathMl(token.content, true);
    if (!reference) return `<div class="equation">${math}</div>\n`;
    return `<div class="equation numbered" id="${escapeHtml(label!)}">${math}<span class="equation-number">(${reference.number})</span></div>\n`;
  };
  rules.xref = (tokens, index) => {
    const { text, target } = tokens[index].meta as { text: string; target: string | null };
    return target
      ? `<a class="xref" href="#${escapeHtml(target)}">${escapeHtml(text)}</a>`
      : `<span class="xref unresolved">${escapeHtml(text)}</span>`;
  };
  rules.cite = (tokens, index) => {
    const { text = '', target, literal } = tokens[index].meta as unknown as TokenMeta;
    if (literal) return escapeHtml(text);
    return target
      ? `<a class="citation" href="#${escapeHtml(target)}">${escapeHtml(text)}</a>`
      : `<span class="citation unresolved">${escapeHtml(text)}</span>`;
  };
  rules.footnote_ref = (tokens, index, _options, rawEnv?: unknown) => {
    const { number, name } = tokens[index].meta as { number: number | null; name: string };
    if (number === null)
      return `<span class="footnote-ref unresolved">[^${escapeHtml(name)}]</span>`;
    const first = !(rawEnv as HtmlProseEnv | undefined)?.footnotesSeen.has(number);
    (rawEnv as HtmlProseEnv | undefined)?.footnotesSeen.add(number);
    return `<sup class="footnote-ref"><a href="#fn-${number}"${first ? ` id="fnref-${number}"` : ''}>${number}</a></sup>`;
  };
  rules.callout_open = (tokens, index) => {
    const { type, title } = tokens[index].meta as { type: string; title: string | null };
    return `<div class="callout callout-${type}" role="note"><p class="callout-title">${escapeHtml(title ?? CALLOUT_TITLES[type])}</p>\n`;
  };
  rules.callout_close = () => '</div>\n';
  rules.image = (tokens, index, _options, rawEnv?: unknown) => {
    const token = tokens[index];
    const alt = altText(token);
    const src = String(token.attrGet('src') ?? '');
    const image = (rawEnv as HtmlProseEnv | undefined)?.images.get(src);
    if (!image)
      return `<span class="image-omitted">[image not embedded: ${escapeHtml(alt || src)}]</span>`;
    const title = token.attrGet('title');
    return `<img class="prose-image" src="data:${image.mime};base64,${Buffer.from(image.data).toString('base64')}" alt="${escapeHtml(alt)}"${title ? ` title="${escapeHtml(String(title))}"` : ''}>`;
  };
}

export function altText(token: Token): string {
  return token.children ? token.children.map((child) => child.content).join('') : token.content;
}
