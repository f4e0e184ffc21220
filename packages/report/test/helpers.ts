import { cpSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseNotebook } from '../src/parse-notebook.ts';
import { type RunNotebookOptions, runNotebook } from '../src/run-notebook.ts';
import type { Notebook, NotebookRun } from '../src/types.ts';

export const here = dirname(fileURLToPath(import.meta.url));
export const fixtures = join(here, 'fixtures');
export const notebooks = join(fixtures, 'notebooks');
/** Tests run on the sources: resolve @muster/* imports of notebooks to src/index.ts. */
export const conditions = ['@muster/source'];

/** Versions fixed for golden files (the real ones change with every edit of a package). */
export const FIXED_VERSIONS = {
  node: 'v0.0.0-test',
  '@muster/report': '0.0.0-test',
  arquero: 'test',
  vega: 'test',
  'vega-lite': 'test',
  'typst-ts-node-compiler': 'test',
};

/** A copy of the fixture notebooks in a fresh temporary folder (so tests can edit inputs). */
export function copyNotebooks(): string {
  const dir = mkdtempSync(join(here, '.tmp-'));
  cpSync(notebooks, dir, { recursive: true });
  return dir;
}

/** A temporary folder outside the package (for outputs). */
export function temporaryDir(): string {
  return mkdtempSync(join(tmpdir(), 'muster-report-'));
}

export function loadNotebook(path: string): Notebook {
  return parseNotebook(readFileSync(path), { path });
}

/** Parse and run a notebook written inline, in `dir` (so relative reads and imports resolve there). */
export async function runText(
  text: string,
  dir: string,
  options: RunNotebookOptions = {},
  name = 'inline.md',
): Promise<NotebookRun> {
  const path = join(dir, name);
  const { writeFileSync } = await import('node:fs');
  writeFileSync(path, text);
  return runNotebook(loadNotebook(path), { conditions, ...options });
}

/** Outputs of each cell as plain text, for compact assertions. */
export function texts(run: NotebookRun): string[][] {
  return run.cells.map((cell) =>
    cell.outputs.map((item) =>
      item.kind === 'text'
        ? item.text
        : item.kind === 'error'
          ? `${item.name}: ${item.message}`
          : `[${item.kind}]`,
    ),
  );
}

/**
 * Normalise a report for golden comparison: numbers inside SVG rounded to 1 decimal (Vega's
 * coordinates may move in the last digits between Node versions) and the hashes of cell outputs
 * in the manifest replaced (they hash those SVGs).
 */
export function normaliseHtml(html: string): string {
  return html
    .replace(/<svg[\s\S]*?<\/svg>/g, (svg) =>
      svg.replace(/-?\d+\.\d+/g, (number) => Number(number).toFixed(1)),
    )
    .replace(/"output":"[0-9a-f]{64}"/g, '"output":"<sha256>"');
}

/** pdftotext output with runs of blanks collapsed and empty lines dropped. */
export function normalisePdfText(text: string): string {
  return text
    .split('\n')
    .map((line) => line.replace(/\s+/g, ' ').trim())
    .filter((line) => line !== '')
    .join('\n');
}
