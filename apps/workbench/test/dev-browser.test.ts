import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from './support/browser.ts';
import { repoRoot, scratchFolder, startDev, testNotebook } from './support/dev-server.ts';

const screenshots = join(repoRoot, 'artifacts', 'screenshots');
const slowNotebook = `---
title: A long run
---

\`\`\`ts
const quick = 1;
\`\`\`

\`\`\`ts
const stop = Date.now() + 120_000;
while (Date.now() < stop) {}
\`\`\`
`;

describe('muster dev in Chromium', () => {
  let folder: ReturnType<typeof scratchFolder>;
  let dev: Awaited<ReturnType<typeof startDev>>;
  let browser: Browser;
  let page: Page;
  const consoleErrors: string[] = [];

  beforeAll(async () => {
    mkdirSync(screenshots, { recursive: true });
    folder = scratchFolder({ 'values.md': testNotebook, 'slow.md': slowNotebook });
    dev = await startDev(folder.dir);
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1200, height: 900 }, acceptDownloads: true });
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(message.text());
    });
    page.on('pageerror', (error) => consoleErrors.push(error.message));
  });
  afterAll(async () => {
    await browser?.close();
    await dev?.stop();
    folder?.remove();
  });

  const reportText = () =>
    page.evaluate(() => document.getElementById('report-host')!.shadowRoot!.textContent ?? '');
  const reportHtml = () =>
    page.evaluate(() => document.getElementById('report-host')!.shadowRoot!.innerHTML);

  it('opens the index and sees the notebook', async () => {
    await page.goto(dev.url);
    await expect(page.locator('table.notebooks')).toBeDefined();
    expect(await page.locator('a[href="/notebook/values.md"]').textContent()).toBe(
      'Dev server test notebook',
    );
    await page.screenshot({ path: join(screenshots, 'dev-index.png'), fullPage: true });
  });

  it('opens a notebook and sees its chart drawn as SVG by vega-embed', async () => {
    await page.click('a[href="/notebook/values.md"]');
    await page.waitForSelector('body[data-status="ok"]', { timeout: 60_000 });
    await page.waitForSelector('#report-host figure.chart[data-interactive="true"] svg', {
      timeout: 30_000,
    });
    expect(await page.locator('#report-host figure.chart svg .mark-rect path').count()).toBe(4);
    expect(await reportText()).toContain('total = 20');
    expect(await page.locator('#report-host section.cell[data-status="ran"]').count()).toBe(3);
    await page.screenshot({ path: join(screenshots, 'dev-notebook.png'), fullPage: true });
  });

  it('updates the open page when the notebook file changes on disk', async () => {
    const file = join(folder.dir, 'values.md');
    const version = Number(await page.getAttribute('body', 'data-version'));
    writeFileSync(file, readFileSync(file, 'utf8').replace('[1, 2, 3, 4]', '[1, 2, 3, 4, 5]'));
    await page.waitForFunction(
      (v) => Number(document.body.dataset.version) > v && document.body.dataset.status === 'ok',
      version,
      {
        timeout: 30_000,
      },
    );
    expect(await reportText()).toContain('total = 30');
  });

  it('edits a cell in the page (Shift+Enter) and the file changes', async () => {
    const version = Number(await page.getAttribute('body', 'data-version'));
    await page.locator('#report-host section#cell-2 button.edit-cell').click();
    const editor = page.locator('#report-host section#cell-2 .muster-editor textarea');
    await editor.fill('`edited: ${values.length} values`');
    await editor.press('Shift+Enter');
    await page.waitForFunction(
      (v) => Number(document.body.dataset.version) > v && document.body.dataset.status === 'ok',
      version,
      {
        timeout: 30_000,
      },
    );
    expect(readFileSync(join(folder.dir, 'values.md'), 'utf8')).toContain(
      '```ts\n`edited: ${values.length} values`\n```',
    );
    expect(await reportText()).toContain('edited: 5 values');
  });

  it('submits the parameters form and re-runs with the new value', async () => {
    const version = Number(await page.getAttribute('body', 'data-version'));
    await page.fill('#parameters-form input[name="multiplier"]', '10');
    await page.click('#parameters-form button[type="submit"]');
    await page.waitForFunction(
      (v) => Number(document.body.dataset.version) > v && document.body.dataset.status === 'ok',
      version,
      {
        timeout: 30_000,
      },
    );
    const html = await reportHtml();
    expect(html).toContain('>50<');
  });

  it('downloads the PDF from the export button', async () => {
    const [download] = await Promise.all([
      page.waitForEvent('download', { timeout: 60_000 }),
      page.click('#export-pdf'),
    ]);
    const path = join(folder.dir, 'export.pdf');
    await download.saveAs(path);
    expect(readFileSync(path).subarray(0, 5).toString()).toBe('%PDF-');
    expect(download.suggestedFilename()).toBe('values.pdf');
  });

  it('shows progress of a long run and cancels it', async () => {
    await page.goto(`${dev.url}notebook/slow.md`);
    await page.waitForSelector('body[data-status="running"]', { timeout: 30_000 });
    expect(await page.isVisible('#run-progress')).toBe(true);
    await page.click('#cancel-button');
    await page.waitForSelector('body[data-status="cancelled"]', { timeout: 10_000 });
    expect(await page.isVisible('#cancel-button')).toBe(false);
    // The server is still responsive after terminating the stuck worker.
    const state = await (await fetch(`${dev.url}api/notebook?path=slow.md`)).json();
    expect(state.status).toBe('cancelled');
  });

  it('logged no console errors', () => {
    expect(consoleErrors).toEqual([]);
  });
});
