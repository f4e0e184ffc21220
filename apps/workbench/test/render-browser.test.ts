import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from './support/browser.ts';

const repoRoot = resolve(import.meta.dirname, '../../..');
const screenshots = join(repoRoot, 'artifacts', 'screenshots');

let out: string;
let html: string;
let browser: Browser;

beforeAll(async () => {
  out = mkdtempSync(join(tmpdir(), 'muster-render-browser-'));
  // The README's main command, on the demo notebook: it fits a model and draws two charts.
  const result = spawnSync(
    process.execPath,
    [
      '--conditions=@muster/source',
      '--import',
      'tsx',
      'apps/workbench/src/cli.ts',
      'render',
      'notebooks/demo.md',
      '--to',
      'html',
      '--out',
      out,
      '--no-cache',
    ],
    { cwd: repoRoot, encoding: 'utf8' },
  );
  if (result.status !== 0)
    throw new Error(`muster render failed (${result.status}): ${result.stderr}`);
  html = readFileSync(join(out, 'demo.html'), 'utf8');
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  rmSync(out, { recursive: true, force: true });
});

describe('the demo report in Chromium', () => {
  it('loads with every network request blocked, makes none, and draws every chart', async () => {
    const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
    const requests: string[] = [];
    const problems: string[] = [];
    await page.route('**/*', (route) => {
      requests.push(route.request().url());
      return route.abort();
    });
    page.on('request', (request) => requests.push(request.url()));
    page.on('console', (message) => {
      if (message.type() === 'error' || message.type() === 'warning') problems.push(message.text());
    });
    page.on('pageerror', (error) => problems.push(error.message));
    await page.setContent(html, { waitUntil: 'load' });

    const charts = await page.evaluate(() =>
      [...document.querySelectorAll<HTMLElement>('figure.chart')].map((figure) => {
        const id = figure.id;
        const svg = figure.querySelector('svg');
        const box = svg?.getBoundingClientRect();
        // Drawn marks: Vega writes each mark group as <g class="mark-...">; count its shapes.
        const shapes = svg
          ? svg.querySelectorAll(
              'g[class^="mark-"] path, g[class^="mark-"] rect, g[class^="mark-"] line, g[class^="mark-"] text',
            ).length
          : 0;
        const marks = svg
          ? [...svg.querySelectorAll('g[class^="mark-"]')].map(
              (g) => g.getAttribute('class')?.split(' ')[0],
            )
          : [];
        return {
          id,
          // Tooltips: a <title> inside a drawn mark, shown by the browser on hover.
          tooltips: svg ? svg.querySelectorAll('g[class^="mark-"] path > title').length : 0,
          width: box?.width ?? 0,
          height: box?.height ?? 0,
          shapes,
          dataMarks: marks.filter(
            (name) => name !== 'mark-group' && name !== 'mark-text' && name !== 'mark-rule',
          ).length,
        };
      }),
    );
    expect(charts.map((chart) => chart.id)).toEqual(['chart-1', 'chart-2']);
    // The forest plot's intervals and points carry their tooltips (the curve of chart 2 is one
    // path, which gets none).
    expect(charts[0].tooltips).toBeGreaterThan(0);
    // The static report carries the drawings, not the charts' data (that is for the web app).
    expect(await page.locator('script.muster-vega-lite').count()).toBe(0);
    for (const chart of charts) {
      expect(chart.width).toBeGreaterThan(200);
      expect(chart.height).toBeGreaterThan(100);
      expect(chart.shapes).toBeGreaterThan(10);
      expect(chart.dataMarks).toBeGreaterThan(0);
    }
    // The fit is shown with its diagnostics.
    expect(await page.locator('.fit .fit-title').first().textContent()).toBe(
      'Binomial GLM (logit link)',
    );
    expect(await page.locator('.fit ul.diagnostics li').count()).toBeGreaterThanOrEqual(3);
    expect(await page.locator('nav.toc a').allTextContents()).toEqual([
      'Data',
      'Model',
      'Odds ratios',
      'Predicted probability',
      'Notes',
      'References',
    ]);

    mkdirSync(screenshots, { recursive: true });
    await page.screenshot({ path: join(screenshots, 'render-demo.png'), fullPage: true });
    expect(requests).toEqual([]);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('at phone width charts keep legible text (at least 85% of their size) and scroll in their own box', async () => {
    const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
    await page.setContent(html, { waitUntil: 'load' });
    const charts = await page.$$eval('figure.chart', (figures) =>
      figures.map((figure) => ({
        natural: Number((figure as HTMLElement).dataset.width),
        shown: figure.querySelector('svg')!.getBoundingClientRect().width,
        box: figure.clientWidth,
        scroll: figure.scrollWidth,
      })),
    );
    expect(charts.length).toBe(2);
    for (const chart of charts) {
      expect(chart.shown).toBeGreaterThanOrEqual(Math.round(chart.natural * 0.85) - 1);
      expect(chart.box).toBeLessThanOrEqual(390);
      if (chart.shown > chart.box) expect(chart.scroll).toBeGreaterThan(chart.box);
    }
    // The page itself does not scroll sideways: only the wide charts' boxes do.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
      390,
    );
    await page.screenshot({ path: join(screenshots, 'render-demo-phone.png'), fullPage: true });
    await page.close();
  });
});
