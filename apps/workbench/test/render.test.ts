import {
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fail } from '../src/command.ts';
import { command } from '../src/commands/render.ts';
import { spawnMuster } from './support/run-command.ts';

/** Run the command line as a user would, from the repository root. */
const muster = (...args: string[]) => spawnMuster(args, { TZ: 'Europe/Paris' });

const fence = '```';
/** A notebook that needs no package: parameters, a file read, a value, a table and a chart. */
const notebook = `---
title: Command-line test
parameters:
  factor: 2
inputs:
  - counts.csv
---

# Counts

The factor is \${params.factor}.

${fence}ts
const rows = readFile('counts.csv').trim().split('\\n').slice(1).map((line) => {
  const [month, count] = line.split(',');
  return { month, count: Number(count) * params.factor };
});
rows
${fence}

${fence}ts
({
  $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
  data: { values: rows },
  mark: 'bar',
  encoding: { x: { field: 'month', type: 'ordinal' }, y: { field: 'count', type: 'quantitative' } },
})
${fence}

Total: \${rows.reduce((sum, row) => sum + row.count, 0)}.
`;

/** A front matter whose aliases would expand to 9^5 strings. */
const aliasBomb = [
  '---',
  'a: &a [x, x, x, x, x, x, x, x, x]',
  'b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]',
  'c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]',
  'd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]',
  'e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]',
  '---',
  '',
].join('\n');

const folders: string[] = [];
function scratch(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'muster-render-'));
  folders.push(dir);
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}
afterAll(() => {
  for (const dir of folders) rmSync(dir, { recursive: true, force: true });
});

