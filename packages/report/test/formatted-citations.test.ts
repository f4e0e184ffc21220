import { cpSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { citationJsLoads } from '../src/internal/citations.ts';
import {
  type CitationRequest,
  type CitationSources,
  type FormattedCitations,
  forgetFormattedCitations,
  formatCitations,
} from '../src/internal/formatted-citations.ts';
import { notebooks, temporaryDir } from './helpers.ts';

const dir = temporaryDir();
const cacheDir = join(dir, '.muster-cache');
const sources: CitationSources = {
  notebookPath: join(dir, 'paper.md'),
  files: ['refs.bib'],
  style: null,
};
const requests: CitationRequest[] = [
  { items: [{ key: 'lyall2020', prefix: '', suffix: '' }], narrative: true },
  {
    items: [
      { key: 'lyall2020', prefix: '', suffix: '' },
      { key: 'koehler2016', prefix: '', suffix: 'p. 440' },
    ],
    narrative: false,
  },
  { items: [{ key: 'nobody2000', prefix: '', suffix: '' }], narrative: false },
];

/** Format from the cache folder only (memory forgotten); returns the result and whether citation-js ran. */
function format(
  sourcesNow: CitationSources = sources,
  requestsNow: CitationRequest[] = requests,
): { result: FormattedCitations; formatted: boolean } {
  forgetFormattedCitations();
  const before = citationJsLoads.count;
  const result = formatCitations(sourcesNow, requestsNow, cacheDir);
  return { result, formatted: citationJsLoads.count > before };
}

let first: FormattedCitations;

beforeAll(() => {
  cpSync(join(notebooks, 'refs.bib'), join(dir, 'refs.bib'));
  const cold = format();
  expect(cold.formatted).toBe(true);
  first = cold.result;
}, 60_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('formatCitations keeps formatted citations in the cache folder', () => {
  it('formatCitations formats narrative and parenthetical citations and the reference list in APA', () => {
    expect(first.known).toEqual(['lyall2020', 'koehler2016']);
    expect(first.texts).toEqual([
      'Lyall (2020)',
      '(Lyall, 2020; Koehler et al., 2016, p. 440)',
      null,
    ]);
    expect(first.bibliography.map((entry) => entry.key)).toEqual(['koehler2016', 'lyall2020']);
    expect(readdirSync(join(cacheDir, 'citations'))).toHaveLength(1);
  });

  it('formatCitations serves the same citations from the cache folder without citation-js', () => {
    const again = format();
    expect(again.formatted).toBe(false);
    expect(again.result).toEqual(first);
  });

  it('formatCitations formats again when the .bib file changes', () => {
    const bib = join(dir, 'refs.bib');
    const original = readFileSync(bib, 'utf8');
    writeFileSync(bib, original.replace('year = {2020}', 'year = {2021}'));
    try {
      const changed = format();
      expect(changed.formatted).toBe(true);
      expect(changed.result.texts[0]).toBe('Lyall (2021)');
    } finally {
      writeFileSync(bib, original);
    }
    expect(format().formatted).toBe(false);
  });

  it('formatCitations formats again for another style, and for an edited CSL file', () => {
    const vancouver = format({ ...sources, style: 'vancouver' });
    expect(vancouver.formatted).toBe(true);
    expect(vancouver.result.texts[1]).not.toBe(first.texts[1]);
    expect(format({ ...sources, style: 'vancouver' }).formatted).toBe(false);
    // A CSL file: its text is part of the key (here APA's own, then with a comment added).
    const require = createRequire(import.meta.url);
    const core = require('@citation-js/core') as {
      plugins: { config: { get(name: string): { styles: { get(name: string): string } } } };
    };
    const apa = core.plugins.config.get('@csl').styles.get('apa');
    writeFileSync(join(dir, 'style.csl'), apa);
    const fromFile = format({ ...sources, style: 'style.csl' });
    expect(fromFile.formatted).toBe(true);
    expect(fromFile.result.texts).toEqual(first.texts);
    expect(format({ ...sources, style: 'style.csl' }).formatted).toBe(false);
    writeFileSync(join(dir, 'style.csl'), apa.replace('<info>', '<!-- edited --><info>'));
    expect(format({ ...sources, style: 'style.csl' }).formatted).toBe(true);
  });

  it('formatCitations formats again when a citation, its order or its locator changes', () => {
    const reordered = format(sources, [requests[1], requests[0]]);
    expect(reordered.formatted).toBe(true);
    expect(reordered.result.texts).toEqual([
      '(Lyall, 2020; Koehler et al., 2016, p. 440)',
      'Lyall (2020)',
    ]);
    const otherPage: CitationRequest = {
      items: [{ key: 'koehler2016', prefix: 'see', suffix: 'p. 441' }],
      narrative: false,
    };
    const located = format(sources, [...requests, otherPage]);
    expect(located.formatted).toBe(true);
    expect(located.result.texts[3]).toBe('(see Koehler et al., 2016, p. 441)');
    expect(format(sources, [...requests, otherPage]).formatted).toBe(false);
  });
});
