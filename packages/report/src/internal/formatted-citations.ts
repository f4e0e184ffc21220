/**
 * The citations of a report, formatted once and kept: citation-js (citeproc-js) takes seconds to
 * load and format, so its results are cached in memory and in the notebook's cache folder under a
 * key of everything they depend on (the BibTeX texts, the style and its CSL text, the locale, the
 * citations in document order and the versions of the formatters). A report served from the cache
 * never loads citation-js.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { MusterError } from '@muster/core/errors';
import { CellCache } from './cache.ts';
import {
  type BibliographyEntry,
  BUILT_IN_STYLES,
  CITATION_LOCALE,
  loadCitations,
} from './citations.ts';
import { reportVersion } from './environment.ts';
import { sha256, stableStringify } from './hash.ts';
import type { CiteItem } from './prose-syntax.ts';
import { noteReportRead } from './report-cache.ts';

/** One citation of the prose: its works (with prefixes and locators) and whether it is narrative. */
export interface CitationRequest {
  items: CiteItem[];
  narrative: boolean;
}

/** The formatted citations of a report. */
export interface FormattedCitations {
  format: 1;
  /** The cited keys the bibliography has. */
  known: string[];
  /** Per request, in order: its text, or null when the bibliography lacks one of its keys. */
  texts: (string | null)[];
  /** The reference list of the cited works, in the style's order. */
  bibliography: BibliographyEntry[];
}

/** Where the bibliography comes from: front matter fields, relative to the notebook. */
export interface CitationSources {
  notebookPath: string | null;
  files: string[];
  style: string | null;
}

/** Citations formatted in this process, most recent last (a long-lived process keeps a few). */
const inMemory = new Map<string, FormattedCitations>();
const KEPT_IN_MEMORY = 16;

function remember(key: string, citations: FormattedCitations): void {
  inMemory.delete(key);
  inMemory.set(key, citations);
  if (inMemory.size > KEPT_IN_MEMORY) inMemory.delete(inMemory.keys().next().value as string);
}

/** Forget the citations kept in memory (tests use it to reach the cache folder). */
export function forgetFormattedCitations(): void {
  inMemory.clear();
}

/**
 * Format every citation of a report and its reference list, from memory or the cache folder when
 * nothing they depend on changed, else with citation-js (and keep the result).
 * Contract: `requests` in document order; the keys cited are those of the requests, in order of
 * first use; `cacheDir` null keeps the result in memory only.
 */
export function formatCitations(
  sources: CitationSources,
  requests: CitationRequest[],
  cacheDir: string | null,
): FormattedCitations {
  const baseDir = sources.notebookPath ? dirname(sources.notebookPath) : process.cwd();
  const bibtex = sources.files.map((file) => readSource(baseDir, file, 'bibliography'));
  const style = sources.style ?? 'apa';
  const styleXml = BUILT_IN_STYLES.has(style) ? null : readSource(baseDir, style, 'csl style');
  const cited = citedKeys(requests);
  const key = sha256(
    stableStringify({
      format: 1,
      bibtex,
      style,
      styleXml,
      locale: CITATION_LOCALE,
      cited,
      requests,
      versions: formatterVersions(),
    }),
  );
  const kept = inMemory.get(key) ?? readCached(cacheDir, key);
  if (kept) {
    remember(key, kept);
    return kept;
  }
  const citations = loadCitations(bibtex, style, styleXml, cited);
  const formatted: FormattedCitations = {
    format: 1,
    known: cited.filter((citedKey) => citations.has(citedKey)),
    texts: requests.map((request) => {
      if (!request.items.every((item) => citations.has(item.key))) return null;
      return request.narrative
        ? citations.narrative(request.items[0].key)
        : citations.cluster(request.items);
    }),
    bibliography: citations.bibliography(),
  };
  remember(key, formatted);
  new CellCache(cacheDir).setCitations(key, formatted);
  return formatted;
}

function citedKeys(requests: CitationRequest[]): string[] {
  const cited: string[] = [];
  for (const request of requests)
    for (const item of request.items) if (!cited.includes(item.key)) cited.push(item.key);
  return cited;
}

function readSource(baseDir: string, file: string, what: string): string {
  const path = resolve(baseDir, file);
  try {
    const bytes = readFileSync(path);
    noteReportRead(path, bytes);
    return bytes.toString('utf8');
  } catch {
    noteReportRead(path, null);
    throw new MusterError(
      `renderReport requires the ${what} ${JSON.stringify(file)} to exist (looked in ${baseDir})`,
    );
  }
}

function readCached(cacheDir: string | null, key: string): FormattedCitations | null {
  const entry = new CellCache(cacheDir).getCitations<FormattedCitations>(key);
  return entry &&
    entry.format === 1 &&
    Array.isArray(entry.known) &&
    Array.isArray(entry.texts) &&
    Array.isArray(entry.bibliography)
    ? entry
    : null;
}

let versions: Record<string, string> | null = null;

/** Versions of @muster/report and of the citation-js packages and citeproc-js installed for it. */
function formatterVersions(): Record<string, string> {
  if (versions === null) {
    const require = createRequire(import.meta.url);
    const versionOf = (from: NodeJS.Require, name: string) => {
      try {
        const path = from.resolve(`${name}/package.json`);
        return { path, version: (from(path) as { version: string }).version };
      } catch {
        return { path: null, version: 'unknown' };
      }
    };
    const csl = versionOf(require, '@citation-js/plugin-csl');
    const citeproc =
      csl.path === null
        ? { version: 'unknown' }
        : versionOf(createRequire(join(dirname(csl.path), 'index.js')), 'citeproc');
    versions = {
      report: reportVersion(),
      core: versionOf(require, '@citation-js/core').version,
      bibtex: versionOf(require, '@citation-js/plugin-bibtex').version,
      csl: csl.version,
      citeproc: citeproc.version,
    };
  }
  return versions;
}
