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

/** Start `muster dev DIR --port 0` as a user would, and wait for its URL. */
export async function startDev(
  dir: string,
  extra: string[] = [],
): Promise<{ url: string; child: ChildProcess; stderr: () => string; stop(): Promise<void> }> {
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
  return {
    url,
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
