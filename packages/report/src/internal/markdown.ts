import type { MarkdownIt, Token } from 'markdown-it';
import type { ProseBlock } from '../types.ts';
import { installHtmlRules } from './html-prose.ts';
import { markdownIt } from './lazy-modules.ts';
import { extractFootnotes, type FootnoteDefinition, proseSyntax } from './prose-syntax.ts';
import { PLACEHOLDER_PATTERN } from './scan-inline.ts';

/**
 * CommonMark with GFM tables and strikethrough, math, cross-references, citations, footnotes and
 * callouts (see prose-syntax.ts); raw HTML is shown as text, never passed through.
 */
export function createMarkdown(): MarkdownIt {
  const md = markdownIt()('default', { html: false, linkify: false, typographer: false });
  md.use(proseSyntax);
  md.use(installHtmlRules);
  return md;
}

/** A heading of the report, for the table of contents. */
export interface Heading {
  level: number;
  text: string;
  id: string;
}

/** A prose block parsed into Markdown tokens, its headings given unique ids. */
export interface ParsedProse {
  tokens: Token[];
  headings: Heading[];
  /** Footnote definitions written in this block (taken out of its text). */
  footnotes: FootnoteDefinition[];
}

/** Replace inline-expression placeholders by their text. */
export function fillPlaceholders(
  text: string,
  values: Map<number, string>,
  escapeText: (text: string) => string,
): string {
  return text.replace(PLACEHOLDER_PATTERN, (_all, number: string) =>
    escapeText(values.get(Number(number)) ?? ''),
  );
}

/** GitHub-style slug: lower case, letters and digits, hyphens for the rest. */
function slugify(text: string): string {
  const slug = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '');
  return slug === '' ? 'section' : slug;
}

/**
 * Parse every prose block; give each heading an id unique in the document (ids in `reserved` are
 * taken), with inline values filled in for the heading's text.
 */
export function parseProse(
  md: MarkdownIt,
  blocks: ProseBlock[],
  values: Map<number, string>,
  reserved: Set<string>,
): ParsedProse[] {
  const used = new Set(reserved);
  return blocks.map((block) => {
    const { markdown, definitions } = extractFootnotes(block.markdown);
    const tokens = md.parse(markdown, {});
    const headings: Heading[] = [];
    for (let index = 0; index < tokens.length; index += 1) {
      const token = tokens[index];
      if (token.type !== 'heading_open') continue;
      const inline = tokens[index + 1];
      const raw = (inline.children ?? [])
        .map((child: Token) =>
          child.type === 'text' || child.type === 'code_inline' ? child.content : '',
        )
        .join('');
      const text = fillPlaceholders(raw, values, (value) => value);
      let id = slugify(text);
      if (used.has(id)) {
        let suffix = 2;
        while (used.has(`${id}-${suffix}`)) suffix += 1;
        id = `${id}-${suffix}`;
      }
      used.add(id);
      token.attrSet('id', id);
      headings.push({ level: Number(token.tag.slice(1)), text, id });
    }
    return { tokens, headings, footnotes: definitions };
  });
}
