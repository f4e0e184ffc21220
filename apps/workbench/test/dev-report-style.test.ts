import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from './support/browser.ts';
import { type DevProcess, repoRoot, scratchFolder, startDev } from './support/dev-server.ts';

const screenshots = join(repoRoot, 'artifacts', 'screenshots');

/** Pixels that differ between two PNG screenshots of the same size, counted in the browser. */
async function differingPixels(page: Page, a: Buffer, b: Buffer): Promise<string> {
  return page.evaluate(
    async ([first, second]) => {
      const pixels = async (base64: string) => {
        const blob = await (await fetch(`data:image/png;base64,${base64}`)).blob();
        const bitmap = await createImageBitmap(blob);
        const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
        const context = canvas.getContext('2d')!;
        context.drawImage(bitmap, 0, 0);
        return {
          size: `${bitmap.width}x${bitmap.height}`,
          data: context.getImageData(0, 0, bitmap.width, bitmap.height).data,
        };
      };
      const [x, y] = [await pixels(first), await pixels(second)];
      if (x.size !== y.size) return `sizes ${x.size} and ${y.size}`;
      let count = 0;
      const width = Number(x.size.split('x')[0]);
      const rows = new Set<number>();
      for (let i = 0; i < x.data.length; i += 4) {
        if (
          x.data[i] !== y.data[i] ||
          x.data[i + 1] !== y.data[i + 1] ||
          x.data[i + 2] !== y.data[i + 2]
        ) {
          count++;
          rows.add(Math.floor(i / 4 / width));
        }
      }
      const bands: string[] = [];
      for (const row of [...rows].sort((m, n) => m - n)) {
        const last = bands.at(-1)?.split('-');
        if (last && Number(last[1]) === row - 1) bands[bands.length - 1] = `${last[0]}-${row}`;
        else bands.push(`${row}-${row}`);
      }
      return `${count} pixels differ${count ? ` in rows ${bands.slice(0, 40).join(', ')}` : ''}`;
    },
    [a.toString('base64'), b.toString('base64')],
  );
}

/**
 * Hides what is inside each chart's box, keeping the box (and so the layout around it), in the
 * document or in the app's shadow root.
 */
async function hideChartDrawings(page: Page, host: string | null): Promise<void> {
  await page.evaluate((hostSelector) => {
    const style = document.createElement('style');
    style.textContent = 'figure.chart svg, figure.chart canvas { visibility: hidden; }';
    const root = hostSelector ? document.querySelector(hostSelector)!.shadowRoot! : document.head;
    root.append(style);
  }, host);
}

/** Width and height of each chart drawing in the report, in order. */
async function chartSizes(page: Page, root: string): Promise<string[]> {
  return page.locator(`${root} figure.chart`).evaluateAll((figures) =>
    figures.map((figure) => {
      // The largest visible drawing (the app keeps the static SVG hidden beside its live view).
      const boxes = [...figure.querySelectorAll('svg, canvas')].map((d) =>
        d.getBoundingClientRect(),
      );
      const box = boxes.sort((a, b) => b.width * b.height - a.width * a.height)[0];
      return box ? `${Math.round(box.width)}x${Math.round(box.height)}` : 'none';
    }),
  );
}

describe('muster dev shows a report as the static HTML shows it', () => {
  let folder: ReturnType<typeof scratchFolder>;
  let dev: DevProcess;
  let browser: Browser;
  let staticFile: string;

  beforeAll(async () => {
    mkdirSync(screenshots, { recursive: true });
    folder = scratchFolder({});
    mkdirSync(join(folder.dir, 'data'));
    copyFileSync(join(repoRoot, 'notebooks/demo.md'), join(folder.dir, 'demo.md'));
    copyFileSync(join(repoRoot, 'notebooks/references.bib'), join(folder.dir, 'references.bib'));
    copyFileSync(
      join(repoRoot, 'notebooks/data/lyall_synthetic.csv'),
      join(folder.dir, 'data/lyall_synthetic.csv'),
    );
    dev = await startDev(folder.dir);
    // The exported HTML is byte for byte what `muster render` writes (see dev-server.test.ts).
    const exported = await dev.post('api/export', { path: 'demo.md', format: 'html' });
    expect(exported.status).toBe(200);
    staticFile = join(folder.dir, 'demo-static.html');
    writeFileSync(staticFile, Buffer.from(await exported.arrayBuffer()));
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await dev?.stop();
    folder?.remove();
  });

  for (const [name, viewport] of [
    ['desktop', { width: 1200, height: 900 }],
    ['phone', { width: 390, height: 844 }],
  ] as const) {
    it(`the demo notebook in the app's report view matches the static report but for a few single rows (${name})`, async () => {
      const page = await browser.newPage({ viewport });
      await page.goto(`file://${staticFile}`);
      const staticCharts = await chartSizes(page, '.page');
      await hideChartDrawings(page, null);
      const expected = await page.locator('.page').screenshot({ animations: 'disabled' });
      await page.goto(dev.url);
      await page.goto(`${dev.base}notebook/demo.md`);
      await page.waitForSelector('body[data-status="ok"]', { timeout: 120_000 });
      await page.click('#controls-toggle');
      await page.waitForSelector('#report-host figure.chart[data-interactive="true"]');
      // The app's sticky header would cover the top of the report in an element screenshot.
      await page.addStyleTag({ content: 'header.app { position: static; }' });
      // The app draws its charts live with Vega in the page (interactive); the static report has
      // Vega's SVG drawn in Node. Their boxes must match; their antialiased strokes may not.
      expect(await chartSizes(page, '#report-host .page')).toEqual(staticCharts);
      await hideChartDrawings(page, '#report-host');
      const shown = await page.locator('#report-host .page').screenshot({ animations: 'disabled' });
      writeFileSync(join(screenshots, `dev-demo-${name}.png`), shown);
      writeFileSync(join(screenshots, `static-demo-${name}.png`), expected);
      // Allowed: a few single rows that differ (a border at a fractional position is antialiased
      // differently inside the shadow root); not a band of two or more rows (a shifted layout,
      // a lost style).
      const difference = await differingPixels(page, expected, shown);
      const bands = [...difference.matchAll(/(\d+)-(\d+)/g)].map(
        ([, a, b]) => Number(b) - Number(a),
      );
      expect(difference.startsWith('sizes'), difference).toBe(false);
      expect(
        bands.filter((height) => height > 0),
        difference,
      ).toEqual([]);
      expect(bands.length, difference).toBeLessThanOrEqual(4);
      await page.close();
    });
  }

  it('contents links scroll to their section inside the app', async () => {
    const page = await browser.newPage({ viewport: { width: 1200, height: 700 } });
    await page.goto(dev.url);
    await page.goto(`${dev.base}notebook/demo.md`);
    await page.waitForSelector('body[data-status="ok"]', { timeout: 120_000 });
    const link = page.locator('#report-host nav.toc a', { hasText: 'Odds ratios' });
    const id = (await link.getAttribute('href'))!.slice(1);
    await link.click();
    await page.waitForFunction(
      (target) => {
        const heading = document.getElementById('report-host')!.shadowRoot!.getElementById(target)!;
        const top = heading.getBoundingClientRect().top;
        return top >= 0 && top < 200;
      },
      id,
      { timeout: 5_000 },
    );
    expect(page.url().endsWith(`#${id}`)).toBe(true);
    await page.close();
  });
});
