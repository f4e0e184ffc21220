import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { VersionTable } from '../types.ts';
import { sha256 } from './hash.ts';
import { resolveSpecifier } from './resolve-specifier.ts';

const here = dirname(fileURLToPath(import.meta.url));
/** The folder of @muster/report (src/internal or dist/internal is two levels down). */
export const reportDir = join(here, '..', '..');

interface PackageManifest {
  name: string;
  version: string;
  dependencies?: Record<string, string>;
}

function readManifest(dir: string): PackageManifest {
  return JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as PackageManifest;
}

/** Version of a third-party package as installed next to @muster/report, or `unknown`. */
export function installedVersion(name: string): string {
  for (let dir = reportDir; ; dir = dirname(dir)) {
    const path = join(dir, 'node_modules', name, 'package.json');
    if (existsSync(path))
      return (JSON.parse(readFileSync(path, 'utf8')) as PackageManifest).version;
    if (dirname(dir) === dir) return 'unknown';
  }
}

/** All files under a folder, sorted, as paths relative to it with `/` separators. */
function listFiles(dir: string): string[] {
  const out: string[] = [];
  const visit = (current: string) => {
    for (const entry of readdirSync(current, { withFileTypes: true })) {
      const path = join(current, entry.name);
      if (entry.isDirectory()) visit(path);
      else if (entry.isFile()) out.push(relative(dir, path).split(sep).join('/'));
    }
  };
  visit(dir);
  return out.sort();
}

/**
 * Version of a Muster package. When it resolves to its TypeScript sources (the `@muster/source`
 * condition), the version gets `+src.<first 12 hex of the SHA-256 over src/>`, so a report says
 * exactly which sources produced it.
 */
function musterVersion(packageDir: string, entry: string | null): string {
  const manifest = readManifest(packageDir);
  const srcDir = join(packageDir, 'src');
  if (entry === null || !entry.startsWith(srcDir + sep) || !existsSync(srcDir))
    return manifest.version;
  const parts: string[] = [];
  for (const file of listFiles(srcDir)) {
    parts.push(file, sha256(readFileSync(join(srcDir, file))));
  }
  return `${manifest.version}+src.${sha256(parts.join('\n')).slice(0, 12)}`;
}

/** Version of @muster/report itself (with the source hash when running from sources). */
export function reportVersion(): string {
  return musterVersion(reportDir, fileURLToPath(import.meta.url));
}

/**
 * Versions of everything that shapes a report: Node, the Muster packages the notebook imports (and
 * the Muster packages they and @muster/report depend on), Vega, Vega-Lite, arquero and Typst.
 */
export function collectVersions(
  specifiers: string[],
  notebookDir: string,
  conditions: readonly string[],
): VersionTable {
  const versions: VersionTable = { node: process.version };
  const seen = new Set<string>();
  const queue: { name: string; fromDir: string }[] = [];
  const reportManifest = readManifest(reportDir);
  versions['@muster/report'] = reportVersion();
  seen.add('@muster/report');
  for (const name of Object.keys(reportManifest.dependencies ?? {})) {
    if (name.startsWith('@muster/')) queue.push({ name, fromDir: reportDir });
  }
  for (const specifier of specifiers) {
    if (!specifier.startsWith('@muster/')) continue;
    queue.push({ name: specifier.split('/').slice(0, 2).join('/'), fromDir: notebookDir });
  }
  while (queue.length > 0) {
    const { name, fromDir } = queue.shift()!;
    if (seen.has(name)) continue;
    seen.add(name);
    let resolved: ReturnType<typeof resolveSpecifier>;
    try {
      resolved = resolveSpecifier(name, fromDir, conditions);
    } catch {
      versions[name] = 'not installed';
      continue;
    }
    const packageDir = resolved.packageDir!;
    versions[name] = musterVersion(packageDir, resolved.path);
    for (const dependency of Object.keys(readManifest(packageDir).dependencies ?? {})) {
      if (dependency.startsWith('@muster/')) queue.push({ name: dependency, fromDir: packageDir });
    }
  }
  versions.arquero = installedVersion('arquero');
  versions.vega = installedVersion('vega');
  versions['vega-lite'] = installedVersion('vega-lite');
  versions['typst-ts-node-compiler'] = installedVersion('@myriaddreamin/typst-ts-node-compiler');
  return versions;
}
