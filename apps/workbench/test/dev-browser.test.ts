import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from './support/browser.ts';
import {
  type DevProcess,
  repoRoot,
  scratchFolder,
  startDev,
  testNotebook,
} from './support/dev-server.ts';

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

const waitNotebook = `---
title: Waiting
parameters:
  pause:
    default: 0
---

\`\`\`ts
const pause = Number(params.pause);
\`\`\`

\`\`\`ts
await new Promise((resolve) => setTimeout(resolve, pause));
'waited'
\`\`\`

\`\`\`ts
'independent'
\`\`\`
`;

const reactiveNotebook = `---
title: Reactive
---

\`\`\`ts
const base = 2;
\`\`\`

\`\`\`ts
const scaled = base * 10;
\`\`\`

\`\`\`ts
const other = 7;
\`other is \${other}\`
\`\`\`

\`\`\`ts
\`scaled is \${scaled}\`
\`\`\`
`;

describe('muster dev in Chromium', () => {
  let folder: ReturnType<typeof scratchFolder>;
  let dev: DevProcess;
  let browser: Browser;
  let page: Page;
  const consoleErrors: string[] = [];

  beforeAll(async () => {
    mkdirSync(screenshots, { recursive: true });
    folder = scratchFolder({
      'values.md': testNotebook,
      'slow.md': slowNotebook,
      'wait.md': waitNotebook,
      'reactive.md': reactiveNotebook,
    });
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

  it('opens the index from the printed URL, which leaves the token in a cookie', async () => {
    await page.goto(dev.url);
    expect(page.url()).toBe(dev.base);
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
    expect(
      await page
        .locator('#report-host figure.chart .muster-interactive svg .mark-rect path')
        .count(),
    ).toBe(4);
    expect(await reportText()).toContain('total = 20');
    expect(
      await page.$$eval('#report-host section.cell', (s) =>
        s.map((e) => (e as HTMLElement).dataset.status),
      ),
    ).toEqual(['ran', 'ran', 'ran']);
    await page.screenshot({ path: join(screenshots, 'dev-notebook.png'), fullPage: true });
  });

  /** Change the notebook file with `save`, then wait for the page to show `expected`. */
  const saveAndSee = async (save: (file: string, text: string) => void, expected: string) => {
    const file = join(folder.dir, 'values.md');
    const version = Number(await page.getAttribute('body', 'data-version'));
    save(file, readFileSync(file, 'utf8'));
    await page.waitForFunction(
      (v) => Number(document.body.dataset.version) > v && document.body.dataset.status === 'ok',
      version,
      { timeout: 30_000 },
    );
    expect(await reportText()).toContain(expected);
  };
  const values = (text: string, list: string) => text.replace(/\[[\d, ]+\]\.map/, `[${list}].map`);
  const saveByRename = (file: string, text: string) => {
    // As vim, JetBrains IDEs and the app itself save: a new file renamed over the old one.
    writeFileSync(`${file}.swp-new`, text);
    renameSync(`${file}.swp-new`, file);
  };

  it('updates the open page when the notebook file is written in place', async () => {
    await saveAndSee(
      (file, text) => writeFileSync(file, values(text, '1, 2, 3, 4, 5')),
      'total = 30',
    );
  });

  it('keeps updating after saves by rename (the watcher follows the new file)', async () => {
    await saveAndSee((file, text) => saveByRename(file, values(text, '1, 1')), 'total = 4');
    await saveAndSee((file, text) => saveByRename(file, values(text, '1, 1, 1')), 'total = 6');
    await saveAndSee((file, text) => writeFileSync(file, values(text, '2, 2')), 'total = 8');
  });

  it('updates the open page after git checkout of another version', async () => {
    const git = (...args: string[]) =>
      execFileSync('git', ['-c', 'user.email=t@example.org', '-c', 'user.name=t', ...args], {
        cwd: folder.dir,
        stdio: 'pipe',
      });
    git('init', '-q');
    git('add', 'values.md');
    git('commit', '-qm', 'two values');
    await saveAndSee((file, text) => writeFileSync(file, values(text, '5, 5, 5')), 'total = 30');
    git('add', 'values.md');
    git('commit', '-qm', 'three values');
    await saveAndSee(() => git('checkout', '-q', 'HEAD~1', '--', 'values.md'), 'total = 8');
    await saveAndSee(() => git('checkout', '-q', 'HEAD', '--', 'values.md'), 'total = 30');
    await saveAndSee(
      (file, text) => writeFileSync(file, values(text, '1, 2, 3, 4, 5')),
      'total = 30',
    );
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

  it('adds, moves and deletes a cell from the page; the file comes back byte for byte', async () => {
    const file = join(folder.dir, 'values.md');
    const original = readFileSync(file, 'utf8');
    const afterChange = async (act: () => Promise<void>) => {
      const version = Number(await page.getAttribute('body', 'data-version'));
      await act();
      await page.waitForFunction(
        (v) => Number(document.body.dataset.version) > v && document.body.dataset.status === 'ok',
        version,
        { timeout: 30_000 },
      );
    };
    await afterChange(() => page.locator('#report-host section#cell-1 button.add-cell').click());
    const editor = page.locator('#report-host section#cell-2 .muster-editor textarea');
    await afterChange(async () => {
      await editor.fill('`added: ${values.length}`');
      await editor.press('Shift+Enter');
    });
    expect(await reportText()).toContain('added: 5');
    const added = readFileSync(file, 'utf8');
    expect(added).toContain('```\n\n```ts\n`added: ${values.length}`\n```\n');
    await afterChange(() => page.locator('#report-host section#cell-2 button.move-down').click());
    const moved = readFileSync(file, 'utf8');
    expect(moved.indexOf('added:')).toBeGreaterThan(moved.indexOf('edited:'));
    page.once('dialog', (dialog) => void dialog.accept());
    await afterChange(() => page.locator('#report-host section#cell-3 button.delete-cell').click());
    expect(readFileSync(file, 'utf8')).toBe(original);
    expect(await reportText()).not.toContain('added:');
  });

  it('refuses an empty number in the parameters form without running', async () => {
    const version = Number(await page.getAttribute('body', 'data-version'));
    await page.fill('#parameters-form input[name="multiplier"]', '');
    await page.click('#parameters-form button[type="submit"]');
    const message = await page.$eval(
      '#parameters-form input[name="multiplier"]',
      (input) => (input as HTMLInputElement).validationMessage,
    );
    expect(message).not.toBe('');
    await new Promise((r) => setTimeout(r, 300));
    expect(Number(await page.getAttribute('body', 'data-version'))).toBe(version);
    expect(await page.getAttribute('body', 'data-status')).toBe('ok');
    expect(await page.isVisible('#error-banner')).toBe(false);
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

  it('shows the running cell and marks outputs not yet redone as stale', async () => {
    await page.goto(`${dev.base}notebook/wait.md`);
    await page.waitForSelector('body[data-status="ok"]', { timeout: 30_000 });
    await page.fill('#parameters-form input[name="pause"]', '2500');
    await page.click('#parameters-form button[type="submit"]');
    await page.waitForSelector('#report-host section#cell-2[data-status="running"]', {
      timeout: 10_000,
    });
    expect(await page.textContent('#report-host section#cell-2 .badge')).toBe('running…');
    // Cells 1 and 2 use the parameter; cell 3 does not and keeps its output.
    expect(await page.getAttribute('#report-host section#cell-2', 'data-stale')).toBe('true');
    expect(await page.getAttribute('#report-host section#cell-3', 'data-stale')).toBe(null);
    await page.waitForSelector('body[data-status="ok"]', { timeout: 30_000 });
    const badge = await page.textContent('#report-host section#cell-2 .badge');
    expect(Number(/ran · (\d+) ms/.exec(badge ?? '')?.[1])).toBeGreaterThanOrEqual(2400);
    expect(await page.getAttribute('#report-host section#cell-2', 'data-stale')).toBe(null);
    expect(await page.getAttribute('#report-host section#cell-3', 'data-status')).toBe('cached');
  });

  it('an edit in the page re-runs that cell and its dependents only; a failure stops only its dependents', async () => {
    await page.goto(`${dev.base}notebook/reactive.md`);
    await page.waitForFunction(() => document.body.dataset.status === 'ok', null, {
      timeout: 30_000,
    });
    const runs = () =>
      page.$$eval('#report-host section.cell', (sections) =>
        sections.map((e) => Number((e as HTMLElement).dataset.runs)),
      );
    const edit = async (source: string) => {
      const version = Number(await page.getAttribute('body', 'data-version'));
      await page.locator('#report-host section#cell-2 button.edit-cell').click();
      const editor = page.locator('#report-host section#cell-2 .muster-editor textarea');
      await editor.fill(source);
      await editor.press('Shift+Enter');
      return version;
    };
    const settled = (version: number) =>
      page.waitForFunction(
        (v) =>
          Number(document.body.dataset.version) > v && document.body.dataset.status !== 'running',
        version,
        { timeout: 30_000 },
      );
    const before = await runs();
    const version = await edit(
      'await new Promise((resolve) => setTimeout(resolve, 1500));\nconst scaled = base * 100;',
    );
    await page.waitForSelector('#report-host section#cell-2[data-status="running"]', {
      timeout: 10_000,
    });
    const stale = await page.$$eval('#report-host section.cell', (sections) =>
      sections.map((e) => (e as HTMLElement).dataset.stale ?? null),
    );
    expect(stale).toEqual([null, 'true', null, 'true']);
    await page.screenshot({ path: join(screenshots, 'dev-reactive-running.png'), fullPage: true });
    await settled(version);
    expect(await reportText()).toContain('scaled is 200');
    expect(await reportText()).toContain('other is 7');
    const after = await runs();
    expect(after.map((n, i) => n - before[i])).toEqual([0, 1, 0, 1]);
    expect(
      await page.$$eval('#report-host section.cell', (s) =>
        s.map((e) => (e as HTMLElement).dataset.status),
      ),
    ).toEqual(['cached', 'ran', 'cached', 'ran']);

    const failing = await edit("throw new Error('no scale');\nconst scaled = 0;");
    await settled(failing);
    expect(
      await page.$$eval('#report-host section.cell', (s) =>
        s.map((e) => (e as HTMLElement).dataset.status),
      ),
    ).toEqual(['cached', 'failed', 'cached', 'not-run']);
    expect(await reportText()).toContain('other is 7');
    expect(await reportText()).toContain('Not run: it needs cell 2, which failed.');
    expect((await runs()).map((n, i) => n - after[i])).toEqual([0, 1, 0, 0]);
  });

  it('shows progress of a long run and cancels it', async () => {
    await page.goto(`${dev.base}notebook/slow.md`);
    await page.waitForSelector('body[data-status="running"]', { timeout: 30_000 });
    expect(await page.isVisible('#run-progress')).toBe(true);
    await page.click('#cancel-button');
    await page.waitForSelector('body[data-status="cancelled"]', { timeout: 10_000 });
    expect(await page.isVisible('#cancel-button')).toBe(false);
    // The server is still responsive after terminating the stuck worker.
    const state = await (await dev.api('api/notebook?path=slow.md')).json();
    expect(state.status).toBe('cancelled');
  });

  it('cancels an export of a notebook that never ends', async () => {
    await page.click('#export-html');
    await page.waitForSelector('#export-status:not([hidden])');
    await page.click('#export-cancel');
    await page.waitForSelector('#export-status[hidden]', { state: 'attached', timeout: 10_000 });
    expect(await page.textContent('#error-banner')).toBe('muster dev export cancelled');
    // Chromium logs the answer to the cancelled export (409) as a console error.
    const conflict = consoleErrors.findIndex((m) => /status of 409/.test(m));
    expect(conflict).toBeGreaterThanOrEqual(0);
    consoleErrors.splice(conflict, 1);
  });

  it('a page on another origin or behind DNS rebinding can neither run, edit nor read', async () => {
    const port = Number(new URL(dev.base).port);
    const before = readFileSync(join(folder.dir, 'values.md'), 'utf8');
    const { version } = await (await dev.api('api/notebook?path=values.md')).json();
    // The user has the app open (the browser holds the session cookie) and visits these pages.
    const foreign = [
      `http://evil.example:${port}/`, // DNS rebinding: evil.example now resolves to 127.0.0.1
      `http://127.0.0.1:${port + 1}/`, // another local port: same site, other origin
      'http://attacker.test/',
    ];
    const attacker = await browser.newContext();
    await (await attacker.newPage()).goto(dev.url); // session cookie in this context too
    for (const origin of foreign) {
      const evil = await attacker.newPage();
      await evil.route(origin, (route) =>
        route.fulfill({ contentType: 'text/html', body: '<!doctype html><title>evil</title>' }),
      );
      await evil.goto(origin);
      const target = origin.startsWith('http://evil.example') ? origin : dev.base;
      const results = await evil.evaluate(async (base) => {
        const attempt = async (url: string, init: RequestInit) => {
          try {
            const response = await fetch(url, { credentials: 'include', ...init });
            return `${response.status} ${response.type} ${(await response.text()).slice(0, 40)}`;
          } catch (error) {
            return `refused: ${(error as Error).name} ${(error as Error).message}`;
          }
        };
        const json = JSON.stringify({ path: 'values.md', cell: 1, source: 'evil()', previous: '' });
        return [
          await attempt(`${base}api/cell`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: json,
          }),
          await attempt(`${base}api/cell`, { method: 'POST', mode: 'no-cors', body: json }),
          await attempt(`${base}api/run`, { method: 'POST', mode: 'no-cors', body: json }),
          await attempt(`${base}files/values.md`, {}),
          await attempt(`${base}api/notebook?path=values.md`, {}),
          await attempt(`${base}files/values.md`, { mode: 'no-cors' }),
        ];
      }, target);
      for (const result of results) {
        // Either the browser refuses, or the answer is opaque (no-cors), or the server says 403.
        expect([origin, result]).toEqual([
          origin,
          expect.stringMatching(/^(refused: TypeError|0 opaque $|403 basic muster dev refuses)/),
        ]);
      }
      await evil.close();
    }
    await attacker.close();
    expect(readFileSync(join(folder.dir, 'values.md'), 'utf8')).toBe(before);
    const after = await (await dev.api('api/notebook?path=values.md')).json();
    expect(after.version).toBe(version);
  });

  it('logged no console errors', () => {
    expect(consoleErrors).toEqual([]);
  });
});
