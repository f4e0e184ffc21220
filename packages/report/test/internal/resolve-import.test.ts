import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { resolveImport } from '../../src/internal/compile-module.ts';
import { resolveSpecifier } from '../../src/internal/resolve-specifier.ts';
import { runText } from '../helpers.ts';

// A user's project outside the repository: its own package in node_modules, its own TypeScript
// modules in lib/, and a notebook two folders down.
const project = realpathSync(mkdtempSync(join(tmpdir(), 'muster-project-')));
afterAll(() => rmSync(project, { recursive: true, force: true }));
const files: Record<string, string> = {
  'node_modules/study-units/package.json': JSON.stringify({
    name: 'study-units',
    type: 'module',
    exports: { '.': './index.js' },
  }),
  'node_modules/study-units/index.js': 'export const perThousand = (x) => 1000 * x;\n',
  'lib/rates.ts': [
    "import { perThousand } from 'study-units';",
    "import { label } from './label.js';",
    'export const rate = (events: number, n: number): string => label(perThousand(events / n));',
    'export const here: string = import.meta.url;',
    '',
  ].join('\n'),
  'lib/label.ts':
    'export function label(value: number): string {\n  return `${value.toFixed(1)} per 1000`;\n}\n',
};
for (const [path, text] of Object.entries(files)) {
  mkdirSync(dirname(join(project, path)), { recursive: true });
  writeFileSync(join(project, path), text);
}
const notebookDir = join(project, 'notebooks', '2024');
mkdirSync(notebookDir, { recursive: true });

describe('notebook imports resolve from the notebook’s own project', () => {
  it('resolveSpecifier finds a package in the nearest node_modules above a nested notebook folder', () => {
    const resolved = resolveSpecifier('study-units', notebookDir, []);
    expect(resolved).toMatchObject({
      kind: 'package',
      path: join(project, 'node_modules/study-units/index.js'),
      packageName: 'study-units',
    });
  });

  it('resolveImport compiles the project’s TypeScript module (and what it imports) for plain Node', async () => {
    const resolved = await resolveImport('../../lib/rates.ts', notebookDir, []);
    expect(resolved.path).toBe(join(project, 'lib/rates.ts'));
    expect(resolved.sources).toEqual([
      join(project, 'lib/rates.ts'),
      join(project, 'lib/label.ts'),
    ]);
    expect(resolved.url).toMatch(/^file:.*\.mjs$/);
    // No TypeScript loader and no custom conditions: what an installed `muster render` runs.
    const script = `const m = await import(${JSON.stringify(resolved.url)}); console.log(JSON.stringify([m.rate(3, 200), m.here]));`;
    const child = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
      encoding: 'utf8',
      env: { ...process.env, NODE_OPTIONS: '' },
    });
    expect(child.stderr).toBe('');
    expect(JSON.parse(child.stdout)).toEqual([
      '15.0 per 1000',
      `file://${join(project, 'lib/rates.ts')}`,
    ]);
  });

  it('an edit to an imported module gives a new compiled module', async () => {
    const before = await resolveImport('../../lib/rates.ts', notebookDir, []);
    writeFileSync(join(project, 'lib/label.ts'), `${files['lib/label.ts']}// edited\n`);
    const after = await resolveImport('../../lib/rates.ts', notebookDir, []);
    expect(after.url).not.toBe(before.url);
    writeFileSync(join(project, 'lib/label.ts'), files['lib/label.ts']!);
  });

  it('a package the project lacks resolves from the engine’s install; an unknown one says how to install it', () => {
    const empty = mkdtempSync(join(tmpdir(), 'muster-empty-'));
    try {
      expect(resolveSpecifier('arquero', empty, []).kind).toBe('package');
      expect(() => resolveSpecifier('no-such-package-xyz', empty, [])).toThrow(
        /Cannot find module 'no-such-package-xyz' from .* \(install it in the notebook's project: npm install no-such-package-xyz\)/,
      );
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });

  it('a notebook in a nested folder runs cells that import the project’s modules and packages', async () => {
    const cell = [
      '```ts',
      "import { rate } from '../../lib/rates.ts';",
      "import { perThousand } from 'study-units';",
      '[rate(1, 8), perThousand(0.002)].join(" / ")',
      '```',
    ].join('\n');
    const run = await runText(`---\ntitle: T\n---\n\n${cell}\n`, notebookDir);
    const output = run.cells[0]!.outputs[0] as { kind: string; text?: string };
    expect(output.kind).not.toBe('error');
    expect(JSON.stringify(output)).toContain('125.0 per 1000 / 2');
    expect(run.cells[0]!.reads.map((read) => read.path).sort()).toEqual([
      '../../lib/label.ts',
      '../../lib/rates.ts',
    ]);
    expect(readFileSync(join(project, 'lib/rates.ts'), 'utf8')).toBe(files['lib/rates.ts']);
  });
});
