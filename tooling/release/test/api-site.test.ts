/**
 * The API reference builds as `pnpm docs` builds it (TypeDoc with the repository's typedoc.json,
 * where `treatWarningsAsErrors` is set): no warning, every public library in it with its README
 * as the module page, and every algorithm note (`packages/<name>/docs/*.md`) as a document.
 * Type errors are the typecheck's job, so this build skips them to stay quick.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../../..');
const out = mkdtempSync(join(tmpdir(), 'muster-api-site-'));
const config = JSON.parse(readFileSync(join(root, 'typedoc.json'), 'utf8'));
/** Public packages with a module to document (@muster/cli is a command only). */
const libraries = readdirSync(join(root, 'packages')).filter((dir) => {
  const manifest = JSON.parse(readFileSync(join(root, 'packages', dir, 'package.json'), 'utf8'));
  return !manifest.private && manifest.exports?.['.'] !== undefined;
});
let log = '';

beforeAll(() => {
  const args = ['--out', out, '--skipErrorChecking', '--logLevel', 'Warn'];
  try {
    log = execFileSync(join(root, 'node_modules/.bin/typedoc'), args, {
      cwd: root,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, NODE_OPTIONS: '', NO_COLOR: '1' },
    });
  } catch (error) {
    const { stdout, stderr } = error as { stdout?: string; stderr?: string };
    log = `${stdout ?? ''}${stderr ?? ''}` || String(error);
  }
});

afterAll(() => rmSync(out, { recursive: true, force: true }));

describe('the API reference site', () => {
  it('typedoc.json treats warnings as errors, so `pnpm docs` fails on one', () => {
    expect(config.treatWarningsAsErrors).toBe(true);
  });

  it('builds without a warning or an error', () => {
    expect(log.trim()).toBe('');
    expect(existsSync(join(out, 'index.html'))).toBe(true);
  });

  it('documents every public library, its README as the module page', () => {
    expect(config.entryPoints).toEqual(libraries.map((dir) => `packages/${dir}`));
    for (const dir of libraries) {
      const page = join(out, 'modules', `_muster_${dir}.html`);
      expect(existsSync(page), page).toBe(true);
      // The Install section of the README (every package README has one).
      expect(readFileSync(page, 'utf8'), `@muster/${dir}`).toContain('ESM only (load it with');
    }
  });

  it("holds every package's algorithm notes as documents", () => {
    const notes = libraries.flatMap((dir) => {
      const folder = join(root, 'packages', dir, 'docs');
      if (!existsSync(folder)) return [];
      return readdirSync(folder)
        .filter((f) => f.endsWith('.md'))
        .map((f) => `${dir}_docs_${f.replace(/\.md$/, '')}.html`);
    });
    expect(notes.length).toBeGreaterThan(5);
    const documents = readdirSync(join(out, 'documents'));
    expect(documents).toEqual(expect.arrayContaining(notes));
  });
});
