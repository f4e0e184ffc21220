import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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
    expect(html).toContain('Not run: an earlier cell failed.');
  });

  it('muster render exits 2 with one line for usage errors', async () => {
    const dir = scratch({ 'counts.md': notebook, 'counts.csv': 'month,count\nJan,3\n' });
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
