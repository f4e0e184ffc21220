/**
 * The built command (`dist/`, what `npm install @muster/cli` runs): plain JavaScript with no
 * TypeScript loader, a command loads only its own chunk and packages, and its numbers are the
 * library's. Needs `pnpm build` (turbo builds this package and its dependencies before the tests).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { readCsv } from '@muster/formula';
import { fitGlm } from '@muster/glm';
import { beforeAll, describe, expect, it } from 'vitest';

const cliRoot = resolve(import.meta.dirname, '..');
const dist = join(cliRoot, 'dist');
const lyallCsv = resolve(cliRoot, '../datasets/data/lyall_synthetic.csv');
const formula = 'mass_desertion ~ inequality + log(troops) + regime + initiator';

const muster = (args: string[]) =>
  spawnSync(process.execPath, [join(dist, 'cli.js'), ...args], {
    cwd: cliRoot,
    encoding: 'utf8',
    env: { ...process.env, NODE_OPTIONS: '' },
  });

/** Bare specifiers a module and the modules it statically imports load (dynamic imports not followed). */
function staticPackages(file: string, seen = new Set<string>()): Set<string> {
  const packages = new Set<string>();
  if (seen.has(file)) return packages;
  seen.add(file);
  const text = readFileSync(file, 'utf8');
  for (const match of text.matchAll(
    /^(?:import|export)\b[^'"]*?from\s*['"]([^'"]+)['"]|^import\s*['"]([^'"]+)['"]/gm,
  )) {
    const specifier = match[1] ?? match[2]!;
    if (specifier.startsWith('.')) {
      for (const name of staticPackages(join(dirname(file), specifier), seen)) packages.add(name);
    } else packages.add(specifier);
  }
  return packages;
}

const chunk = (command: string) => {
  const name = readdirSync(dist).find((file) =>
    new RegExp(`^${command}-[A-Z0-9]+\\.js$`).test(file),
  );
  if (!name) throw new Error(`no chunk for ${command} in ${readdirSync(dist).join(', ')}`);
  return join(dist, name);
};

beforeAll(() => {
  if (!existsSync(join(dist, 'cli.js'))) {
    throw new Error('packages/cli/dist/cli.js is missing: run `pnpm build` first');
  }
});

describe('the built muster command', () => {
  it('is plain JavaScript: no TypeScript sources or loader in dist/', () => {
    const files = readdirSync(dist);
    expect(files.filter((file) => /\.[cm]?ts$/.test(file))).toEqual([]);
    for (const file of files.filter((name) => /\.m?js$/.test(name))) {
      const code = readFileSync(join(dist, file), 'utf8').replace(/^\s*\/\/.*$/gm, '');
      expect(code, file).not.toMatch(/from ['"]tsx|import\(['"]tsx|\.ts['"]\)/);
    }
    expect(readFileSync(join(dist, 'cli.js'), 'utf8').startsWith('#!/usr/bin/env node\n')).toBe(
      true,
    );
  });

  it('loads a command lazily: muster glm reads neither the report engine nor other models', () => {
    const start = staticPackages(join(dist, 'cli.js'));
    expect([...start].filter((name) => !name.startsWith('node:'))).toEqual(['@muster/core/errors']);
    const glm = staticPackages(chunk('glm'));
    expect(glm).toContain('@muster/glm');
    for (const heavy of [
      '@muster/report',
      '@muster/survival',
      '@muster/mixed',
      'vega',
      'chokidar',
    ]) {
      expect(glm).not.toContain(heavy);
    }
  });

  it('declares every package its built modules import (static or dynamic)', () => {
    const manifest = JSON.parse(readFileSync(join(cliRoot, 'package.json'), 'utf8'));
    const declared = new Set(Object.keys(manifest.dependencies));
    const imported = new Set<string>();
    for (const file of readdirSync(dist).filter(
      (name) => /\.m?js$/.test(name) && name !== 'client.js',
    )) {
      const code = readFileSync(join(dist, file), 'utf8');
      for (const match of code.matchAll(
        /(?:from\s*|import\s*\(\s*|^import\s*)['"]([@a-z][a-z0-9._/@-]*)['"]/gm,
      )) {
        const specifier = match[1]!;
        if (specifier.startsWith('node:')) continue;
        const parts = specifier.split('/');
        imported.add(specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!);
      }
    }
    // esbuild is imported only on the sources' path (the web app's code, prebuilt in dist/client.js).
    imported.delete('esbuild');
    expect([...imported].filter((name) => !declared.has(name))).toEqual([]);
  });

  it('muster glm --json prints the fit of fitGlm, clustered by war', async () => {
    const result = muster([
      'glm',
      lyallCsv,
      '--formula',
      formula,
      '--family',
      'binomial',
      '--vcov',
      'cluster',
      '--cluster',
      'war',
      '--json',
    ]);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const printed = JSON.parse(result.stdout);
    const fit = await fitGlm(formula, readCsv(readFileSync(lyallCsv, 'utf8')), {
      family: 'binomial',
      vcov: 'cluster',
      cluster: 'war',
    });
    expect(printed.coefficients).toEqual(JSON.parse(JSON.stringify(fit.coefficients)));
    expect(printed.deviance).toBe(fit.deviance);
    expect(printed.nClusters).toBe(160);
  });

  it('a user error exits with code 2 and one line', () => {
    const result = muster(['glm', lyallCsv, '--formula', 'mass_desertion ~ nosuch']);
    expect(result.status).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(/^muster: .*nosuch/);
  });
});
