import type { MarkdownIt, Token } from 'markdown-it';
import type { Notebook } from '../types.ts';
import type { BibliographyEntry } from './citations.ts';
import {
  type CitationRequest,
  type FormattedCitations,
  formatCitations,
} from './formatted-citations.ts';
import type { CiteItem, FootnoteDefinition } from './prose-syntax.ts';

/** A numbered thing a reader can be sent to: a figure, a table or an equation. */
export interface Reference {
  kind: 'fig' | 'tbl' | 'eq';
  number: number;
  /** `Figure 1`, `Table 2`, `Equation (3)`: what a cross-reference reads. */
  text: string;
}

const NAMES = { fig: 'Figure', tbl: 'Table', eq: 'Equation' } as const;

/**
 * Number the labelled figures and tables (cells whose `label` starts with `fig-` or `tbl-`) and
 * the labelled equations (`$$ ... $$ {#eq-name}` in prose), each kind from 1 in document order,
 * as Quarto does. The first use of a label wins.
 */
export function numberReferences(notebook: Notebook): Map<string, Reference> {
  const references = new Map<string, Reference>();
  const counts = { fig: 0, tbl: 0, eq: 0 };
  const add = (label: string) => {
    const kind = label.slice(0, label.indexOf('-')) as Reference['kind'];
    if (!(kind in counts) || references.has(label)) return;
    const number = ++counts[kind];
    const text = kind === 'eq' ? `${NAMES[kind]} (${number})` : `${NAMES[kind]} ${number}`;
    references.set(label, { kind, number, text });
  };
  for (const block of notebook.blocks) {
    if (block.kind === 'code') {
      if (block.options.label) add(block.options.label);
      continue;
    }
    for (const match of block.markdown.matchAll(/\$\$[\s\S]*?\$\$[ \t]*\{#(eq-[\w-]+)\}/g))
      add(match[1]);
  }
  return references;
}

/** A footnote as the renderers need it: its number and its parsed inline content. */
export interface Footnote {
  number: number;
  name: string;
  children: Token[];
}

/** What the prose refers to, resolved over the whole document. */
export interface ProseReferences {
  references: Map<string, Reference>;
  footnotes: Footnote[];
  /** The reference list (HTML entries), empty without citations. */
  bibliography: BibliographyEntry[];
}

/**
 * Resolve the tokens of every prose block in document order: cross-references get their text
 * (`Figure 1`, or `?@fig-x` when the label does not exist, as Quarto prints it), citations their
 * formatted text from the bibliography (`?@key` when the key is not in it), footnote references
 * their number in order of first use. Writes `meta.text`, `meta.target` and `meta.number` on the
 * tokens. Formatted citations are kept in `cacheDir` (null: in memory only).
 */
export function resolveProseReferences(
  md: MarkdownIt,
  notebook: Notebook,
  tokenLists: Token[][],
  definitions: FootnoteDefinition[],
  references: Map<string, Reference>,
  cacheDir: string | null = null,
): ProseReferences {
  const parsedDefinitions = new Map(
    definitions.map((item) => [item.name, md.parseInline(item.markdown, {})[0]?.children ?? []]),
  );
  const inlineTokens = [
    ...tokenLists.flatMap((tokens) => walk(tokens)),
    ...[...parsedDefinitions.values()].flatMap((children) => walk(children)),
  ];
  const front = notebook.frontMatter;
  let citations: FormattedCitations | null = null;
  const citeTokens = inlineTokens.filter((token) => token.type === 'cite');
  if (front.bibliography.length > 0) {
    const requests: CitationRequest[] = citeTokens.map((token) => {
      const meta = token.meta as TokenMeta;
      return { items: meta.items ?? [], narrative: meta.narrative === true };
    });
    citations = formatCitations(
      { notebookPath: notebook.path, files: front.bibliography, style: front.csl },
      requests,
      cacheDir,
    );
  }
  const known = new Set(citations?.known ?? []);
  const citationText = new Map(citeTokens.map((token, index) => [token, citations?.texts[index]]));

  const footnotes: Footnote[] = [];
  const footnoteNumbers = new Map<string, number>();
  for (const token of inlineTokens) {
    const meta = (token.meta ?? {}) as TokenMeta;
    if (token.type === 'xref') {
      const reference = references.get(meta.label ?? '');
      meta.text = reference ? reference.text : `?@${meta.label}`;
      meta.target = reference ? meta.label : null;
    } else if (token.type === 'cite') {
      const items = meta.items ?? [];
      const missing = items.find((item) => !known.has(item.key));
      if (missing && meta.narrative) {
        // `@name` in running text that is no key of the bibliography (a package such as
        // @muster/lag, a handle) stays as written.
        meta.text = `@${missing.key}`;
        meta.target = null;
        meta.literal = true;
      } else if (missing) {
        meta.text = `[${items.map((item) => `?@${item.key}`).join('; ')}]`;
        meta.target = null;
      } else {
        meta.text = citationText.get(token) ?? '';
        meta.target = `ref-${items[0].key}`;
      }
    } else if (token.type === 'footnote_ref') {
      const name = meta.name ?? '';
      const children = parsedDefinitions.get(name);
      if (!children) {
        meta.number = null;
        continue;
      }
      let number = footnoteNumbers.get(name);
      if (number === undefined) {
        number = footnotes.length + 1;
        footnoteNumbers.set(name, number);
        footnotes.push({ number, name, children });
      }
      meta.number = number;
    }
  }
  return { references, footnotes, bibliography: citations?.bibliography ?? [] };
}

function walk(tokens: Token[]): Token[] {
  const out: Token[] = [];
  for (const token of tokens) {
    out.push(token);
    if (token.children) out.push(...walk(token.children));
  }
  return out;
}

/** The fields prose-syntax.ts and this module put on tokens' `meta`. */
export interface TokenMeta {
  label?: string | null;
  text?: string;
  target?: string | null;
  items?: CiteItem[];
  narrative?: boolean;
  name?: string;
  number?: number | null;
  type?: string;
  title?: string | null;
  /** A narrative `@name` that is no citation: written as plain text. */
  literal?: boolean;
}
