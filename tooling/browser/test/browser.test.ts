/**
 * The packages in a browser: page/app.ts (a clustered logit with @muster/glm and its separation
 * check through the README's HiGHS recipe, Kaplan-Meier curves and a Cox model with
 * @muster/survival, and their @muster/charts specs drawn by vega-embed) is bundled with esbuild
 * from the published builds, served from a local static server and run in Chromium. The page
 * must log no error, compute the numbers Node computes, and draw every chart. The README's own
 * recipes run as written in readme-recipes.test.ts.
 */
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { expectClose } from '@muster/test-support';
import { build } from 'esbuild';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyse, type Numbers } from '../page/compute.ts';
import { launchChromium } from './support/chromium.ts';
import { serveFolder } from './support/static-server.ts';

const here = resolve(import.meta.dirname, '..');
const require = createRequire(import.meta.url);

let out: string;
let browser: Browser;
let page: Page;
let stop: () => Promise<void>;
const problems: string[] = [];
const wasmRequests: string[] = [];
let fromPage: { numbers: Numbers; computeMs: number; totalMs: number };

beforeAll(async () => {
  out = mkdtempSync(join(tmpdir(), 'muster-browser-'));
  // The README recipe: esbuild, ESM with splitting (highs in its own chunk), node:module external
  // (highs' Node-only branch), highs.wasm copied beside the bundle.
  await build({
    entryPoints: [join(here, 'page/app.ts')],
    outdir: out,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    external: ['node:module'],
    logLevel: 'error',
  });
  copyFileSync(join(require.resolve('highs/runtime')), join(out, 'highs.wasm'));
  const server = await serveFolder(out, {
    'index.html':
      '<!doctype html><html lang="en"><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>muster</title></head><body><script type="module" src="./app.js"></script></body></html>',
  });
  stop = server.close;
  browser = await launchChromium();
  page = await browser.newPage();
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning') {
      problems.push(`console.${message.type()}: ${message.text()}`);
    }
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('requestfailed', (request) => problems.push(`request failed: ${request.url()}`));
  page.on('request', (request) => {
    const path = new URL(request.url()).pathname;
    if (path.endsWith('.wasm')) wasmRequests.push(path);
  });
  page.on('response', (response) => {
    if (response.status() >= 400) problems.push(`HTTP ${response.status()}: ${response.url()}`);
  });
  await page.goto(`${server.url}/index.html`);
  await page.waitForFunction(() => window.musterDone === true, undefined, { timeout: 60_000 });
  const error = await page.evaluate(() => window.musterError);
  if (error !== undefined) throw new Error(`the page failed: ${error}`);
  fromPage = (await page.evaluate(() => window.musterResult)) as typeof fromPage;
  // To look at the page: MUSTER_BROWSER_SCREENSHOT=page.png pnpm test
  const screenshot = process.env.MUSTER_BROWSER_SCREENSHOT;
  if (screenshot) await page.screenshot({ path: resolve(screenshot), fullPage: true });
});

afterAll(async () => {
  await browser?.close();
  await stop?.();
  if (out !== undefined) rmSync(out, { recursive: true, force: true });
});

describe('Muster in Chromium (esbuild bundle of the published builds)', () => {
  it('runs with no console error or warning, no failed request and no page error', () => {
    expect(problems).toEqual([]);
  });

  it('computes what Node computes: glm with clustered errors and the separation check, KM, Cox', async () => {
    const node = (await analyse()).numbers;
    const tight = { rtol: 1e-12, atol: 1e-15 };
    const { glm, km, cox } = fromPage.numbers;
    // The separation LP ran in the page (HiGHS loaded from highs.wasm), with no warning.
    expect(glm.separationChecked).toBe(true);
    expect(glm.separationMethod).toBe('linear-programming (Konis 2007)');
    expect(wasmRequests).toEqual(['/highs.wasm']);
    expect(glm.warnings).toEqual(node.glm.warnings);
    expect(glm.terms).toEqual(node.glm.terms);
    expect(glm.nClusters).toBe(node.glm.nClusters);
    expectClose(glm.estimate, node.glm.estimate, tight);
    expectClose(glm.stdError, node.glm.stdError, tight);
    expectClose(glm.pValue, node.glm.pValue, tight);
    expectClose(glm.deviance, node.glm.deviance, tight);
    expect(km.map((s) => [s.group, s.time, s.median])).toEqual(
      node.km.map((s) => [s.group, s.time, s.median]),
    );
    km.forEach((stratum, k) => {
      expectClose(stratum.surv, node.km[k]!.surv, tight);
      expectClose(stratum.lower, node.km[k]!.lower, tight);
    });
    expect(cox.terms).toEqual(node.cox.terms);
    expectClose(cox.estimate, node.cox.estimate, tight);
    expectClose(cox.stdError, node.cox.stdError, tight);
    expectClose([cox.logLik, cox.concordance], [node.cox.logLik, node.cox.concordance], tight);
    // And Node's numbers are R's (the packages' own reference tests hold them to R; here a
    // spot check: survival's README, R 4.2 survival 3.4).
    expectClose(cox.estimate[2]!, 0.4637, { rtol: 1e-3 });
    expect(km.map((s) => s.median)).toEqual([270, 426]);
  });

  it('draws every chart: an SVG with its marks', async () => {
    const drawn = await page.evaluate(() =>
      ['odds-ratios', 'kaplan-meier', 'cox-coefficients'].map((id) => {
        const svg = document.querySelector(`#${id} svg`);
        const box = svg?.getBoundingClientRect();
        return {
          id,
          width: box?.width ?? 0,
          height: box?.height ?? 0,
          marks: svg?.querySelectorAll('path, rect, line, circle, text').length ?? 0,
          symbols:
            svg?.querySelectorAll('.mark-symbol path, .mark-rule line, .mark-line path').length ??
            0,
        };
      }),
    );
    for (const chart of drawn) {
      expect(chart.width, chart.id).toBeGreaterThan(100);
      expect(chart.height, chart.id).toBeGreaterThan(100);
      expect(chart.symbols, chart.id).toBeGreaterThan(2);
    }
  });

  it('stays within a few seconds in the page', () => {
    // Measured on 2 shared cores: about 1 s to compute and draw (HiGHS load included).
    expect(fromPage.totalMs).toBeLessThan(10_000);
  });
});
