/**
 * A notebook's own TypeScript modules (`import { clean } from '../lib/clean.ts'`), made importable
 * by plain Node, which runs no TypeScript: esbuild compiles the module together with the project
 * files it imports relatively, and every package it imports is resolved as the notebook's imports
 * are (from the module's own folder up through its project's node_modules) and left an import of
 * that file, so a package keeps one identity across cells and modules. The output is written
 * once, named by its SHA-256, so an edit to any of the files gives a new module.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { extname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { sha256 } from './hash.ts';
import { type ResolvedSpecifier, resolveSpecifier } from './resolve-specifier.ts';

/** Extensions of the modules compiled here (Node imports .js, .mjs and .cjs itself). */
export const TYPESCRIPT_MODULE = /\.(?:[cm]?ts|tsx)$/;

const LOADERS = { '.ts': 'ts', '.mts': 'ts', '.cts': 'ts', '.tsx': 'tsx' } as const;

/** What {@link compileModule} wrote. */
export interface CompiledModule {
  /** file: URL of the compiled ES module. */
  url: string;
  /** Absolute paths of the project files compiled into it (the module first). */
  sources: string[];
}

let outputDir: string | null = null;
function modulesDir(): string {
  if (outputDir === null) {
    let user = 'user';
    try {
      user = String(userInfo().uid);
    } catch {}
    outputDir = join(tmpdir(), `muster-modules-${user}`);
    mkdirSync(outputDir, { recursive: true });
  }
  return outputDir;
}

/**
 * Compile the TypeScript module at `path` (an absolute, real path) into an ES module that plain
 * Node imports. `import.meta.url`, `import.meta.filename` and `import.meta.dirname` keep naming
 * the source file.
 * @throws the esbuild error (with file and line) when a module does not compile; the
 *   ERR_MODULE_NOT_FOUND error of {@link resolveSpecifier} when a package is not installed.
 */
export async function compileModule(
  path: string,
  conditions: readonly string[],
): Promise<CompiledModule> {
  const { build } = await import('esbuild');
  const result = await build({
    entryPoints: [path],
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    sourcemap: 'inline',
    metafile: true,
    logLevel: 'silent',
    plugins: [
      {
        name: 'notebook-packages',
        setup(build) {
          build.onResolve({ filter: /.*/ }, (args) => {
            // The project's own files (relative or absolute paths) are compiled in.
            if (args.kind === 'entry-point' || /^[./]/.test(args.path)) return undefined;
            const resolved = resolveSpecifier(args.path, args.resolveDir, conditions);
            return { path: resolved.url, external: true };
          });
          build.onLoad({ filter: /\.(?:[cm]?[jt]s|[jt]sx)$/ }, (args) => ({
            contents: keepImportMeta(readFileSync(args.path, 'utf8'), args.path),
            loader: LOADERS[extname(args.path) as keyof typeof LOADERS] ?? 'js',
          }));
        },
      },
    ],
  });
  const code = result.outputFiles[0]!.text;
  const file = join(modulesDir(), `${sha256(code).slice(0, 32)}.mjs`);
  writeFileSync(file, code);
  const sources = Object.keys(result.metafile.inputs).map((input) => resolve(input));
  return {
    url: pathToFileURL(file).href,
    sources: [path, ...sources.filter((source) => source !== path)],
  };
}

/**
 * Resolve an import of a cell as {@link resolveSpecifier} does, compiling the notebook's own
 * TypeScript modules so that Node imports them without a TypeScript loader.
 */
export async function resolveImport(
  specifier: string,
  fromDir: string,
  conditions: readonly string[],
): Promise<ResolvedSpecifier & { sources?: string[] }> {
  const resolved = resolveSpecifier(specifier, fromDir, conditions);
  if (resolved.kind !== 'relative' || resolved.path === null) return resolved;
  if (!TYPESCRIPT_MODULE.test(resolved.path)) return resolved;
  const compiled = await compileModule(resolved.path, conditions);
  return { ...resolved, url: compiled.url, sources: compiled.sources };
}

/** The module's own URL, file and folder in place of `import.meta.url`, `.filename`, `.dirname`. */
function keepImportMeta(text: string, path: string): string {
  return text
    .replaceAll('import.meta.url', JSON.stringify(pathToFileURL(path).href))
    .replaceAll('import.meta.filename', JSON.stringify(path))
    .replaceAll('import.meta.dirname', JSON.stringify(resolve(path, '..')));
}
