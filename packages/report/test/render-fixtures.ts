// Renders fixture notebooks to HTML and PDF (used by reproducible.test.ts in child processes).
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseNotebook } from '../src/parse-notebook.ts';
import { renderHtml } from '../src/render-html.ts';
import { renderPdf } from '../src/render-pdf.ts';
import { runNotebook } from '../src/run-notebook.ts';
import { FIXED_VERSIONS, notebooks } from './helpers.ts';

const [out, ...names] = process.argv.slice(2);
mkdirSync(out, { recursive: true });
for (const name of names) {
  const path = join(notebooks, name);
  const run = await runNotebook(parseNotebook(readFileSync(path), { path }), {
    conditions: ['@muster/source'],
  });
  if (run.failed) throw new Error(`${name} failed`);
  run.versions = { ...FIXED_VERSIONS };
  const base = name.replace(/\.md$/, '');
  writeFileSync(join(out, `${base}.html`), renderHtml(run, { reportDir: notebooks }));
  writeFileSync(join(out, `${base}.pdf`), await renderPdf(run, { reportDir: notebooks }));
}
