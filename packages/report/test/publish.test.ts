import { execFileSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderHtml } from '../src/render-html.ts';
import { renderPdf } from '../src/render-pdf.ts';
import { runNotebook } from '../src/run-notebook.ts';
import type { NotebookRun } from '../src/types.ts';
import {
  conditions,
  FIXED_VERSIONS,
  loadNotebook,
  normalisePdfText,
  notebooks,
  temporaryDir,
} from './helpers.ts';

const reportDir = join(notebooks, '_out');
const dir = temporaryDir();
let run: NotebookRun;
let html: string;
let pdfText: string;

beforeAll(async () => {
  run = await runNotebook(loadNotebook(join(notebooks, 'publish.md')), { conditions });
  run.versions = { ...FIXED_VERSIONS };
  html = renderHtml(run, { reportDir });
  const pdf = await renderPdf(run, { reportDir });
  writeFileSync(join(dir, 'publish.pdf'), pdf);
  pdfText = normalisePdfText(
    execFileSync('pdftotext', ['-enc', 'UTF-8', join(dir, 'publish.pdf'), '-'], {
      encoding: 'utf8',
    }),
  );
}, 60_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('publishing features (notebooks/publish.md)', () => {
  it('renderHtml writes numbered equations as MathML and cross-references to them', () => {
    expect(run.failed).toBe(false);
    expect(html).toMatch(
      /<div class="equation numbered" id="eq-logit"><math display="block"[^>]*>[\s\S]*?<\/math><span class="equation-number">\(1\)<\/span><\/div>/,
    );
    expect(html).toContain('<span class="equation-number">(2)</span>');
    expect(html).toContain('<a class="xref" href="#eq-logit">Equation (1)</a>');
    // Inline math, and dollar amounts that stay text.
    expect(html).toMatch(/estimate is <math><semantics>/);
    expect(html).toContain('Costs of $5 and $10');
  });

  it('renderHtml numbers captioned figures and tables and links @fig- and @tbl- to them', () => {
    expect(html).toMatch(
      /<figure class="captioned figure" id="fig-bars">\n<figure class="chart" id="chart-1"[^>]*aria-label="Bar chart of three counts">[\s\S]*?<\/figure>\n<figcaption><span class="caption-number">Figure 1<\/span>: Counts by group<\/figcaption>/,
    );
    expect(html).toContain(
      '<figure class="captioned table" id="tbl-counts">\n<figcaption><span class="caption-number">Table 1</span>: The counts</figcaption>',
    );
    expect(html).toContain('<a class="xref" href="#fig-bars">Figure 1</a>');
    expect(html).toContain('<a class="xref" href="#tbl-counts">Table 1</a>');
    expect(html).toContain('<span class="xref unresolved">?@fig-missing</span>');
    expect(html).toContain('A package name such as @muster/lag stays text.');
  });

  it('renderHtml formats citations and the reference list from the BibTeX file (APA by default)', () => {
    expect(html).toContain('<a class="citation" href="#ref-lyall2020">Lyall (2020)</a>');
    expect(html).toContain(
      '<a class="citation" href="#ref-lyall2020">(Lyall, 2020; Koehler et al., 2016, p. 440)</a>',
    );
    expect(html).toContain(
      '<div class="csl-entry" id="ref-lyall2020">Lyall, J. (2020). <i>Divided Armies: Inequality and Battlefield Performance in Modern War</i>. Princeton University Press.</div>',
    );
    expect(html.indexOf('id="ref-koehler2016"')).toBeLessThan(html.indexOf('id="ref-lyall2020"'));
    expect(run.inputs.map((input) => input.path)).toContain('refs.bib');
    expect(html).toContain(
      '<li><a href="#footnotes">Notes</a></li>\n<li><a href="#references">References</a></li>',
    );
  });

  it('renderHtml writes footnotes, callouts and embedded images', () => {
    expect(html).toContain('<sup class="footnote-ref"><a href="#fn-1" id="fnref-1">1</a></sup>');
    expect(html).toMatch(
      /<li id="fn-1">Dollar signs followed by digits are not math; see <a class="xref" href="#eq-greenwood">Equation \(2\)<\/a>\. <a class="footnote-back" href="#fnref-1"/,
    );
    expect(html).toContain(
      '<div class="callout callout-warning" role="note"><p class="callout-title">Synthetic data</p>',
    );
    expect(html).toMatch(
      /<img class="prose-image" src="data:image\/svg\+xml;base64,[A-Za-z0-9+/=]+" alt="Court pipeline">/,
    );
  });

  it('renderPdf typesets the same numbers, captions, citations, footnote and references', () => {
    expect(pdfText).toContain('Figure 1: Counts by group');
    expect(pdfText).toContain('Table 1: The counts');
    expect(pdfText).toMatch(/\(1\)/);
    expect(pdfText).toContain('Equation (1) is fitted by maximum likelihood (Lyall, 2020; Koehler');
    expect(pdfText).toContain('Synthetic data');
    expect(pdfText).toContain('References');
    expect(pdfText).toContain('Lyall, J. (2020). Divided Armies');
    expect(pdfText).toMatch(/1\s*Dollar signs followed by digits are not math; see Equation \(2\)/);
  });
});
