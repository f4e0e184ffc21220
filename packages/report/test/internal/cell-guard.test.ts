import { describe, expect, it } from 'vitest';
import { parseNotebook } from '../../src/parse-notebook.ts';
import { runNotebook } from '../../src/run-notebook.ts';
import type { CellRun, ErrorDisplay } from '../../src/types.ts';

const fence = '```';
const notebook = (frontMatter: string, ...cells: string[]) =>
  parseNotebook(
    `---\ntitle: t\n${frontMatter}---\n\n${cells.map((cell) => `${fence}ts\n${cell}\n${fence}\n`).join('\n')}`,
  );
const errorOf = (cell: CellRun) =>
  cell.outputs.find((item) => item.kind === 'error') as ErrorDisplay;

describe('runNotebook guards each cell', () => {
  it('runNotebook attributes an unhandled rejection to the cell that left it; cells that do not need it still run', async () => {
    const run = await runNotebook(
      notebook('', '1', "Promise.reject(new Error('left behind'));\n2", '3'),
    );
    expect(run.failed).toBe(true);
    expect(run.cells.map((cell) => cell.status)).toEqual(['ok', 'error', 'ok']);
    expect(errorOf(run.cells[1])).toMatchObject({
      where: 'cell 2',
      message: 'left behind',
      sourceLine: "Promise.reject(new Error('left behind'));",
    });
  });

  it('runNotebook attributes a throw from a timer to the cell that set the timer', async () => {
    const run = await runNotebook(
      notebook('', "setTimeout(() => { throw new RangeError('from a timer'); }, 0);\n1", '2'),
    );
    expect(run.cells.map((cell) => cell.status)).toEqual(['error', 'ok']);
    expect(errorOf(run.cells[0])).toMatchObject({ name: 'RangeError', message: 'from a timer' });
  });

  it('runNotebook turns process.exit in a cell into an error of that cell, and the process goes on', async () => {
    const run = await runNotebook(notebook('', '1', 'process.exit(0)'));
    expect(run.cells.map((cell) => cell.status)).toEqual(['ok', 'error']);
    expect(errorOf(run.cells[1])).toMatchObject({
      where: 'cell 2',
      name: 'ExitError',
      message: 'notebook cells cannot end the process; received process.exit(0)',
    });
  });

  it('runNotebook stops a cell that never settles after the front matter timeout', async () => {
    const started = Date.now();
    const run = await runNotebook(notebook('timeout: 0.3\n', 'await new Promise(() => {})', '2'));
    expect(Date.now() - started).toBeLessThan(5000);
    expect(run.cells.map((cell) => cell.status)).toEqual(['error', 'ok']);
    expect(errorOf(run.cells[0])).toMatchObject({
      name: 'TimeoutError',
      message:
        'cell 1 did not finish within 0.3 s; raise the limit (seconds) with //| timeout: in the cell or timeout: in the front matter',
    });
  });

  it('runNotebook shows at most 100000 characters of a 50 MB string, with a note', async () => {
    const run = await runNotebook(notebook('', "'x'.repeat(50e6)"));
    const text = run.cells[0].outputs[0] as { text: string };
    expect(text.text.length).toBeLessThan(100_200);
    expect(text.text).toMatch(/\.\.\. \(49900000 more characters not shown/);
  });
});

describe('parseNotebook front matter limits', () => {
  it('parseNotebook reads timeout (seconds) and memory (MB), defaulting to 600 and 4096', () => {
    expect(notebook('').frontMatter).toMatchObject({ timeout: 600, memory: 4096 });
    expect(notebook('timeout: 5\nmemory: 512\n').frontMatter).toMatchObject({
      timeout: 5,
      memory: 512,
    });
  });

  it('parseNotebook refuses a timeout or memory that is not a positive number', () => {
    expect(() => notebook('timeout: -1\n')).toThrow(
      'parseNotebook requires timeout to be a number of seconds above 0 and at most 604800; received -1',
    );
    expect(() => notebook('memory: lots\n')).toThrow(/requires memory to be a number of megabytes/);
  });

  it('parseNotebook refuses a YAML alias bomb in the front matter with one MusterError', () => {
    const levels = ['a: &a [x, x, x, x, x, x, x, x, x]'];
    for (const [previous, name] of [
      ['a', 'b'],
      ['b', 'c'],
      ['c', 'd'],
      ['d', 'e'],
    ])
      levels.push(`${name}: &${name} [${Array(9).fill(`*${previous}`).join(', ')}]`);
    expect(() => notebook(`${levels.join('\n')}\n`)).toThrow(
      /^parseNotebook requires front matter without runaway aliases; Excessive alias count/,
    );
  });
});
