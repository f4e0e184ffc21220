import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const workbench = resolve(import.meta.dirname, '../..');
export const repoRoot = resolve(workbench, '../..');

/** A notebook folder inside the workbench (so `@muster/*` imports resolve) that tests may edit. */
export function scratchFolder(files: Record<string, string>): { dir: string; remove(): void } {
  const base = join(workbench, 'test-results');
  mkdirSync(base, { recursive: true });
  const dir = mkdtempSync(join(base, 'dev-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A `muster dev` process started by {@link startDev}. */
export interface DevProcess {
  /** The start URL as printed, with `?token=`. */
  url: string;
  /** The server's root URL without the token: `http://127.0.0.1:PORT/`. */
  base: string;
  token: string;
  child: ChildProcess;
  stderr: () => string;
  /** fetch() a path of the server with the session token (as `Authorization: Bearer`). */
  api(path: string, init?: RequestInit): Promise<Response>;
  /** POST a JSON body with the session token. */
  post(path: string, body: unknown): Promise<Response>;
  stop(): Promise<void>;
}

/** Start `muster dev DIR --port 0` as a user would, and wait for its URL. */
export async function startDev(dir: string, extra: string[] = []): Promise<DevProcess> {
  const child = spawn(
    process.execPath,
    [
      '--conditions=@muster/source',
      '--import',
      'tsx',
      join(workbench, 'src/cli.ts'),
      'dev',
      dir,
      '--port',
      '0',
      ...extra,
    ],
    { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stdout = '';
  let stderr = '';
  child.stderr!.on('data', (chunk) => {
    stderr += chunk;
  });
  const url = await new Promise<string>((resolveUrl, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`muster dev did not start: ${stderr}`)),
      60_000,
    );
    child.stdout!.on('data', (chunk) => {
      stdout += chunk;
      const match = /at (http:\/\/\S+)/.exec(stdout);
      if (match) {
        clearTimeout(timer);
        resolveUrl(match[1]!);
      }
    });
    child.once('exit', (code) => reject(new Error(`muster dev exited with ${code}: ${stderr}`)));
  });
  const parsed = new URL(url);
  const token = parsed.searchParams.get('token') ?? '';
  const base = `${parsed.origin}/`;
  const api = (path: string, init: RequestInit = {}) =>
    fetch(new URL(path, base), {
      ...init,
      headers: { authorization: `Bearer ${token}`, ...(init.headers as Record<string, string>) },
    });
  return {
    url,
    base,
    token,
    api,
    post: (path, body) =>
      api(path, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      }),
    child,
    stderr: () => stderr,
    stop: () =>
      new Promise<void>((resolveStop) => {
        if (child.exitCode !== null) return resolveStop();
        child.once('exit', () => resolveStop());
        child.kill('SIGTERM');
      }),
  };
}

export const testNotebook = `---
title: Dev server test notebook
parameters:
  multiplier:
    default: 2
    description: What the values are multiplied by
seed: 7
---

# Values

Prose before the first cell.

\`\`\`ts
const values = [1, 2, 3, 4].map((v) => v * Number(params.multiplier));
\`\`\`

\`\`\`ts
\`total = \${values.reduce((a, b) => a + b, 0)}\`
\`\`\`

## A chart

\`\`\`ts
({
  $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
  title: 'Values',
  data: { values: values.map((v, i) => ({ i, v })) },
  mark: 'bar',
  encoding: { x: { field: 'i', type: 'ordinal' }, y: { field: 'v', type: 'quantitative' } },
})
\`\`\`
`;
