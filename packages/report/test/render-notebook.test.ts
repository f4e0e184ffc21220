// biome-ignore-all lint/suspicious/noTemplateCurlyInString: notebooks write inline expressions as ${...}
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { renderNotebook } from '../src/render-notebook.ts';
import { conditions, copyNotebooks, temporaryDir } from './helpers.ts';

const cleanup: string[] = [];
afterAll(() => {
  for (const dir of cleanup) rmSync(dir, { recursive: true, force: true });
});

describe('renderNotebook', () => {
  it('renderNotebook renders twice to byte-identical HTML and PDF: cold, from the cache, and without cache', async () => {
    const dir = copyNotebooks();
    cleanup.push(dir);
    const outDir = join(dir, '_out');
    const notebook = join(dir, 'golden.md');
    const cold = await renderNotebook(notebook, { outDir, formats: ['html', 'pdf'], conditions });
    expect(cold.failed).toBe(false);
    expect(cold.run.stats.cached).toBe(0);
    const first = cold.files.map((file) => readFileSync(file.path));
    const warm = await renderNotebook(notebook, { outDir, formats: ['html', 'pdf'], conditions });
    expect(warm.run.stats).toEqual({ executed: 0, cached: 10, total: 10 });
    const second = warm.files.map((file) => readFileSync(file.path));
    const fresh = await renderNotebook(notebook, {
      outDir: join(dir, '_fresh'),
      formats: ['html', 'pdf'],
      conditions,
      cache: false,
    });
    const third = fresh.files.map((file) => readFileSync(file.path));
    expect(cold.files.map((file) => file.path)).toEqual([
      join(outDir, 'golden.html'),
      join(outDir, 'golden.pdf'),
    ]);
    for (let index = 0; index < 2; index += 1) {
      expect(Buffer.compare(first[index], second[index])).toBe(0);
      expect(Buffer.compare(first[index], third[index])).toBe(0);
    }
    // Written through temporary files and renames: nothing else is left in the folder.
    expect(readdirSync(outDir).sort()).toEqual(['.muster-cache', 'golden.html', 'golden.pdf']);
  });

  it('renderNotebook writes the report of a failing notebook, shows the error and says it failed', async () => {
    const dir = copyNotebooks();
    cleanup.push(dir);
    const notebook = join(dir, 'broken.md');
    writeFileSync(
      notebook,
      '---\ntitle: Broken\n---\n\n```ts\nconst a = 1;\nnull.x\n```\n\nAfter: ${a}.\n',
    );
    const result = await renderNotebook(notebook, {
      outDir: join(dir, '_out'),
      formats: ['html', 'pdf'],
      conditions,
    });
    expect(result.failed).toBe(true);
    const html = readFileSync(result.files[0].path, 'utf8');
    expect(html).toContain('<strong>TypeError</strong> in cell 1, line 7:');
    expect(html).toContain('<pre>7 | null.x</pre>');
    expect(html).toContain(
      'After: <span class="inline-error">[not run: needs cell 1, which failed]</span>.',
    );
  });

  it('renderNotebook shows a failing inline expression in the text and as an error box after it', async () => {
    const dir = copyNotebooks();
    cleanup.push(dir);
    const notebook = join(dir, 'inline.md');
    writeFileSync(notebook, '---\ntitle: Inline\n---\n\nValue: ${missingName * 2}.\n');
    const result = await renderNotebook(notebook, {
      outDir: join(dir, '_out'),
      formats: ['html', 'pdf'],
      conditions,
    });
    expect(result.failed).toBe(true);
    const html = readFileSync(result.files[0].path, 'utf8');
    expect(html).toContain(
      'Value: <span class="inline-error">[error: missingName is not defined]</span>.',
    );
    expect(html).toContain(
      '<strong>ReferenceError</strong> in inline expression 1, line 5: missingName is not defined',
    );
  });

  it('renderNotebook applies parameters and rejects unknown ones and unknown formats', async () => {
    const dir = copyNotebooks();
    cleanup.push(dir);
    const outDir = temporaryDir();
    cleanup.push(outDir);
    const notebook = join(dir, 'golden.md');
    const result = await renderNotebook(notebook, {
      outDir,
      parameters: { scale: '3' },
      conditions,
      cache: false,
    });
    expect(readFileSync(result.files[0].path, 'utf8')).toContain('The scale is 3 and');
    await expect(
      renderNotebook(notebook, { outDir, parameters: { nope: '1' }, conditions }),
    ).rejects.toThrow(/declared: scale, label/);
    await expect(
      renderNotebook(notebook, { outDir, formats: ['docx' as 'html'], conditions }),
    ).rejects.toThrow(/html or pdf/);
    await expect(renderNotebook(join(dir, 'missing.md'), { outDir, conditions })).rejects.toThrow(
      /cannot read/,
    );
  });
});
