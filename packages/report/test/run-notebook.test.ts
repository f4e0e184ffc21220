// biome-ignore-all lint/suspicious/noTemplateCurlyInString: notebooks write inline expressions as ${...}
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { copyNotebooks, runText, texts } from './helpers.ts';

const fence = '```';
const cell = (source: string) => `${fence}ts\n${source}\n${fence}\n`;
const dirs: string[] = [];
const workDir = () => {
  const dir = copyNotebooks();
  dirs.push(dir);
  return dir;
};
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe('runNotebook', () => {
  it('runNotebook runs cells in order in one scope and shows each last expression and display()', async () => {
    const dir = workDir();
    const run = await runText(
      [
        cell('const a: number = 2;\nfunction twice(x: number) { return 2 * x }\ntwice(a)'),
        'Inline ${twice(a) + 1}.',
        cell("display('first', 3.14159265358979);\n'last'"),
      ].join('\n'),
      dir,
    );
    expect(texts(run)).toEqual([['4'], ['5'], ['first', '3.141593', 'last']]);
    expect(run.failed).toBe(false);
    expect(run.cells.map((item) => [item.kind, item.number, item.status])).toEqual([
      ['code', 1, 'ok'],
      ['inline', 1, 'ok'],
      ['code', 2, 'ok'],
    ]);
  });

  it('runNotebook gives cells params, seed and a seeded random; the same seed gives the same draws', async () => {
    const dir = workDir();
    const text = `---\nparameters:\n  n: 3\n  label: x\nseed: 99\n---\n${cell("[params.n, params.label, seed].join(' ')")}${cell('random.uniform()')}${cell('random.uniform()')}`;
    const first = await runText(text, dir);
    const second = await runText(text, dir);
    expect(texts(first)[0]).toEqual(['3 x 99']);
    expect(texts(first)).toEqual(texts(second));
    expect(texts(first)[1]).not.toEqual(texts(first)[2]);
    const overridden = await runText(text, dir, { parameters: { n: '10', label: 'y' } });
    expect(texts(overridden)[0]).toEqual(['10 y 99']);
    await expect(runText(text, dir, { parameters: { n: 'ten' } })).rejects.toThrow(
      /parameter n to be a number; received "ten"/,
    );
    await expect(runText(text, dir, { parameters: { other: '1' } })).rejects.toThrow(
      /received "other" \(declared: n, label\)/,
    );
  });

  it('runNotebook seeds Math.random per cell, so incidental randomness repeats', async () => {
    const dir = workDir();
    const text = cell('Math.random()');
    expect(texts(await runText(text, dir))).toEqual(texts(await runText(text, dir)));
  });

  it('a failing cell shows its error with the notebook line and stops only the cells that need it', async () => {
    const dir = workDir();
    const run = await runText(
      [
        'Intro.',
        cell('const ok = 1;'),
        cell('const data = [1, 2];\n\nundefinedThing.length'),
        'After ${ok * 2}, ${data[0]}.',
        cell('ok'),
        cell('const total = data.length;'),
        cell('total + ok'),
      ].join('\n'),
      dir,
    );
    expect(run.failed).toBe(true);
    expect(run.cells.map((item) => [item.status, item.waitsOn ?? null])).toEqual([
      ['ok', null],
      ['error', null],
      ['ok', null],
      ['not-run', 'cell-2'],
      ['ok', null],
      ['not-run', 'cell-2'],
      ['not-run', 'cell-2'],
    ]);
    expect(texts(run)[2]).toEqual(['2']);
    expect(run.cells[1].outputs).toEqual([
      {
        kind: 'error',
        where: 'cell 2',
        line: 9,
        sourceLine: 'undefinedThing.length',
        name: 'ReferenceError',
        message: 'undefinedThing is not defined',
      },
    ]);
  });

  it('a cell that does not compile stops the cells that use the names it declares', async () => {
    const dir = workDir();
    const run = await runText(
      [cell('const a = 1;'), cell('const b = ;\nfunction f() {}'), cell('a + 1'), cell('f()')].join(
        '\n',
      ),
      dir,
    );
    expect(run.cells.map((item) => [item.status, item.waitsOn ?? null])).toEqual([
      ['ok', null],
      ['error', null],
      ['ok', null],
      ['not-run', 'cell-2'],
    ]);
  });

  it('syntax errors, errors thrown by imported code and assignments to undeclared names are cell errors', async () => {
    const dir = workDir();
    const syntax = await runText(cell('const a = 1;\nconst b = ;'), dir);
    expect(syntax.cells[0].outputs[0]).toMatchObject({
      kind: 'error',
      name: 'SyntaxError',
      line: 3,
    });
    const thrown = await runText(
      cell("import * as aq from 'arquero';\nconst t = aq.table({ a: [1] });\nt.select('nope')"),
      dir,
    );
    expect(thrown.cells[0].outputs[0]).toMatchObject({
      kind: 'error',
      line: 4,
      sourceLine: "t.select('nope')",
      message: expect.stringContaining('nope'),
    });
    const reserved = await runText(cell('const a = 1;\nconst random = 2;'), dir);
    expect(reserved.cells[0].outputs[0]).toMatchObject({
      kind: 'error',
      line: 3,
      message: expect.stringContaining('cells cannot declare random'),
    });
    const leaked = await runText(cell('undeclaredName = 5;'), dir);
    expect(leaked.cells[0].outputs[0]).toMatchObject({
      kind: 'error',
      name: 'ReferenceError',
      message: expect.stringContaining('undeclaredName is not declared'),
    });
    expect('undeclaredName' in globalThis).toBe(false);
  });

  it('cells import packages and relative TypeScript files from the notebook folder, and read files', async () => {
    const dir = workDir();
    writeFileSync(join(dir, 'helper.ts'), 'export const square = (x: number): number => x * x;\n');
    const run = await runText(
      cell(
        "import { square } from './helper.ts';\nimport * as aq from 'arquero';\nconst t = loadCsv('data/small.csv');\n[square(3), t.numRows(), readFile('data/small.csv').split('\\n')[0], typeof aq.table].join(' ')",
      ),
      dir,
    );
    expect(texts(run)).toEqual([['9 5 group,x,y function']]);
    expect(run.cells[0].reads.map((read) => read.path)).toEqual(['data/small.csv', 'helper.ts']);
    expect(run.inputs.map((read) => read.path)).toEqual(['data/small.csv', 'helper.ts']);
  });

  it('reads through node:fs are tracked too', async () => {
    const dir = workDir();
    const run = await runText(
      cell(
        `import { readFileSync } from 'node:fs';\nreadFileSync(${JSON.stringify(join(dir, 'data', 'small.csv'))}, 'utf8').length`,
      ),
      dir,
    );
    expect(run.cells[0].reads.map((read) => read.path)).toEqual(['data/small.csv']);
  });

  it("loadCsv reads with the project's reader: NA and empty fields missing, a numeric column with text said in the output, options refused", async () => {
    const dir = workDir();
    writeFileSync(join(dir, 'units.csv'), 'unit,absent,rank\na,2,1\nb,NA,2\nc,,x\n');
    const run = await runText(
      [
        cell("const units = loadCsv('units.csv');\nJSON.stringify(units.objects())"),
        cell("loadCsv('units.csv', { delimiter: ';' })"),
      ].join('\n'),
      dir,
    );
    expect(texts(run)[0]).toEqual([
      "warning [text-in-numeric-column]: readCsv reads column 'rank' as text, as R's read.csv does, because 1 of its 3 entries is not a number: row 3 \"x\"; correct or remove it to use 'rank' as numbers",
      '[{"unit":"a","absent":2,"rank":"1"},{"unit":"b","absent":null,"rank":"2"},{"unit":"c","absent":null,"rank":"x"}]',
    ]);
    expect(run.cells[1].outputs[0]).toMatchObject({
      kind: 'error',
      message: expect.stringContaining('loadCsv takes a path only'),
    });
  });

  it('an unchanged notebook runs entirely from the cache', async () => {
    const dir = workDir();
    const cacheDir = join(dir, '.cache');
    const text = [
      cell("const t = loadCsv('data/small.csv');\nt.numRows()"),
      'Rows: ${t.numRows()}.',
      cell('t.numCols()'),
    ].join('\n');
    const cold = await runText(text, dir, { cacheDir });
    expect(cold.stats).toEqual({ executed: 3, cached: 0, total: 3 });
    const warm = await runText(text, dir, { cacheDir });
    expect(warm.stats).toEqual({ executed: 0, cached: 3, total: 3 });
    expect(warm.cells.map((item) => item.outputs)).toEqual(cold.cells.map((item) => item.outputs));
    expect(warm.inputs).toEqual(cold.inputs);
  });

  it('changing an input file re-runs the cells that depend on it (and the cells they need), no others', async () => {
    const dir = workDir();
    const cacheDir = join(dir, '.cache');
    writeFileSync(join(dir, 'a.txt'), 'alpha');
    writeFileSync(join(dir, 'b.txt'), 'beta');
    const text = [
      cell('const base = 10;'),
      cell("const a = readFile('a.txt');\na"),
      cell("const b = readFile('b.txt');\nb + base"),
      cell('b.length * base'),
      cell('a.toUpperCase()'),
    ].join('\n');
    await runText(text, dir, { cacheDir });
    writeFileSync(join(dir, 'b.txt'), 'BETA!');
    const run = await runText(text, dir, { cacheDir });
    expect(texts(run)).toEqual([[], ['alpha'], ['BETA!10'], ['50'], ['ALPHA']]);
    // Cell 3 read b.txt: it re-runs, after cell 1 (which declares base) runs for its value; cell 4
    // uses b and re-runs; cells 2 and 5 depend only on a.txt and stay cached.
    expect(run.cells.map((item) => item.executed)).toEqual([true, false, true, true, false]);
    expect(run.cells.map((item) => item.cached)).toEqual([true, true, false, false, true]);
    expect(run.cells[3].dependsOn).toEqual(['cell-1', 'cell-3']);
  });

  it('changing a parameter re-runs only the cells that use params and the cells downstream of them', async () => {
    const dir = workDir();
    const cacheDir = join(dir, '.cache');
    const text = `---\nparameters:\n  k: 1\n---\n${cell('const fixed = 5;')}${cell('const scaled = 2 * params.k;\nscaled')}${cell('fixed + 1')}${cell('scaled + 1')}`;
    await runText(text, dir, { cacheDir });
    const run = await runText(text, dir, { cacheDir, parameters: { k: '3' } });
    expect(texts(run)).toEqual([[], ['6'], ['6'], ['7']]);
    expect(run.cells.map((item) => item.cached && !item.executed)).toEqual([
      true,
      false,
      true,
      false,
    ]);
  });

  it('a cell that mentions a name another cell also mentions depends on it (the shared value may have changed)', async () => {
    const dir = workDir();
    const cacheDir = join(dir, '.cache');
    const text = `---\nparameters:\n  k: 1\n---\n${cell('const rows = [1, 2];')}${cell('rows.push(params.k);')}${cell('rows.length')}`;
    await runText(text, dir, { cacheDir });
    const run = await runText(text, dir, { cacheDir, parameters: { k: '3' } });
    expect(run.cells[2].dependsOn).toEqual(['cell-1', 'cell-2']);
    expect(run.cells.map((item) => item.executed)).toEqual([true, true, true]);
    expect(texts(run)[2]).toEqual(['3']);
  });

  it('cells that share state through random, or mutate a shared object, run again together', async () => {
    const dir = workDir();
    const cacheDir = join(dir, '.cache');
    writeFileSync(join(dir, 'n.txt'), '1');
    const text = [
      cell('const draws: number[] = [];'),
      cell('draws.push(random.uniform());\nrandom.uniform()'),
      cell("Number(readFile('n.txt')) + random.uniform()"),
      cell('draws.length'),
    ].join('\n');
    const cold = await runText(text, dir, { cacheDir });
    writeFileSync(join(dir, 'n.txt'), '2');
    const warm = await runText(text, dir, { cacheDir });
    // Cell 3 reads the changed file; it must see the generator in the state cell 2 left it in.
    expect(Number(texts(warm)[2][0]) - 2).toBeCloseTo(Number(texts(cold)[2][0]) - 1, 12);
    // Cells 1 and 2 run again for their values (the generator's state); cell 4 keeps its key.
    expect(warm.cells.map((item) => item.executed)).toEqual([true, true, true, false]);
    expect(texts(warm)[3]).toEqual(['1']);
  });
});

