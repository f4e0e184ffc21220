import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderNotebook } from '../src/render-notebook.ts';
import { conditions, copyNotebooks, here } from './helpers.ts';

// A notebook with what a cached render would otherwise have to redo: a bibliography (citation-js),
// math (temml), an image, front matter (yaml), a cell (esbuild, the worker) and a PDF (Typst).
const NOTEBOOK = `---
title: Cached render
bibliography: refs.bib
---

As @lyall2020 argues [@lyall2020; @koehler2016, p. 440], $x^2$ grows.

![Schema](figures/schema.svg)

\`\`\`ts
const n = 21;
n * 2
\`\`\`
`;

const dir = copyNotebooks();
const notebook = join(dir, 'cached.md');
const outDir = join(dir, '_out');
const formats: ('html' | 'pdf')[] = ['html', 'pdf'];
let cold: Buffer[];

const render = async (options: { cache?: boolean; out?: string } = {}) => {
  const result = await renderNotebook(notebook, {
    outDir: options.out ?? outDir,
    formats,
    conditions,
    cache: options.cache,
  });
  return { result, bytes: result.files.map((file) => readFileSync(file.path)) };
};

beforeAll(async () => {
  writeFileSync(notebook, NOTEBOOK);
  const first = await render();
  expect(first.result.run.stats.executed).toBe(1);
  cold = first.bytes;
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('renderNotebook from the cache', () => {
  it('renderNotebook writes the same HTML and PDF bytes from the cache as cold and as without a cache', async () => {
    const warm = await render();
    expect(warm.result.run.stats).toEqual({ executed: 0, cached: 1, total: 1 });
    const fresh = await render({ cache: false, out: join(dir, '_fresh') });
    for (let index = 0; index < formats.length; index += 1) {
      expect(Buffer.compare(warm.bytes[index], cold[index])).toBe(0);
      expect(Buffer.compare(fresh.bytes[index], cold[index])).toBe(0);
    }
    const cache = join(outDir, '.muster-cache');
    expect(readdirSync(join(cache, 'citations'))).toHaveLength(1);
    expect(readdirSync(join(cache, 'notebooks'))).toHaveLength(1);
    expect(readdirSync(join(cache, 'reports')).filter((name) => !name.endsWith('.json'))).toEqual(
      expect.arrayContaining([expect.stringMatching(/\.html$/), expect.stringMatching(/\.pdf$/)]),
    );
  });

  it('renderNotebook renders again when an image the prose shows or the bibliography changes', async () => {
    const changes = [
      {
        file: join(dir, 'figures/schema.svg'),
        edit: (text: string) => text.replace('</svg>', '<circle cx="5" cy="5" r="2"/></svg>'),
        shows: (text: string) =>
          `data:image/svg+xml;base64,${Buffer.from(text).toString('base64')}`,
      },
      {
        file: join(dir, 'refs.bib'),
        edit: (text: string) => text.replace('year = {2020}', 'year = {2021}'),
        shows: () => 'Lyall (2021)',
      },
    ];
    const originals = changes.map((change) => readFileSync(change.file, 'utf8'));
    const edits = changes.map((change, index) => change.edit(originals[index]));
    for (const [index, change] of changes.entries()) writeFileSync(change.file, edits[index]);
    try {
      const warm = await render();
      const fresh = await render({ cache: false, out: join(dir, '_fresh') });
      for (const [index, change] of changes.entries())
        expect(warm.bytes[0].toString('utf8')).toContain(change.shows(edits[index]));
      for (let index = 0; index < formats.length; index += 1) {
        expect(Buffer.compare(warm.bytes[index], cold[index])).not.toBe(0);
        expect(Buffer.compare(warm.bytes[index], fresh.bytes[index])).toBe(0);
      }
    } finally {
      for (const [index, change] of changes.entries()) writeFileSync(change.file, originals[index]);
    }
    const back = await render();
    for (let index = 0; index < formats.length; index += 1)
      expect(Buffer.compare(back.bytes[index], cold[index])).toBe(0);
    // One report per notebook and format is kept (with the files it read).
    expect(readdirSync(join(outDir, '.muster-cache', 'reports'))).toHaveLength(4);
  });

  it('renderNotebook from the cache, in a fresh process, starts no worker and loads no citation-js, Typst, markdown-it, temml, yaml, acorn, vega, arquero or the index of @muster/core', () => {
    const log = join(dir, 'loaded.log');
    const hooks = join(dir, 'hooks.mjs');
    writeFileSync(
      hooks,
      `import { appendFileSync } from 'node:fs';
export async function load(url, context, next) {
  appendFileSync(${JSON.stringify(log)}, url + '\\n');
  return next(url, context);
}
`,
    );
    const child = join(dir, 'child.ts');
    writeFileSync(
      child,
      `import { register, createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
const probe = () =>
  new Promise<number>((resolve) => {
    const worker = new Worker('', { eval: true });
    const id = worker.threadId;
    worker.on('exit', () => resolve(id));
  });
register(${JSON.stringify(pathToFileURL(hooks).href)});
const { renderNotebook } = await import(${JSON.stringify(pathToFileURL(join(here, '../src/render-notebook.ts')).href)});
const before = await probe();
const { run } = await renderNotebook(${JSON.stringify(notebook)}, {
  outDir: ${JSON.stringify(outDir)},
  formats: ['html', 'pdf'],
  conditions: ['@muster/source'],
});
const workers = (await probe()) - before - 1;
const cjs = Object.keys(createRequire(import.meta.url).cache);
process.stdout.write(JSON.stringify({ stats: run.stats, workers, cjs }));
`,
    );
    const output = execFileSync(
      process.execPath,
      ['--conditions=@muster/source', '--import', 'tsx', child],
      { cwd: here, encoding: 'utf8' },
    );
    const { stats, workers, cjs } = JSON.parse(output) as {
      stats: unknown;
      workers: number;
      cjs: string[];
    };
    expect(stats).toEqual({ executed: 0, cached: 1, total: 1 });
    expect(workers).toBe(0);
    const loaded = [...cjs, ...readFileSync(log, 'utf8').split('\n')];
    expect(loaded.some((path) => path.includes('/report/src/render-notebook.ts'))).toBe(true);
    // Package folders in pnpm's store (tsx, which runs the sources here, brings its own esbuild).
    const unwanted =
      /\.pnpm\/(@citation-js\+|citeproc@|@myriaddreamin\+typst|markdown-it@|temml@|yaml@|acorn@|vega|arquero@)|\/core\/src\/index\.ts/;
    expect(loaded.filter((path) => unwanted.test(path))).toEqual([]);
  });
});
