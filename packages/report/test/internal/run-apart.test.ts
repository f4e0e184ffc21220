import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { renderNotebook } from '../../src/render-notebook.ts';
import type { ErrorDisplay } from '../../src/types.ts';
import { conditions, temporaryDir } from '../helpers.ts';

const fence = '```';
const folders: string[] = [];
afterAll(() => {
  for (const dir of folders) rmSync(dir, { recursive: true, force: true });
});

async function render(frontMatter: string, ...cells: string[]) {
  const dir = temporaryDir();
  folders.push(dir);
  const path = join(dir, 'nb.md');
  writeFileSync(
    path,
    `---\ntitle: t\n${frontMatter}---\n\n${cells.map((cell) => `${fence}ts\n${cell}\n${fence}\n`).join('\n')}`,
  );
  const result = await renderNotebook(path, { outDir: join(dir, 'out'), conditions, cache: false });
  const html = readFileSync(result.files[0].path, 'utf8');
  const errors = result.run.cells.flatMap((cell) =>
    cell.outputs.filter((item): item is ErrorDisplay => item.kind === 'error'),
  );
  return { result, html, errors };
}

describe('renderNotebook runs cells in a worker thread', () => {
  it('renderNotebook stops a busy loop at the timeout, writes the report and still runs the cells that do not need it', async () => {
    const started = Date.now();
    const { result, html, errors } = await render(
      'timeout: 1\n',
      "'before'",
      'while (true) {}',
      '3',
    );
    expect(Date.now() - started).toBeLessThan(20_000);
    expect(result.failed).toBe(true);
    expect(result.run.cells.map((cell) => cell.status)).toEqual(['ok', 'error', 'ok']);
    expect(result.run.cells[2].outputs).toEqual([{ kind: 'text', text: '3', style: 'value' }]);
    expect(errors).toEqual([
      {
        kind: 'error',
        where: 'cell 2',
        line: null,
        sourceLine: null,
        name: 'TimeoutError',
        message:
          'cell 2 did not finish within 1 s; raise the limit (seconds) with //| timeout: in the cell or timeout: in the front matter',
      },
    ]);
    expect(html).toContain('before');
    expect(html).toContain('cell 2 did not finish within 1 s');
  });

  it('renderNotebook stops a cell that allocates without bound at the memory cap, naming the cell', async () => {
    const { result, errors } = await render(
      'memory: 128\n',
      '1',
      'const kept: number[][] = [];\nwhile (true) kept.push(new Array(1e5).fill(Math.random()));',
    );
    expect(result.run.cells.map((cell) => cell.status)).toEqual(['ok', 'error']);
    expect(errors[0]).toMatchObject({
      where: 'cell 2',
      name: 'MemoryError',
      message:
        "cell 2 ran out of memory: cells may use 128 MB of heap; raise the limit with the front matter's memory (megabytes)",
    });
  });

  it('renderNotebook reports process.exit and stray errors as the errors of their cells', async () => {
    const exit = await render('', '1', 'process.exit(3)');
    expect(exit.errors[0]).toMatchObject({ where: 'cell 2', name: 'ExitError' });
    const stray = await render('', "setTimeout(() => { throw new Error('late'); }, 0);\n1", '2');
    expect(stray.result.run.cells.map((cell) => cell.status)).toEqual(['error', 'ok']);
    expect(stray.errors[0]).toMatchObject({ where: 'cell 1', message: 'late' });
  });

  it('renderNotebook rethrows an unknown parameter from the worker as an InvalidArgumentError', async () => {
    const dir = temporaryDir();
    folders.push(dir);
    const path = join(dir, 'nb.md');
    writeFileSync(path, `---\ntitle: t\n---\n\n${fence}ts\n1\n${fence}\n`);
    await expect(
      renderNotebook(path, { outDir: dir, conditions, parameters: { x: '1' } }),
    ).rejects.toMatchObject({
      name: 'InvalidArgumentError',
      message:
        'runNotebook requires a parameter declared in the front matter; received "x" (declared: none)',
    });
  });
});
