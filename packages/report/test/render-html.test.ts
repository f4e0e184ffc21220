// biome-ignore-all lint/suspicious/noTemplateCurlyInString: notebooks write inline expressions as ${...}
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { readProvenance } from '../src/read-provenance.ts';
import { renderHtml } from '../src/render-html.ts';
import { runNotebook } from '../src/run-notebook.ts';
import type { NotebookRun } from '../src/types.ts';
import {
  conditions,
  FIXED_VERSIONS,
  fixtures,
  loadNotebook,
  normaliseHtml,
  notebooks,
} from './helpers.ts';

const goldenPath = join(fixtures, 'golden', 'golden.html');
const reportDir = join(notebooks, '_out');
let run: NotebookRun;
let html: string;

beforeAll(async () => {
  run = await runNotebook(loadNotebook(join(notebooks, 'golden.md')), { conditions });
  run.versions = { ...FIXED_VERSIONS };
  html = renderHtml(run, { reportDir });
});

describe('renderHtml', () => {
  it('renderHtml(run) matches the golden file (SVG numbers rounded, output hashes masked)', () => {
    expect(run.failed).toBe(false);
    if (process.env.UPDATE_GOLDEN === '1' || !existsSync(goldenPath)) {
      mkdirSync(join(fixtures, 'golden'), { recursive: true });
      writeFileSync(goldenPath, normaliseHtml(html));
    }
    expect(normaliseHtml(html)).toBe(readFileSync(goldenPath, 'utf8'));
  });

  it('renderHtml(run) is self-contained: no script to run, no stylesheet, image or font to fetch', () => {
    expect(html).toContain(
      `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">`,
    );
    expect(html).not.toMatch(/<script(?![^>]*type="application\/json")/);
    expect(html).not.toMatch(/<link\b|<img\b|<iframe\b|@import|url\((?!#)/);
    expect(html).not.toMatch(/\s(?:src|xlink:href)="(?!#)/);
    for (const match of html.matchAll(/\shref="([^"]*)"/g)) {
      // Anchors only: links in prose are not requests; everything else points inside the page.
      expect(match[1].startsWith('#') || /^https:\/\/example\.org\//.test(match[1])).toBe(true);
    }
  });

  it('renderHtml(run) has a table of contents whose links all resolve, and unique ids', () => {
    const ids = [...html.matchAll(/\sid="([^"]+)"/g)].map((match) => match[1]);
    expect(new Set(ids).size).toBe(ids.length);
    const toc = /<nav class="toc"[\s\S]*?<\/nav>/.exec(html)?.[0] ?? '';
    const targets = [...toc.matchAll(/href="#([^"]+)"/g)].map((match) => match[1]);
    expect(targets).toEqual(['data', 'values', 'model', 'chart']);
    for (const target of targets) expect(ids).toContain(target);
  });

  it('renderHtml(run) draws each chart as SVG and leaves its spec out; interactive embeds the spec as JSON next to it', () => {
    const pattern =
      /<script type="application\/json" class="muster-vega-lite" data-chart="([^"]+)">([\s\S]*?)<\/script>/g;
    expect([...html.matchAll(pattern)]).toEqual([]);
    expect(html).toMatch(/<figure class="chart" id="chart-1"[^>]*>\n<svg/);
    const interactive = renderHtml(run, { reportDir, interactive: true });
    const specs = [...interactive.matchAll(pattern)];
    expect(specs.length).toBe(1);
    const chart = run.cells.flatMap((cell) => cell.outputs).find((item) => item.kind === 'chart');
    expect(JSON.parse(specs[0][2])).toEqual(chart && chart.kind === 'chart' ? chart.spec : null);
    expect(interactive).toMatch(
      new RegExp(`<figure class="chart" id="${specs[0][1]}"[^>]*>\\n<svg`),
    );
  });

  it('renderHtml(run) embeds the provenance manifest, which readProvenance reads back', () => {
    const manifest = readProvenance(Buffer.from(html));
    expect(manifest.notebook.path).toBe('packages/report/test/fixtures/notebooks/golden.md');
    expect(manifest.format).toBe('html');
    expect(manifest.parameters).toEqual({ scale: 2, label: 'demo' });
    expect(manifest.seed).toBe(42);
    expect(manifest.inputs.map((input) => input.path)).toEqual([
      'data/fit-lyall-cluster.json',
      'data/small.csv',
    ]);
    expect(manifest.versions).toEqual(FIXED_VERSIONS);
    expect(manifest.cells.map((cell) => cell.id)).toEqual([
      'inline-1',
      'inline-2',
      'inline-3',
      'cell-1',
      'cell-2',
      'inline-4',
      'inline-5',
      'cell-3',
      'cell-4',
      'cell-5',
    ]);
  });

  it('renderHtml(run) aligns the decimal points of a numeric column; text such as NA keeps to the right', () => {
    expect(html).toContain(
      '<td class="r">2<span class="frac" style="min-width: 3ch">.5</span></td>',
    );
    expect(html).toContain(
      '<td class="r">5<span class="frac" style="min-width: 3ch">.75</span></td>',
    );
    expect(html).toContain('<td class="r">NA</td>');
  });

  it('renderHtml(run) escapes prose and values: special characters come out as written', () => {
    expect(html).toContain(
      'special\ncharacters: # * _ $ @ &lt; &gt; [ ] ~ / = + - \\ and &quot;quotes&quot;.',
    );
    expect(html).toContain('an escaped ${literal} and code <code>${not evaluated}</code>');
    expect(html).toContain('The total is 30; one third is 0.3333333.');
  });
});
