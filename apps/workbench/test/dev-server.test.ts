import { execFileSync } from 'node:child_process';
import { readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { replaceCellSource } from '../src/dev/edit-cell.ts';
import {
  repoRoot,
  scratchFolder,
  startDev,
  testNotebook,
  workbench,
} from './support/dev-server.ts';

describe('replaceCellSource', () => {
  it('replaceCellSource(text, 2, source) changes only that cell, keeping prose and fences', () => {
    const out = replaceCellSource(testNotebook, 2, '`sum = ${values.length}`\nconst extra = 1;');
    expect(out).toContain('`sum = ${values.length}`\nconst extra = 1;\n```');
    expect(out).not.toContain('total =');
    expect(
      out.replace(
        '`sum = ${values.length}`\nconst extra = 1;',
        '`total = ${values.reduce((a, b) => a + b, 0)}`',
      ),
    ).toBe(testNotebook);
  });

  it('replaceCellSource refuses a cell that does not exist and a source with a fence', () => {
    expect(() => replaceCellSource(testNotebook, 9, 'x')).toThrow(
      /existing code cell; received cell 9/,
    );
    expect(() => replaceCellSource(testNotebook, 1, '```\nx')).toThrow(/without code fences/);
  });
});

describe('muster dev (HTTP)', () => {
  let folder: ReturnType<typeof scratchFolder>;
  let dev: Awaited<ReturnType<typeof startDev>>;

  beforeAll(async () => {
    folder = scratchFolder({ 'values.md': testNotebook, 'data/secret.txt': 'inside' });
    writeFileSync(join(folder.dir, '..', 'outside-secret.txt'), 'outside');
    symlinkSync(join(folder.dir, '..', 'outside-secret.txt'), join(folder.dir, 'link-out.txt'));
    dev = await startDev(folder.dir);
  });
  afterAll(async () => {
    await dev?.stop();
    folder?.remove();
  });

  it('binds 127.0.0.1 by default', () => {
    expect(dev.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
  });

  it('lists the notebook on the index page with its title', async () => {
    const html = await (await fetch(dev.url)).text();
    expect(html).toContain('Dev server test notebook');
    expect(html).toContain('href="/notebook/values.md"');
  });

  it('serves files inside the folder and nothing outside it (path traversal)', async () => {
    expect((await fetch(`${dev.url}files/data/secret.txt`)).status).toBe(200);
    const attempts = [
      'files/../outside-secret.txt',
      'files/%2e%2e/outside-secret.txt',
      'files/..%2foutside-secret.txt',
      'files/%2e%2e%2f%2e%2e%2fpackage.json',
      'files/data/../../outside-secret.txt',
      'files//etc/passwd',
      'files/%2fetc%2fpasswd',
      'files/link-out.txt',
      'files/data%5c..%5c..%5coutside-secret.txt',
      'notebook/%2e%2e%2f%2e%2e%2fREADME.md',
    ];
    for (const attempt of attempts) {
      // Raw request path: fetch would normalise the dots away.
      const status = await new Promise<number>((resolve, reject) => {
        const url = new URL(dev.url);
        const req = request(
          { host: url.hostname, port: url.port, path: `/${attempt}`, method: 'GET' },
          (res) => {
            res.resume();
            resolve(res.statusCode ?? 0);
          },
        );
        req.on('error', reject);
        req.end();
      });
      expect([attempt, status]).toEqual([attempt, 404]);
    }
  });

  it('refuses cross-origin and non-JSON POSTs', async () => {
    const cross = await fetch(`${dev.url}api/run`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: 'http://evil.example' },
      body: JSON.stringify({ path: 'values.md' }),
    });
    expect(cross.status).toBe(403);
    const form = await fetch(`${dev.url}api/run`, { method: 'POST', body: 'path=values.md' });
    expect(form.status).toBe(403);
  });

  it('runs a notebook and reports per-cell status through the API', async () => {
    await fetch(`${dev.url}notebook/values.md`);
    let state: { status: string; cells: { status: string }[]; html: string | null } = {
      status: 'running',
      cells: [],
      html: null,
    };
    for (let i = 0; i < 120 && (state.status === 'running' || state.status === 'not run'); i++) {
      await new Promise((r) => setTimeout(r, 250));
      state = await (await fetch(`${dev.url}api/notebook?path=values.md`)).json();
    }
    expect(state.status).toBe('ok');
    expect(state.cells.map((c) => c.status)).toEqual(['ran', 'ran', 'ran']);
    expect(state.html).toContain('total = 20');
  });

  it('exports the same HTML bytes that muster render writes to DIR/_out', async () => {
    const exported = new Uint8Array(
      await (await fetch(`${dev.url}api/export?path=values.md&format=html`)).arrayBuffer(),
    );
    const out = join(folder.dir, '_out');
    execFileSync(
      process.execPath,
      [
        '--conditions=@muster/source',
        '--import',
        'tsx',
        join(workbench, 'src/cli.ts'),
        'render',
        join(folder.dir, 'values.md'),
        '--to',
        'html',
        '--out',
        out,
      ],
      { cwd: repoRoot, stdio: 'pipe' },
    );
    expect(Buffer.from(exported).equals(readFileSync(join(out, 'values.html')))).toBe(true);
  });

  it('writes an edited cell back to the notebook file', async () => {
    const response = await fetch(`${dev.url}api/cell`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ path: 'values.md', cell: 2, source: '`count = ${values.length}`' }),
    });
    expect(response.status).toBe(202);
    const text = readFileSync(join(folder.dir, 'values.md'), 'utf8');
    expect(text).toContain('```ts\n`count = ${values.length}`\n```');
  });
});
