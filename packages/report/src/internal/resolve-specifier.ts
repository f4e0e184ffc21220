import { existsSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export interface ResolvedSpecifier {
  /** What to pass to `import()`. */
  url: string;
  /** Absolute real path of the file, or null for Node built-ins. */
  path: string | null;
  /** `relative` for the notebook's own files, `package` for node_modules, `builtin` for Node's. */
  kind: 'relative' | 'package' | 'builtin';
  /** For packages: the package's folder and name. */
  packageDir?: string;
  packageName?: string;
}

/**
 * Resolve an import specifier as Node's ESM loader would from a module in `fromDir`: relative paths
 * against the folder (`./x.js` also finds `./x.ts`), bare names through the nearest node_modules
 * at or above the folder (the notebook's own project) and package.json `exports` with the given
 * conditions (plus `import`, `node`, `default`); a package the project does not have resolves from
 * where the report engine is installed. Returns real paths so modules keep one identity.
 *
 * @example
 * resolveSpecifier('@muster/glm', '/home/me/study/notebooks/2024', []).path;
 * // => '/home/me/study/node_modules/@muster/glm/dist/index.js'
 */
export function resolveSpecifier(
  specifier: string,
  fromDir: string,
  conditions: readonly string[],
): ResolvedSpecifier {
  if (specifier.startsWith('node:') || builtinModules.includes(specifier)) {
    return {
      url: specifier.startsWith('node:') ? specifier : `node:${specifier}`,
      path: null,
      kind: 'builtin',
    };
  }
  if (specifier.startsWith('file:')) return fileResult(fileURLToPath(specifier), 'relative');
  if (
    specifier.startsWith('./') ||
    specifier.startsWith('../') ||
    specifier.startsWith('/') ||
    specifier === '.' ||
    specifier === '..'
  ) {
    const base = resolve(fromDir, specifier);
    // TypeScript's convention: `./x.js` names the module compiled from `./x.ts`.
    const typescript = base.replace(/\.(m?)js$/, '.$1ts');
    for (const candidate of [
      base,
      typescript,
      `${base}.ts`,
      `${base}.js`,
      `${base}.mjs`,
      join(base, 'index.ts'),
      join(base, 'index.js'),
    ]) {
      if (isFile(candidate)) return fileResult(candidate, 'relative');
    }
    throw moduleNotFound(specifier, fromDir);
  }
  const parts = specifier.split('/');
  const name = specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
  const subpath = `.${specifier.slice(name.length)}`;
  const fromProject = resolvePackage(name, subpath, fromDir, conditions);
  if (fromProject === 'not-exported') throw moduleNotFound(specifier, fromDir);
  if (fromProject !== null) return fromProject;
  // Not installed in the notebook's project: the packages installed with the report engine
  // (a notebook rendered by `npx @muster/cli` in a folder with no node_modules).
  const fromEngine = resolvePackage(name, subpath, engineDir, conditions);
  if (fromEngine !== null && fromEngine !== 'not-exported') return fromEngine;
  throw moduleNotFound(specifier, fromDir);
}

/** Where this module is installed: packages installed beside the report engine resolve from here. */
const engineDir = dirname(fileURLToPath(import.meta.url));

/**
 * A package's module from the nearest node_modules at or above `fromDir` that holds the package:
 * null when none does, 'not-exported' when the package found does not export `subpath`.
 */
function resolvePackage(
  name: string,
  subpath: string,
  fromDir: string,
  conditions: readonly string[],
): ResolvedSpecifier | 'not-exported' | null {
  for (let dir = resolve(fromDir); ; dir = dirname(dir)) {
    const packageDir = join(dir, 'node_modules', name);
    const manifestPath = join(packageDir, 'package.json');
    if (existsSync(manifestPath)) {
      const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as {
        exports?: unknown;
        main?: string;
      };
      let target: string | null = null;
      if (manifest.exports !== undefined) {
        target = resolveExports(
          manifest.exports,
          subpath,
          new Set([...conditions, 'import', 'node', 'default']),
        );
      } else if (subpath === '.') {
        target = manifest.main ?? './index.js';
      } else {
        target = subpath;
      }
      if (target !== null) {
        const base = resolve(packageDir, target);
        for (const candidate of [base, `${base}.js`, join(base, 'index.js')]) {
          if (isFile(candidate)) {
            const result = fileResult(candidate, 'package');
            return { ...result, packageDir: realpathSync(packageDir), packageName: name };
          }
        }
      }
      return 'not-exported';
    }
    if (dirname(dir) === dir) return null;
  }
}

/** Conditions Node was started with (`--conditions=x`, `-C x`, also through NODE_OPTIONS). */
export function activeConditions(): string[] {
  const args = [...process.execArgv, ...(process.env.NODE_OPTIONS ?? '').split(/\s+/)];
  const conditions: string[] = [];
  for (let i = 0; i < args.length; i += 1) {
    const arg = args[i];
    if (arg.startsWith('--conditions=')) conditions.push(arg.slice('--conditions='.length));
    else if ((arg === '--conditions' || arg === '-C') && i + 1 < args.length)
      conditions.push(args[++i]);
    else if (arg.startsWith('-C') && arg.length > 2) conditions.push(arg.slice(2));
  }
  return conditions;
}

function resolveExports(exports: unknown, subpath: string, conditions: Set<string>): string | null {
  const isSubpathMap =
    exports !== null &&
    typeof exports === 'object' &&
    !Array.isArray(exports) &&
    Object.keys(exports).some((key) => key.startsWith('.'));
  const map = (isSubpathMap ? exports : { '.': exports }) as Record<string, unknown>;
  if (subpath in map) return resolveTarget(map[subpath], conditions, null);
  for (const [key, value] of Object.entries(map)) {
    const star = key.indexOf('*');
    if (star === -1) continue;
    const prefix = key.slice(0, star);
    const suffix = key.slice(star + 1);
    if (
      subpath.startsWith(prefix) &&
      subpath.endsWith(suffix) &&
      subpath.length >= key.length - 1
    ) {
      return resolveTarget(
        value,
        conditions,
        subpath.slice(prefix.length, subpath.length - suffix.length),
      );
    }
  }
  return null;
}

function resolveTarget(
  target: unknown,
  conditions: Set<string>,
  star: string | null,
): string | null {
  if (typeof target === 'string') return star === null ? target : target.replaceAll('*', star);
  if (Array.isArray(target)) {
    for (const item of target) {
      const resolved = resolveTarget(item, conditions, star);
      if (resolved !== null) return resolved;
    }
    return null;
  }
  if (target !== null && typeof target === 'object') {
    for (const [condition, value] of Object.entries(target)) {
      if (conditions.has(condition)) {
        const resolved = resolveTarget(value, conditions, star);
        if (resolved !== null) return resolved;
      }
    }
  }
  return null;
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

function fileResult(path: string, kind: 'relative' | 'package'): ResolvedSpecifier {
  const real = realpathSync(path);
  return { url: pathToFileURL(real).href, path: real, kind };
}

function moduleNotFound(specifier: string, fromDir: string): Error {
  const relative = /^[./]/.test(specifier) || specifier.startsWith('file:');
  const hint = relative ? '' : ` (install it in the notebook's project: npm install ${specifier})`;
  const error = new Error(`Cannot find module '${specifier}' from ${fromDir}${hint}`);
  (error as NodeJS.ErrnoException).code = 'ERR_MODULE_NOT_FOUND';
  return error;
}