describe('muster render', () => {
  it('muster render NB --to html,pdf --out DIR writes both reports, then renders the same bytes from the cache', () => {
    const dir = scratch({ 'counts.md': notebook, 'counts.csv': 'month,count\nJan,3\nFeb,5\n' });
    const out = join(dir, 'out');
    const first = muster('render', join(dir, 'counts.md'), '--to', 'html,pdf', '--out', out);
    expect(first.stderr).toBe('');
    expect(first.status).toBe(0);
    expect(first.stdout).toMatch(
      /counts\.md -> .*counts\.html, .*counts\.pdf \(4 cells and inline expressions: 4 run, 0 from cache\)/,
    );
    const html = readFileSync(join(out, 'counts.html'));
    const pdf = readFileSync(join(out, 'counts.pdf'));
    expect(html.toString()).toContain('The factor is 2.');
    expect(html.toString()).toContain('Total: 16.');
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const second = muster('render', join(dir, 'counts.md'), '--to', 'html,pdf', '--out', out);
    expect(second.status).toBe(0);
    expect(second.stdout).toContain('0 run, 4 from cache');
    expect(Buffer.compare(readFileSync(join(out, 'counts.html')), html)).toBe(0);
    expect(Buffer.compare(readFileSync(join(out, 'counts.pdf')), pdf)).toBe(0);
    expect(readdirSync(out).sort()).toEqual(['.muster-cache', 'counts.html', 'counts.pdf']);
  });

  it('muster render --param name=value re-runs with another value', () => {
    const dir = scratch({ 'counts.md': notebook, 'counts.csv': 'month,count\nJan,3\nFeb,5\n' });
    const result = muster(
      'render',
      join(dir, 'counts.md'),
      '--out',
      join(dir, 'out'),
      '--param',
      'factor=10',
    );
    expect(result.status).toBe(0);
    const html = readFileSync(join(dir, 'out', 'counts.html'), 'utf8');
    expect(html).toContain('The factor is 10.');
    expect(html).toContain('Total: 80.');
    expect(existsSync(join(dir, 'out', 'counts.pdf'))).toBe(false);
  });

  it('muster render shows a failing cell in the report and exits 1', () => {
    const broken = notebook.replace("readFile('counts.csv')", "readFile('missing.csv')");
    const dir = scratch({ 'broken.md': broken, 'counts.csv': 'month,count\nJan,3\n' });
    const result = muster('render', join(dir, 'broken.md'), '--out', join(dir, 'out'));
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(
      /broken\.md: cell 1 \(line 14\): Error: ENOENT: no such file or directory/,
    );
    const html = readFileSync(join(dir, 'out', 'broken.html'), 'utf8');
    expect(html).toContain('in cell 1, line 14: ENOENT');
    expect(html).toContain('Not run: it needs <a href="#cell-1">cell 1</a>, which failed.');
  });

  it('muster render stops a hanging cell at the timeout, writes the report and exits 1', () => {
    // The front matter allows a minute; the cell's own option stops its busy loop after 1 s.
    const hanging = `---\ntitle: Hang\ntimeout: 60\n---\n\n${fence}ts\n'first'\n${fence}\n\n${fence}ts\n//| timeout: 1\nwhile (true) {}\n${fence}\n\n${fence}ts\n'third'\n${fence}\n`;
    const exiting = `---\ntitle: Exit\n---\n\n${fence}ts\nprocess.exit(0);\n${fence}\n`;
    const dir = scratch({ 'hang.md': hanging, 'exit.md': exiting });
    const out = join(dir, 'out');
    const result = muster('render', join(dir, 'hang.md'), join(dir, 'exit.md'), '--out', out);
    expect(result.status).toBe(1);
    expect(result.stderr.trim().split('\n')).toEqual([
      expect.stringMatching(
        /hang\.md: cell 2: TimeoutError: cell 2 did not finish within 1 s; raise the limit \(seconds\) with \/\/\| timeout: in the cell or timeout: in the front matter$/,
      ),
      expect.stringMatching(
        /exit\.md: cell 1 \(line 6\): ExitError: notebook cells cannot end the process; received process\.exit\(0\)$/,
      ),
    ]);
    const html = readFileSync(join(out, 'hang.html'), 'utf8');
    expect(html).toContain('first');
    expect(html).toContain('did not finish within 1 s');
    expect(readFileSync(join(out, 'exit.html'), 'utf8')).toContain('cannot end the process');
  });

  it('muster render exits 2 with one line for usage errors', async () => {
    const dir = scratch({
      'counts.md': notebook,
      'counts.csv': 'month,count\nJan,3\n',
      'bomb.md': aliasBomb,
    });
    symlinkSync(join(dir, 'nowhere'), join(dir, 'dangling'));
    // One spawn checks the exit code end to end; the other cases run the command in process
    // through the dispatcher's error handler.
    const spawned = muster('render');
    expect(spawned.status).toBe(2);
    expect(spawned.stderr).toBe('muster: muster render requires at least one NOTEBOOK file\n');
    const cases: [string[], RegExp][] = [
      [[join(dir, 'counts.md'), '--to', 'docx'], /--to to list html and\/or pdf; received 'docx'/],
      [[join(dir, 'counts.md'), '--param', 'factor'], /--param as name=value; received 'factor'/],
      [
        [join(dir, 'counts.md'), '--param', 'nope=1', '--out', join(dir, 'o')],
        /received "nope" \(declared: factor\)/,
      ],
      [[join(dir, 'missing.md')], /cannot read/],
      [
        [join(dir, 'counts.md'), '--param', '__proto__=1', '--out', join(dir, 'o')],
        /received "__proto__" \(declared: factor\)/,
      ],
      [
        [join(dir, 'counts.md'), '--param', 'factor=1', '--param', 'factor=2'],
        /requires each parameter once; received --param factor twice/,
      ],
      [
        [join(dir, 'counts.md'), '--out', join(dir, 'counts.csv')],
        /requires --out to be a folder; '.*counts\.csv' is a file$/m,
      ],
      [
        [join(dir, 'counts.md'), '--out', join(dir, 'dangling')],
        /requires --out to be a folder; '.*dangling' is a symbolic link to a missing target/,
      ],
      [[join(dir, 'bomb.md')], /requires front matter without runaway aliases/],
      [[join(dir, 'counts.md'), '--bogus'], /Unknown option '--bogus'/],
    ];
    for (const [args, message] of cases) {
      const lines: string[] = [];
      const write = process.stderr.write;
      process.stderr.write = ((chunk: string) => {
        lines.push(String(chunk));
        return true;
      }) as typeof process.stderr.write;
      let status: number;
      try {
        status = await command.run(args).then(
          (code) => code,
          (error: unknown) => fail(error),
        );
      } finally {
        process.stderr.write = write;
      }
      expect(status, args.join(' ')).toBe(2);
      expect(lines.join('')).toMatch(message);
      expect(lines.join('').trim().split('\n')).toHaveLength(1);
    }
  });
});