describe('runNotebook table rows', () => {
  const table = cell('Array.from({ length: 25 }, (_, i) => ({ i, square: i * i }))');

  it('runNotebook shows the first 10 rows of a table by default, with a note', async () => {
    const run = await runText(`---\ntitle: Rows\n---\n\n${table}`, workDir());
    const output = run.cells[0].outputs[0];
    expect(output.kind).toBe('table');
    if (output.kind !== 'table') return;
    expect(output.rows.length).toBe(10);
    expect(output.note).toBe('first 10 of 25 rows');
  });

  it('runNotebook shows as many rows as the front matter asks, and the cache keys on it', async () => {
    const dir = workDir();
    const cacheDir = join(dir, '.cache');
    const first = await runText(`---\ntitle: Rows\nrows: 30\n---\n\n${table}`, dir, { cacheDir });
    const all = first.cells[0].outputs[0];
    expect(all.kind === 'table' && [all.rows.length, all.note]).toEqual([25, null]);
    const fewer = await runText(`---\ntitle: Rows\nrows: 5\n---\n\n${table}`, dir, { cacheDir });
    const five = fewer.cells[0].outputs[0];
    expect(five.kind === 'table' && [five.rows.length, five.note]).toEqual([
      5,
      'first 5 of 25 rows',
    ]);
    expect(fewer.cells[0].cached).toBe(false);
  });
});
