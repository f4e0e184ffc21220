import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { replaceCellSource } from '../src/dev/edit-cell.ts';
import {
  type DevProcess,
  repoRoot,
  scratchFolder,
  startDev,
  testNotebook,
  workbench,
} from './support/dev-server.ts';
import { loadCommand, runInProcess } from './support/run-in-process.ts';

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

const stuckNotebook = `---
title: Stuck
---

\`\`\`ts
while (true) {}
\`\`\`
`;

const limitNotebook = `---
title: A cell over its limit
---

\`\`\`ts
const a = 1;
\`\`\`

\`\`\`ts
//| timeout: 1
while (true) {}
\`\`\`

\`\`\`ts
'third' + a
\`\`\`
`;

const hangNotebook = `---
title: Never ends
timeout: 1
---

\`\`\`ts
while (true) {}
\`\`\`
`;

/** A raw HTTP request (fetch would normalise the path and refuses to set Host). */
function raw(
  base: string,
  path: string,
  options: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  const url = new URL(base);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: url.hostname,
        port: url.port,
        path,
        method: options.method ?? 'GET',
        headers: options.headers,
      },
      (res) => {
        if (String(res.headers['content-type']).startsWith('text/event-stream')) {
          // An open event stream never ends: answer with its status and hang up.
          res.destroy();
          return resolve({ status: res.statusCode ?? 0, headers: res.headers, body: '' });
        }
        let body = '';
        res.on('data', (chunk) => {
          body += chunk;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

async function waitForStatus(dev: DevProcess, path: string, wanted: string[]) {
  let state = { status: '', cells: [] as { status: string }[], html: null as string | null };
  for (let i = 0; i < 160; i++) {
    state = await (await dev.api(`api/notebook?path=${path}`)).json();
    if (wanted.includes(state.status)) return state;
    await new Promise((r) => setTimeout(r, 150));
  }
  throw new Error(`${path} stayed ${state.status}`);
}

describe('muster dev (HTTP)', () => {
  let folder: ReturnType<typeof scratchFolder>;
  let dev: DevProcess;
  let bearer: Record<string, string>;
  let host: string;
  const notebookFile = () => join(folder.dir, 'values.md');

  beforeAll(async () => {
    folder = scratchFolder({
      'values.md': testNotebook,
      'stuck.md': stuckNotebook,
      'limit.md': limitNotebook,
      'hang.md': hangNotebook,
      'data/secret.txt': 'inside',
      'data/.hidden.txt': 'hidden',
      '.env': 'TOKEN=secret',
      '.git/config': '[core]',
    });
    writeFileSync(join(folder.dir, '..', 'outside-secret.txt'), 'outside');
    symlinkSync(join(folder.dir, '..', 'outside-secret.txt'), join(folder.dir, 'link-out.txt'));
    symlinkSync(join(folder.dir, '.env'), join(folder.dir, 'env-link.txt'));
    symlinkSync(join(folder.dir, 'values.md'), join(folder.dir, 'alias.md'));
    dev = await startDev(folder.dir, ['--workers', '1']);
    bearer = { authorization: `Bearer ${dev.token}` };
    host = new URL(dev.base).host;
  });
  afterAll(async () => {
    await dev?.stop();
    folder?.remove();
  });

  it('binds 127.0.0.1 and prints a start URL with a 256-bit session token', () => {
    expect(dev.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[0-9a-f]{64}$/);
  });

  it('lists the notebook on the index page with its title', async () => {
    const html = await (await dev.api('')).text();
    expect(html).toContain('Dev server test notebook');
    expect(html).toContain('href="/notebook/values.md"');
  });

  it('refuses every request whose Host is not a loopback name with the port (DNS rebinding)', async () => {
    const port = new URL(dev.base).port;
    const before = readFileSync(notebookFile(), 'utf8');
    for (const badHost of [`evil.example:${port}`, 'evil.example', `127.0.0.1:${port}.evil`]) {
      const headers = { ...bearer, host: badHost };
      const json = { ...headers, 'content-type': 'application/json', origin: `http://${badHost}` };
      const attempts = [
        await raw(dev.base, '/', { headers }),
        await raw(dev.base, `/?token=${dev.token}`, { headers }),
        await raw(dev.base, '/files/data/secret.txt', { headers }),
        await raw(dev.base, '/api/notebook?path=values.md', { headers }),
        await raw(dev.base, '/api/events?path=values.md', { headers }),
        await raw(dev.base, '/api/cell', {
          method: 'POST',
          headers: json,
          body: JSON.stringify({ path: 'values.md', cell: 1, source: 'x', previous: '' }),
        }),
        await raw(dev.base, '/api/run', {
          method: 'POST',
          headers: json,
          body: JSON.stringify({ path: 'values.md' }),
        }),
      ];
      expect(attempts.map((a) => [badHost, a.status])).toEqual(attempts.map(() => [badHost, 403]));
      expect(attempts.some((a) => a.body.includes('inside'))).toBe(false);
    }
    for (const goodHost of [`localhost:${port}`, `[::1]:${port}`, `LOCALHOST:${port}`]) {
      expect((await raw(dev.base, '/', { headers: { ...bearer, host: goodHost } })).status).toBe(
        200,
      );
    }
    expect(readFileSync(notebookFile(), 'utf8')).toBe(before);
    const state = await (await dev.api('api/notebook?path=values.md')).json();
    expect(state.status).toBe('not run');
  });

  it('refuses requests without the session token or with a wrong one', async () => {
    const wrong = `Bearer ${'0'.repeat(64)}`;
    const paths = [
      '/',
      '/notebook/values.md',
      '/assets/app.js',
      '/files/data/secret.txt',
      '/api/notebook?path=values.md',
      '/api/events?path=values.md',
      `/api/notebook?path=values.md&token=${'0'.repeat(64)}`,
    ];
    for (const path of paths) {
      const variants: Record<string, string>[] = [
        { host },
        { host, authorization: wrong },
        { host, cookie: `muster-dev-${new URL(dev.base).port}=${'0'.repeat(64)}` },
      ];
      for (const headers of variants) {
        const answer = await raw(dev.base, path, { headers });
        expect([path, answer.status]).toEqual([path, 403]);
      }
    }
    for (const endpoint of ['/api/run', '/api/cell', '/api/export']) {
      const answer = await raw(dev.base, endpoint, {
        method: 'POST',
        headers: { host, 'content-type': 'application/json' },
        body: JSON.stringify({
          path: 'values.md',
          cell: 1,
          source: 'x',
          previous: '',
          format: 'html',
        }),
      });
      expect([endpoint, answer.status]).toEqual([endpoint, 403]);
    }
  });

  it('trades the start URL token for an HttpOnly SameSite=Strict cookie and a clean URL', async () => {
    const start = await raw(dev.base, `/?token=${dev.token}`, { headers: { host } });
    expect(start.status).toBe(303);
    expect(start.headers.location).toBe('/');
    const cookie = String(start.headers['set-cookie']);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    const withCookie = await raw(dev.base, '/', {
      headers: { host, cookie: cookie.split(';')[0]! },
    });
    expect(withCookie.status).toBe(200);
  });

  it('refuses cross-origin and cross-site requests and never answers with CORS headers', async () => {
    const json = { ...bearer, host, 'content-type': 'application/json' };
    const body = JSON.stringify({ path: 'values.md' });
    const foreign: Record<string, string>[] = [
      { origin: 'http://evil.example' },
      { origin: `http://127.0.0.1:1` },
      { origin: 'null' },
      { 'sec-fetch-site': 'cross-site' },
      { 'sec-fetch-site': 'same-site' },
    ];
    for (const extra of foreign) {
      const post = await raw(dev.base, '/api/run', {
        method: 'POST',
        headers: { ...json, ...extra },
        body,
      });
      const read = await raw(dev.base, '/files/data/secret.txt', {
        headers: { ...bearer, host, ...extra },
      });
      expect([extra, post.status, read.status]).toEqual([extra, 403, 403]);
    }
    const form = await raw(dev.base, '/api/run', {
      method: 'POST',
      headers: { ...bearer, host, 'content-type': 'text/plain' },
      body,
    });
    expect(form.status).toBe(415);
    const preflight = await raw(dev.base, '/api/run', {
      method: 'OPTIONS',
      headers: {
        ...bearer,
        host,
        'access-control-request-method': 'POST',
      },
    });
    expect(preflight.status).toBe(405);
    for (const answer of [
      form,
      preflight,
      await raw(dev.base, '/', { headers: { ...bearer, host } }),
    ]) {
      expect(Object.keys(answer.headers).filter((h) => h.startsWith('access-control'))).toEqual([]);
    }
  });

  it('serves files inside the folder and nothing outside it or hidden (path traversal)', async () => {
    const ok = await raw(dev.base, '/files/data/secret.txt', { headers: { ...bearer, host } });
    expect([ok.status, ok.body]).toEqual([200, 'inside']);
    const attempts = [
      'files/../outside-secret.txt',
      'files/%2e%2e/outside-secret.txt',
      'files/..%2foutside-secret.txt',
      'files/%2e%2e%2f%2e%2e%2fpackage.json',
      'files/%252e%252e%252foutside-secret.txt',
      'files/data/../../outside-secret.txt',
      'files/data/..%2F..%2Foutside-secret.txt',
      'files//etc/passwd',
      'files/%2fetc%2fpasswd',
      `files/${encodeURIComponent(join(folder.dir, 'data/secret.txt'))}`,
      'files/link-out.txt',
      'files/data%5c..%5c..%5coutside-secret.txt',
      'files/%E0%A4%A',
      'files/.env',
      'files/%2eenv',
      'files/.git/config',
      'files/data/.hidden.txt',
      'files/env-link.txt',
      'notebook/%2e%2e%2f%2e%2e%2fREADME.md',
      'api/notebook?path=../../README.md',
    ];
    for (const attempt of attempts) {
      const answer = await raw(dev.base, `/${attempt}`, { headers: { ...bearer, host } });
      expect([attempt, answer.status]).toEqual([attempt, 404]);
    }
  });

  it('GET requests have no side effects: opening a page or the API runs nothing', async () => {
    await dev.api('notebook/values.md');
    await dev.api('api/notebook?path=values.md');
    expect((await dev.api('api/export?path=values.md&format=html')).status).toBe(404);
    expect((await dev.api('api/run?path=values.md')).status).toBe(404);
    const state = await (await dev.api('api/notebook?path=values.md')).json();
    expect(state.status).toBe('not run');
  });

  it('keys notebooks by their real path (doubled slashes, symbolic links: one entry)', async () => {
    for (const path of ['//values.md', '///values.md', 'alias.md']) {
      const state = await (await dev.api(`api/notebook?path=${path}`)).json();
      expect([path, state.path]).toEqual([path, 'values.md']);
    }
  });

  it('queues runs beyond --workers and starts them when a worker frees up', async () => {
    expect((await dev.post('api/run', { path: 'stuck.md' })).status).toBe(202);
    await waitForStatus(dev, 'stuck.md', ['running']);
    expect((await dev.post('api/run', { path: 'values.md' })).status).toBe(202);
    expect((await (await dev.api('api/notebook?path=values.md')).json()).status).toBe('queued');
    await dev.post('api/cancel', { path: 'stuck.md' });
    const state = await waitForStatus(dev, 'values.md', ['ok', 'failed', 'error']);
    expect(state.status).toBe('ok');
    expect(state.cells.map((c) => c.status)).toEqual(['ran', 'ran', 'ran']);
    expect(state.html).toContain('total = 20');
  });

  it('stops a cell stuck in a loop at its time limit, shows why, and runs the cells that do not need it, as muster render does', async () => {
    expect((await dev.post('api/run', { path: 'limit.md' })).status).toBe(202);
    const state = await waitForStatus(dev, 'limit.md', ['ok', 'failed', 'error']);
    expect(state.status).toBe('failed');
    // The stuck cell takes its worker down; the run starts again in a fresh worker with that cell
    // failed, so cell 1 comes from the cache and cell 3 (which needs only cell 1) runs.
    expect(state.cells.map((c) => c.status)).toEqual(['cached', 'failed', 'ran']);
    expect(state.html).toContain('third1');
    expect(state.html).toContain(
      'cell 2 did not finish within 1 s; raise the limit (seconds) with //| timeout: in the cell',
    );
    expect((await dev.api('api/notebook?path=values.md')).status).toBe(200);
  });

  it('stops an export of a notebook that never ends at its timeout: and frees the worker', async () => {
    const started = Date.now();
    const response = await dev.post('api/export', { path: 'hang.md', format: 'pdf' });
    expect(response.status).toBe(400);
    expect((await response.json()).error).toBe(
      'muster dev export failed: cell 1 did not finish within 1 s; raise the limit (seconds) with //| timeout: in the cell or timeout: in the front matter',
    );
    expect(Date.now() - started).toBeLessThan(15_000);
    // One worker (--workers 1): the next export runs only if the stopped one freed it.
    const next = await dev.post('api/export', { path: 'values.md', format: 'html' });
    expect(next.status).toBe(200);
  });

  it('exports (a POST) the same HTML bytes that muster render writes to DIR/_out', async () => {
    const response = await dev.post('api/export', { path: 'values.md', format: 'html' });
    expect(response.status).toBe(200);
    const exported = new Uint8Array(await response.arrayBuffer());
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

  it('cancels an export of a notebook that never ends, and the server goes on', async () => {
    const exporting = dev.post('api/export', { path: 'stuck.md', format: 'html' });
    await new Promise((r) => setTimeout(r, 300));
    const cancel = await (await dev.post('api/export/cancel', { path: 'stuck.md' })).json();
    expect(cancel).toEqual({ cancelled: true });
    const answer = await exporting;
    expect(answer.status).toBe(409);
    expect((await answer.json()).error).toBe('muster dev export cancelled');
    expect((await dev.api('api/notebook?path=values.md')).status).toBe(200);
  });

  it('writes an edited cell back when it carries the previous source, and 409 when stale', async () => {
    const missing = await dev.post('api/cell', { path: 'values.md', cell: 2, source: 'x' });
    expect(missing.status).toBe(400);
    const stale = await dev.post('api/cell', {
      path: 'values.md',
      cell: 2,
      source: '`stale`',
      previous: '`something else`',
    });
    expect(stale.status).toBe(409);
    expect(readFileSync(notebookFile(), 'utf8')).toBe(testNotebook);
    const state = await (await dev.api('api/notebook?path=values.md')).json();
    const edit = await dev.post('api/cell', {
      path: 'values.md',
      cell: 2,
      source: '`count = ${values.length}`',
      previous: state.sources[2],
    });
    expect(edit.status).toBe(202);
    const text = readFileSync(notebookFile(), 'utf8');
    expect(text).toContain('```ts\n`count = ${values.length}`\n```');
    const byStaleHash = await dev.post('api/cell', {
      path: 'values.md',
      cell: 2,
      source: '`by hash`',
      hash: state.fileHash,
    });
    expect(byStaleHash.status).toBe(409);
    expect(readFileSync(notebookFile(), 'utf8')).toBe(text);
  });

  it('adds, moves and deletes cells only with the current file hash (409 when stale)', async () => {
    const text = readFileSync(notebookFile(), 'utf8');
    const noHash = await dev.post('api/cells', { path: 'values.md', op: 'delete', cell: 1 });
    expect(noHash.status).toBe(400);
    const stale = await dev.post('api/cells', {
      path: 'values.md',
      op: 'delete',
      cell: 1,
      hash: '0'.repeat(64),
    });
    expect(stale.status).toBe(409);
    const badOp = await dev.post('api/cells', {
      path: 'values.md',
      op: 'swap',
      cell: 1,
      hash: 'x',
    });
    expect(badOp.status).toBe(400);
    expect(readFileSync(notebookFile(), 'utf8')).toBe(text);
  });

  it('never reads back a notebook an editor is in the middle of saving', async () => {
    const text = readFileSync(notebookFile(), 'utf8');
    const state = await (await dev.api('api/notebook?path=values.md')).json();
    // The editor has written the first half of the file (cell 2 included) and writes the rest
    // 30 ms later; an edit arriving in between must wait for the whole file.
    const half = text.slice(0, text.indexOf('## A chart'));
    writeFileSync(notebookFile(), half);
    const edit = dev.post('api/cell', {
      path: 'values.md',
      cell: 2,
      source: '`during save`',
      previous: state.sources[2],
    });
    await new Promise((r) => setTimeout(r, 30));
    writeFileSync(notebookFile(), text);
    expect((await edit).status).toBe(202);
    expect(readFileSync(notebookFile(), 'utf8')).toBe(
      text.replace(state.sources[2], '`during save`'),
    );
  });

  it('survives folders created and deleted inside the notebook folder and a deleted cache', async () => {
    for (let i = 0; i < 20; i++) {
      mkdirSync(join(folder.dir, `churn-${i}/a/b`), { recursive: true });
      writeFileSync(join(folder.dir, `churn-${i}/a/b/x.md`), '---\ntitle: x\n---\n');
      rmSync(join(folder.dir, `churn-${i}`), { recursive: true, force: true });
    }
    rmSync(join(folder.dir, '_out'), { recursive: true, force: true });
    await new Promise((r) => setTimeout(r, 300));
    expect(dev.child.exitCode).toBe(null);
    expect((await dev.api('')).status).toBe(200);
  });

  it('muster dev --export-timeout refuses a value that is not a positive number of seconds', async () => {
    const dev = await loadCommand('dev');
    for (const value of ['0', '-5', 'soon']) {
      const outcome = await runInProcess(dev, [folder.dir, `--export-timeout=${value}`]);
      expect([outcome.status, outcome.stderr]).toEqual([
        2,
        `muster: muster dev requires --export-timeout to be a positive number of seconds; received ${value}\n`,
      ]);
    }
  });

  it('exits 2 with one line when the port is in use, without hanging', () => {
    const port = new URL(dev.base).port;
    const second = spawnSync(
      process.execPath,
      [
        '--conditions=@muster/source',
        '--import',
        'tsx',
        join(workbench, 'src/cli.ts'),
        'dev',
        folder.dir,
        '--port',
        port,
      ],
      { cwd: repoRoot, encoding: 'utf8', timeout: 30_000 },
    );
    expect(second.status).toBe(2);
    expect(second.stderr).toBe(
      `muster: muster dev requires a free port; ${port} is in use on 127.0.0.1 (try --port 0)\n`,
    );
  });
});
