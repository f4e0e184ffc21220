import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readProvenance } from '../src/read-provenance.ts';
import { renderPdf } from '../src/render-pdf.ts';
import { runNotebook } from '../src/run-notebook.ts';
import type { NotebookRun } from '../src/types.ts';
import {
  conditions,
  FIXED_VERSIONS,
  fixtures,
  loadNotebook,
  normalisePdfText,
  notebooks,
  temporaryDir,
} from './helpers.ts';

const goldenPath = join(fixtures, 'golden', 'golden.pdf.txt');
const reportDir = join(notebooks, '_out');
const scratch = temporaryDir();
let run: NotebookRun;
let pdf: Uint8Array;

/** The PDF's text, as Debian's poppler-utils extracts it (CI installs it). */
function pdfText(bytes: Uint8Array): string {
  const path = join(scratch, 'report.pdf');
  writeFileSync(path, bytes);
  return execFileSync('pdftotext', ['-layout', '-enc', 'UTF-8', path, '-'], { encoding: 'utf8' });
}

beforeAll(async () => {
  run = await runNotebook(loadNotebook(join(notebooks, 'golden.md')), { conditions });
  run.versions = { ...FIXED_VERSIONS };
  pdf = await renderPdf(run, { reportDir });
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('renderPdf', () => {
  it('renderPdf(run) text matches the golden file (pdftotext, blank runs collapsed)', () => {
    const text = normalisePdfText(pdfText(pdf));
    if (process.env.UPDATE_GOLDEN === '1' || !existsSync(goldenPath)) {
      mkdirSync(join(fixtures, 'golden'), { recursive: true });
      writeFileSync(goldenPath, `${text}\n`);
    }
    expect(`${text}\n`).toBe(readFileSync(goldenPath, 'utf8'));
  });

  it('renderPdf(run) typesets the title block, headings, tables, the chart and page numbers', () => {
    const text = normalisePdfText(pdfText(pdf));
    expect(text).toMatch(/^Golden report\nMuster tests\n1 January 2025/);
    for (const heading of ['Data', 'Values', 'Model', 'Chart'])
      expect(text).toMatch(new RegExp(`^${heading}$`, 'm'));
    expect(text).toContain('(Intercept) -7.9595 1.7583 -4.527 5.99e-06 -11.406 -4.5133');
    expect(text).toContain('group x y x2');
    expect(text).toMatch(/^1\/\d$/m);
    // Axis labels of the chart are text in the PDF: the SVG was drawn, not rasterised.
    expect(text).toMatch(/^x$/m);
  });

  it('renderPdf(run) embeds only its fixed fonts: Libertinus Serif from Typst and Muster Mono from the package', () => {
    const fonts = new Set(
      [
        ...Buffer.from(pdf)
          .toString('latin1')
          .matchAll(/\/BaseFont \/[A-Z]{6}\+([\w-]+)/g),
      ].map((match) => match[1].replace(/-Identity-H$/, '')),
    );
    expect([...fonts].sort()).toEqual([
      'LibertinusSerif-Bold',
      'LibertinusSerif-Italic',
      'LibertinusSerif-Regular',
      'MusterMono',
    ]);
  });

  it('renderPdf(run) attaches the provenance manifest and renders the same bytes twice', async () => {
    const manifest = readProvenance(pdf);
    expect(manifest.format).toBe('pdf');
    expect(manifest.notebook.path).toBe('packages/report/test/fixtures/notebooks/golden.md');
    expect(manifest.versions).toEqual(FIXED_VERSIONS);
    const again = await renderPdf(run, { reportDir });
    expect(Buffer.compare(Buffer.from(pdf), Buffer.from(again))).toBe(0);
    expect(Buffer.from(pdf).toString('latin1')).not.toMatch(/\/CreationDate|\/ModDate/);
  });
});
