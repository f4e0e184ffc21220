/**
 * What npm shows and installs for each public package: the metadata of its page (keywords,
 * homepage, bugs, repository), one Node range for all, and no dependency that the package's code
 * never imports (an install should not pull what is not used); and a README whose Install section
 * gives the npm command, says the package is ESM only and names the Node version.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../../..');
const rootManifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const publicPackages = readdirSync(join(root, 'packages'))
  .map((dir) => ({
    dir,
    json: JSON.parse(readFileSync(join(root, 'packages', dir, 'package.json'), 'utf8')),
  }))
  .filter((p) => !p.json.private);

/** The code a package publishes: its src/, or for @muster/cli the command's sources it bundles. */
const codeFolders = (dir: string) =>
  dir === 'cli' ? [join(root, 'apps/workbench/src')] : [join(root, 'packages', dir, 'src')];

function sourceFiles(folder: string): string[] {
  return readdirSync(folder).flatMap((name) => {
    const path = join(folder, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.(?:[cm]?ts|mjs|js)$/.test(name) ? [path] : [];
  });
}

/** Packages named by import declarations, `import()` and `require()` in the files. */
function importedPackages(files: string[]): Set<string> {
  const names = new Set<string>();
  const pattern =
    /(?:from\s*|import\s*\(\s*|require\s*\(\s*|^import\s+)['"]([@a-z][\w./@-]*)['"]/gm;
  for (const file of files) {
    for (const match of readFileSync(file, 'utf8').matchAll(pattern)) {
      const specifier = match[1]!;
      if (specifier.startsWith('node:')) continue;
      const parts = specifier.split('/');
      names.add(specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!);
    }
  }
  return names;
}

describe('public package manifests', () => {
  for (const { dir, json } of publicPackages) {
    it(`${json.name} has keywords, homepage, bugs, repository and the shared Node range`, () => {
      expect(json.keywords?.length, 'keywords').toBeGreaterThan(2);
      expect(json.homepage).toBe(
        `https://github.com/muster-stats/muster/tree/main/packages/${dir}#readme`,
      );
      expect(json.bugs).toEqual({ url: 'https://github.com/muster-stats/muster/issues' });
      expect(json.repository).toMatchObject({ type: 'git', directory: `packages/${dir}` });
      expect(json.license).toBe('MIT');
      expect(json.type).toBe('module');
      expect(json.engines).toEqual(rootManifest.engines);
    });

    it(`${json.name} README has an Install section: the npm command, ESM only, the Node version`, () => {
      const readme = readFileSync(join(root, 'packages', dir, 'README.md'), 'utf8');
      const section = /^## Install\n([\s\S]*?)(?=^## |$(?![\s\S]))/m.exec(readme)?.[1] ?? '';
      expect(section, 'no ## Install section').not.toBe('');
      expect(section).toMatch(new RegExp(`npm install (--save-dev )?${json.name}\\b`));
      expect(section).toContain('ESM only');
      const version = /^>=(\d+\.\d+)$/.exec(json.engines.node)?.[1];
      expect(section).toContain(`Node ${version} or newer`);
    });

    it(`${json.name} depends on nothing its code never imports`, () => {
      const imported = importedPackages(codeFolders(dir).flatMap(sourceFiles));
      const unused = Object.keys(json.dependencies ?? {}).filter((name) => !imported.has(name));
      // @muster/cli installs the packages a study's notebooks import, beside the command's own.
      const expected =
        dir === 'cli' ? unused.filter((name) => !name.startsWith('@muster/')) : unused;
      expect(expected).toEqual([]);
    });
  }
});
