import { createRequire } from 'node:module';
import type { CiteItem } from './prose-syntax.ts';

/** A CSL-JSON item, as citation-js makes it from BibTeX (the fields used here). */
interface CslItem {
  id: string;
  author?: { family?: string; given?: string; literal?: string }[];
  editor?: { family?: string; given?: string; literal?: string }[];
  issued?: { 'date-parts'?: number[][]; literal?: string };
  title?: string;
}

interface CiteInstance {
  data: CslItem[];
  format(kind: 'citation' | 'bibliography', options: Record<string, unknown>): string;
}

type CiteModule = {
  Cite: new (input: unknown) => CiteInstance;
  plugins: {
    config: { get(name: string): { styles: { add(name: string, xml: string): void } } };
  };
};

/** Styles that ship with citation-js; any other `csl:` is a path to a CSL file. */
export const BUILT_IN_STYLES = new Set(['apa', 'vancouver', 'harvard1']);

/** One entry of the reference list: the BibTeX key and the entry as HTML from citation-js. */
export interface BibliographyEntry {
  key: string;
  html: string;
}

/** The works a report cites, formatted in a CSL style by citation-js. */
export interface Citations {
  /** True when the bibliography has this key. */
  has(key: string): boolean;
  /** `(Lyall, 2020; Koehler et al., 2016, p. 3)` in the style, with prefixes and locators. */
  cluster(items: CiteItem[]): string;
  /** `Lyall (2020)`: a citation in running text. */
  narrative(key: string): string;
  /** The reference list of the cited works as HTML entries (`<i>` for italics), in the style's order. */
  bibliography(): BibliographyEntry[];
}

/** The locale citations and the reference list are formatted in. */
export const CITATION_LOCALE = 'en-US';

let citeModule: CiteModule | null = null;
/** How many times citation-js was asked for (tests check that a cached report never asks). */
export const citationJsLoads = { count: 0 };
function loadCitationJs(): CiteModule {
  citationJsLoads.count += 1;
  if (citeModule === null) {
    const require = createRequire(import.meta.url);
    citeModule = require('@citation-js/core') as CiteModule;
    require('@citation-js/plugin-bibtex');
    require('@citation-js/plugin-csl');
  }
  return citeModule;
}

/**
 * Parse the BibTeX texts and prepare the citations of the keys cited, in order of first citation
 * (numeric styles number them so), with citation-js (loaded on the first call).
 * Contract: `cited` are the keys in order of first use; unknown keys are left to the caller;
 * `style` is a built-in style's name or, with `styleXml`, the CSL file it names.
 */
export function loadCitations(
  bibtex: string[],
  style: string,
  styleXml: string | null,
  cited: string[],
): Citations {
  const { Cite, plugins } = loadCitationJs();
  const all = new Cite(bibtex.join('\n')).data;
  const byKey = new Map(all.map((item) => [item.id, item]));
  let template = style;
  if (styleXml !== null) {
    template = `muster-${template.replace(/[^\w]/g, '-')}`;
    plugins.config.get('@csl').styles.add(template, styleXml);
  }
  const used = cited.filter((key) => byKey.has(key));
  const cite = used.length > 0 ? new Cite(used.map((key) => byKey.get(key))) : null;
  const options = { template, lang: CITATION_LOCALE };
  const formatCluster = (keys: string[]) =>
    cite ? cite.format('citation', { ...options, entry: keys }).trim() : '';

  return {
    has: (key) => byKey.has(key),
    cluster(items) {
      const known = items.filter((item) => byKey.has(item.key));
      const whole = formatCluster(known.map((item) => item.key));
      if (known.every((item) => item.prefix === '' && item.suffix === '')) return whole;
      // With prefixes or locators: format each work alone, inside the style's brackets.
      const open = whole[0] === '(' || whole[0] === '[' ? whole[0] : '';
      const close = open === '(' ? ')' : open === '[' ? ']' : '';
      const parts = known.map((item) => {
        const single = formatCluster([item.key]);
        const bare = open && single.startsWith(open) ? single.slice(1, -1) : single;
        return [item.prefix, bare + (item.suffix ? `, ${item.suffix}` : '')]
          .filter((part) => part !== '')
          .join(' ');
      });
      return `${open}${parts.join('; ')}${close}`;
    },
    narrative(key) {
      const item = byKey.get(key);
      if (!item) return key;
      const names = (item.author ?? item.editor ?? []).map(
        (name) => name.family ?? name.literal ?? '',
      );
      const who =
        names.length === 0
          ? (item.title ?? key)
          : names.length === 1
            ? names[0]
            : names.length === 2
              ? `${names[0]} and ${names[1]}`
              : `${names[0]} et al.`;
      const year = item.issued?.['date-parts']?.[0]?.[0] ?? item.issued?.literal ?? 'n.d.';
      return `${who} (${year})`;
    },
    bibliography() {
      if (!cite) return [];
      const html = cite.format('bibliography', { ...options, format: 'html' });
      return [
        ...html.matchAll(/<div data-csl-entry-id="([^"]*)" class="csl-entry">([\s\S]*?)<\/div>/g),
      ].map((match) => ({ key: match[1], html: match[2].trim() }));
    },
  };
}
