import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnMuster } from './support/run-command.ts';

const muster = (...args: string[]) => spawnMuster(args);

const fence = '```';
const notebook = `---
title: Verify test
seed: 3
---

${fence}ts
const text = readFile('numbers.txt');
const values = text.trim().split(/\\s+/).map(Number);
values.reduce((a, b) => a + b, 0)
${fence}

${fence}ts
random.uniform() < 2
${fence}
`;

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'muster-verify-'));
  writeFileSync(join(dir, 'sum.md'), notebook);
  writeFileSync(join(dir, 'numbers.txt'), '1 2 3\n');
  const rendered = muster(
    'render',
    join(dir, 'sum.md'),
    '--to',
    'html,pdf',
    '--out',
    join(dir, 'out'),
  );
  if (rendered.status !== 0) throw new Error(rendered.stderr);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('muster verify', () => {
  it('muster verify REPORT... exits 0 when a fresh render is byte-identical', () => {
    const result = muster('verify', join(dir, 'out', 'sum.html'), join(dir, 'out', 'sum.pdf'));
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(
      /sum\.html: identical to a fresh render of .*sum\.md\n.*sum\.pdf: identical/,
    );
  });

  it('muster verify exits 1 and names the changed input and the cell whose output moved', () => {
    const original = readFileSync(join(dir, 'numbers.txt'));
    writeFileSync(join(dir, 'numbers.txt'), '1 2 4\n');
    try {
      const result = muster('verify', join(dir, 'out', 'sum.html'));
      expect(result.status).toBe(1);
      expect(result.stdout).toMatch(/sum\.html: differs from a fresh render of .*sum\.md\n/);
      expect(result.stdout).toMatch(
        /\n {2}input numbers\.txt changed: sha256 [0-9a-f]{12} -> [0-9a-f]{12}\n {2}cell-1 \(line 7\): output differs\n$/,
      );
      const json = muster('verify', join(dir, 'out', 'sum.pdf'), '--json');
      expect(json.status).toBe(1);
      const parsed = JSON.parse(json.stdout);
      expect(parsed.identical).toBe(false);
      expect(
        parsed.differences.map(
          (difference: { kind: string; subject: string }) =>
            `${difference.kind} ${difference.subject}`,
        ),
      ).toEqual(['input numbers.txt', 'cell cell-1']);
    } finally {
      writeFileSync(join(dir, 'numbers.txt'), original);
    }
  });

  it('muster verify exits 2 for a file that is not a Muster report', () => {
    writeFileSync(join(dir, 'plain.html'), '<p>not a report</p>');
    const result = muster('verify', join(dir, 'plain.html'));
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(
      /^muster: readProvenance requires a Muster report; this HTML has no muster-provenance manifest\n$/,
    );
  });
});
