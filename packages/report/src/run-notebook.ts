import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import vm from 'node:vm';
import { InvalidArgumentError } from '@muster/core/errors';
import { CellCache } from './internal/cache.ts';
import { type CompiledCell, compileCell } from './internal/compile-cell.ts';
import { collectVersions, reportDir, reportVersion } from './internal/environment.ts';
import { formatValue } from './internal/format.ts';
import { sha256, stableStringify } from './internal/hash.ts';
import { seedMathRandom } from './internal/math-random.ts';
import { resolveParameters } from './internal/parameters.ts';
import { activeConditions, resolveSpecifier } from './internal/resolve-specifier.ts';
import { originalLine } from './internal/source-map.ts';
import { trackFileReads } from './internal/track-reads.ts';
import { toDisplay } from './to-display.ts';
import type {
  CellRun,
  DisplayItem,
  ErrorDisplay,
  FileRead,
  Notebook,
  NotebookRun,
  ParameterValue,
} from './types.ts';

/** Options of {@link runNotebook}. */
export interface RunNotebookOptions {
  /** Parameter overrides (strings are parsed by the type of the default, as `--param` does). */
  parameters?: Record<string, ParameterValue | string>;
  /** Folder of the cell cache, or null (default) to run every cell. */
  cacheDir?: string | null;
  /**
   * Export conditions for resolving the notebook's imports (besides `import`, `node`, `default`).
   * Default: the conditions Node was started with (`--conditions=@muster/source` in the CLI).
   */
  conditions?: readonly string[];
  /** Called after each cell and inline expression. */
  onCell?: (cell: CellRun) => void;
}

/** Version of the cache layout and key recipe; bump to invalidate every cache. */
const CACHE_FORMAT = 1;
/** Names every cell sees; cells cannot declare them. */
const INJECTED = ['display', 'params', 'seed', 'random', 'readFile', 'loadCsv'];
/** Injected state shared across cells: a cell using it depends on earlier cells using it. */
const SHARED_STATE = ['random'];
const CODE_EXTENSIONS = /\.(?:[cm]?[jt]sx?|node|wasm)$/;

interface Unit {
  id: string;
  kind: 'code' | 'inline';
  number: number;
  line: number;
  source: string;
}

type Compiled = { ok: true; cell: CompiledCell } | { ok: false; error: ErrorDisplay };

interface Execution {
  outputs: DisplayItem[];
  reads: FileRead[];
  failed: boolean;
}

/**
 * Run a notebook's cells and inline expressions in order, in one shared scope, and collect what
 * each displays. With a cache folder, a cell whose key is unchanged is served from the cache
 * without running.
 *
 * Method. Each cell is TypeScript compiled by esbuild; top-level declarations become names of the
 * notebook's scope, imports resolve from the notebook's folder. Cells see `params`, `seed`,
 * `random` (createRandom(seed) from @muster/core, one stream shared in document order),
 * `display(...values)`, `readFile(path)` and `loadCsv(path)` (arquero table). `Math.random` is
 * seeded per cell. Cell j is upstream of cell i (j < i) when j declares a name i mentions, or both
 * mention a notebook name (or `random`) that j may have changed. A cell's key hashes its source,
 * its upstream cells' keys, the parameters (when it mentions `params`), the seed, the versions of
 * everything involved and the bytes of the files it read; to re-run a cell, the engine first runs its upstream cells for
 * their values. The first failing cell stops the run; later cells are `not-run`. See
 * docs/notebook-format.md.
 *
 * @param notebook - A parsed notebook ({@link parseNotebook}).
 * @param options - Parameter overrides, cache folder, resolution conditions, progress callback.
 * @returns Every cell's outputs, the inputs with their SHA-256, versions and whether a cell failed.
 * @throws InvalidArgumentError for an unknown or ill-typed parameter, or a declared input that does
 *   not exist.
 * @example
 * ```ts
 * const run = await runNotebook(parseNotebook('```ts\nconst x = 21;\nx * 2\n```\n'));
 * run.cells[0].outputs;
 * // => [{ kind: 'text', text: '42', style: 'value' }]
 * ```
 */
export async function runNotebook(
  notebook: Notebook,
  options: RunNotebookOptions = {},
): Promise<NotebookRun> {
  const baseDir = notebook.path ? dirname(notebook.path) : process.cwd();
  const parameters = resolveParameters(notebook.frontMatter, options.parameters ?? {});
  const seed = notebook.frontMatter.seed;
  const conditions = options.conditions ?? activeConditions();
  const cache = new CellCache(options.cacheDir ?? null);
  const cacheDir = options.cacheDir ? resolve(options.cacheDir) : null;

  const declaredInputs: FileRead[] = notebook.frontMatter.inputs.map((path) => {
    const absolute = resolve(baseDir, path);
    if (!isFile(absolute)) {
      throw new InvalidArgumentError(
        'inputs',
        `runNotebook requires every declared input to exist; ${JSON.stringify(path)} does not (looked in ${baseDir})`,
      );
    }
    return { path: toNotebookPath(baseDir, absolute), sha256: sha256(readFileSync(absolute)) };
  });

  const units: Unit[] = [];
  for (const block of notebook.blocks) {
    if (block.kind === 'code') {
      if (!block.options.eval) continue; // `//| eval: false`: shown, never run
      units.push({
        id: `cell-${block.cell}`,
        kind: 'code',
        number: block.cell,
        line: block.line,
        source: block.source,
      });
    } else {
      for (const inline of block.inlines) {
        units.push({
          id: `inline-${inline.inline}`,
          kind: 'inline',
          number: inline.inline,
          line: inline.line,
          source: inline.source,
        });
      }
    }
  }

  // Compile every unit (compiled code is cached by source, so a cached run never loads esbuild).
  const compilerKey = sha256(
    stableStringify({ report: reportVersion(), esbuild: esbuildVersion() }),
  );
  const compiled: Compiled[] = [];
  for (const unit of units) {
    const key = sha256(`${compilerKey}\0${unit.kind}\0${unit.source}`);
    const hit = cache.getCompiled(key);
    if (hit) {
      compiled.push({ ok: true, cell: hit });
      continue;
    }
    const outcome = await compileCell(unit.source, unit.kind);
    const reserved = outcome.ok
      ? outcome.cell.declared.filter((name) => INJECTED.includes(name))
      : [];
    if (outcome.ok && reserved.length > 0) {
      const message = `cells cannot declare ${reserved[0]}: Muster provides it (reserved: ${INJECTED.join(', ')})`;
      const word = new RegExp(`\\b${reserved[0]}\\b`);
      const line = unit.source.split('\n').findIndex((text) => word.test(text));
      compiled.push({
        ok: false,
        error: errorAt(unit, 'SyntaxError', message, line === -1 ? null : line + 1),
      });
    } else if (outcome.ok) {
      cache.setCompiled(key, outcome.cell);
      compiled.push({ ok: true, cell: outcome.cell });
    } else {
      compiled.push({
        ok: false,
        error: errorAt(unit, outcome.name, outcome.message, outcome.line),
      });
    }
  }

  const specifiers = [
    ...new Set(compiled.flatMap((item) => (item.ok ? item.cell.imports : []))),
  ].sort();
  const versions = collectVersions(specifiers, baseDir, conditions);
  const environmentKey = sha256(stableStringify(versions));
  const upstream = dependencyGraph(compiled);

  const scope: Record<string, unknown> = Object.create(null);
  // What cells see, made when the first cell runs (a run served from the cache loads nothing).
  let injected: ExecutionContext['injected'] | null = null;
  const inject = async (): Promise<ExecutionContext['injected']> => {
    if (injected !== null) return injected;
    const core = (await import('@muster/core')) as unknown as {
      createRandom?: (seed: number) => unknown;
    };
    injected = {
      params: Object.freeze({ ...parameters }),
      seed,
      random: typeof core.createRandom === 'function' ? core.createRandom(seed) : undefined,
      arquero: compiled.some((item) => mentions(item, 'loadCsv')) ? await import('arquero') : null,
    };
    return injected;
  };

  const execute = async (index: number): Promise<Execution> => {
    const unit = units[index];
    const item = compiled[index];
    if (!item.ok) return { outputs: [item.error], reads: [], failed: true };
    return executeUnit(unit, item.cell, {
      scope,
      baseDir,
      cacheDir,
      conditions,
      injected: await inject(),
      randomKey: `${seed}\0${unit.kind}\0${unit.source}`,
      rows: notebook.frontMatter.rows,
    });
  };

  const runs: CellRun[] = [];
  const fullKeys: string[] = [];
  const executed = new Set<number>();
  let failed = false;
  for (let index = 0; index < units.length; index += 1) {
    const unit = units[index];
    const base = {
      kind: unit.kind,
      number: unit.number,
      line: unit.line,
      dependsOn: upstream.direct[index].map((j) => units[j].id),
    };
    if (failed) {
      runs.push({
        ...base,
        status: 'not-run',
        cached: false,
        executed: false,
        outputs: [],
        reads: [],
        key: '',
      });
      fullKeys.push('');
      options.onCell?.(runs[index]);
      continue;
    }
    const staticKey = sha256(
      stableStringify({
        format: CACHE_FORMAT,
        environment: environmentKey,
        kind: unit.kind,
        source: unit.source,
        // Parameters enter the key of the cells that mention `params`; cells downstream of
        // those get them through their upstream keys.
        parameters: mentions(compiled[index], 'params') ? parameters : null,
        seed,
        rows: notebook.frontMatter.rows,
        upstream: upstream.direct[index].map((j) => fullKeys[j]),
      }),
    );
    const entry = compiled[index].ok ? cache.getCell(staticKey) : null;
    if (entry && readsUnchanged(baseDir, entry.reads)) {
      fullKeys.push(sha256(`${staticKey}\0${stableStringify(entry.reads)}`));
      runs.push({
        ...base,
        status: 'ok',
        cached: true,
        executed: false,
        outputs: entry.outputs,
        reads: entry.reads,
        key: fullKeys[index],
      });
      options.onCell?.(runs[index]);
      continue;
    }
    // Run the upstream cells that have not run yet, for their values, then this one.
    for (const j of upstream.closure(index)) {
      if (executed.has(j)) continue;
      executed.add(j);
      const result = await execute(j);
      runs[j] = {
        ...runs[j],
        outputs: result.outputs,
        executed: true,
        status: result.failed ? 'error' : 'ok',
      };
      if (result.failed) {
        failed = true;
        break;
      }
    }
    if (failed) {
      runs.push({
        ...base,
        status: 'not-run',
        cached: false,
        executed: false,
        outputs: [],
        reads: [],
        key: '',
      });
      fullKeys.push('');
      options.onCell?.(runs[index]);
      continue;
    }
    executed.add(index);
    const result = await execute(index);
    if (result.failed) {
      failed = true;
      fullKeys.push('');
      runs.push({
        ...base,
        status: 'error',
        cached: false,
        executed: true,
        outputs: result.outputs,
        reads: result.reads,
        key: '',
      });
    } else {
      cache.setCell(staticKey, { format: 1, outputs: result.outputs, reads: result.reads });
      fullKeys.push(sha256(`${staticKey}\0${stableStringify(result.reads)}`));
      runs.push({
        ...base,
        status: 'ok',
        cached: false,
        executed: true,
        outputs: result.outputs,
        reads: result.reads,
        key: fullKeys[index],
      });
    }
    options.onCell?.(runs[index]);
  }

  const inputs = new Map<string, FileRead>();
  for (const read of [...declaredInputs, ...runs.flatMap((run) => run.reads)])
    inputs.set(read.path, read);
  return {
    notebook,
    parameters,
    seed,
    cells: runs,
    inputs: [...inputs.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)),
    versions,
    failed,
    stats: {
      executed: runs.filter((run) => run.executed).length,
      cached: runs.filter((run) => run.cached && !run.executed).length,
      total: runs.length,
    },
  };
}

/**
 * Direct upstream cells and their transitive closure. j < i is upstream of i when j declares a
 * name i mentions, or when both mention a name of the notebook's scope (declared at or before j,
 * or shared injected state such as `random`): j may have changed what i reads. Identifiers are
 * collected without scope analysis, so the relation over-approximates (a local variable that
 * shares a notebook name adds an edge); it never misses a use by name.
 */
function dependencyGraph(compiled: Compiled[]): {
  direct: number[][];
  closure: (index: number) => number[];
} {
  const declared = compiled.map((item) => new Set(item.ok ? item.cell.declared : []));
  const mentions = compiled.map((item) => new Set(item.ok ? item.cell.references : []));
  const direct: number[][] = [];
  const known = new Set<string>(SHARED_STATE);
  const knownAt: Set<string>[] = [];
  for (let j = 0; j < compiled.length; j += 1) {
    for (const name of declared[j]) known.add(name);
    knownAt.push(new Set(known));
  }
  for (let i = 0; i < compiled.length; i += 1) {
    const edges: number[] = [];
    for (let j = 0; j < i; j += 1) {
      let edge = false;
      for (const name of mentions[i]) {
        if (declared[j].has(name) || (mentions[j].has(name) && knownAt[j].has(name))) {
          edge = true;
          break;
        }
      }
      if (edge) edges.push(j);
    }
    direct.push(edges);
  }
  const closure = (index: number): number[] => {
    const seen = new Set<number>();
    const stack = [...direct[index]];
    while (stack.length > 0) {
      const j = stack.pop()!;
      if (seen.has(j)) continue;
      seen.add(j);
      stack.push(...direct[j]);
    }
    return [...seen].sort((a, b) => a - b);
  };
  return { direct, closure };
}

interface ExecutionContext {
  scope: Record<string, unknown>;
  baseDir: string;
  cacheDir: string | null;
  conditions: readonly string[];
  injected: {
    params: Readonly<Record<string, ParameterValue>>;
    seed: number;
    random: unknown;
    arquero: typeof import('arquero') | null;
  };
  randomKey: string;
  /** Rows shown of each displayed table (the front matter's `rows`). */
  rows: number;
}

async function executeUnit(
  unit: Unit,
  cell: CompiledCell,
  context: ExecutionContext,
): Promise<Execution> {
  const { scope, baseDir } = context;
  const pending: Promise<{ items: DisplayItem[] } | { error: unknown }>[] = [];
  const explicitReads = new Set<string>();
  const trackedReads = new Set<string>();

  const readFile = (path: string, encoding: BufferEncoding | null = 'utf8') => {
    const absolute = resolve(baseDir, path);
    explicitReads.add(absolute);
    return encoding === null ? readFileSync(absolute) : readFileSync(absolute, encoding);
  };
  scope.display = (...values: unknown[]) => {
    for (const value of values) {
      pending.push(
        toDisplay(value, { rows: context.rows }).then(
          (items) => ({ items }),
          (error: unknown) => ({ error }),
        ),
      );
    }
  };
  scope.readFile = readFile;
  scope.loadCsv = (path: string, options?: Parameters<typeof import('arquero').fromCSV>[1]) => {
    const aq = context.injected.arquero;
    if (aq === null) throw new Error('loadCsv is not available');
    return aq.fromCSV(readFile(path, 'utf8') as string, options);
  };
  scope.params = context.injected.params;
  scope.seed = context.injected.seed;
  scope.random = context.injected.random;
  for (const name of cell.declared) if (!(name in scope)) scope[name] = undefined;

  const importer = async (specifier: string, options?: ImportCallOptions): Promise<unknown> => {
    const resolved = resolveSpecifier(specifier, baseDir, context.conditions);
    if (resolved.kind === 'relative' && resolved.path) explicitReads.add(resolved.path);
    return options ? import(resolved.url, options) : import(resolved.url);
  };

  const filename = `muster-${unit.id}.js`;
  const out: { value: unknown; shown: boolean } = { value: undefined, shown: false };
  const globalsBefore = new Set(Object.getOwnPropertyNames(globalThis));
  let error: unknown = null;
  let failed = false;
  const restoreFs = trackFileReads((path) => trackedReads.add(path));
  const restoreRandom = seedMathRandom(context.randomKey);
  try {
    const fn = vm.runInThisContext(cell.code, { filename }) as (
      scope: object,
      importer: (specifier: string, options?: ImportCallOptions) => Promise<unknown>,
      out: object,
    ) => Promise<void>;
    await fn(scope, importer, out);
  } catch (caught) {
    error = caught;
    failed = true;
  } finally {
    restoreFs();
    restoreRandom();
  }

  // An assignment to a name no cell declared creates a global in sloppy code: make it an error.
  const leaked = Object.getOwnPropertyNames(globalThis).filter(
    (name) => !globalsBefore.has(name) && cell.references.includes(name),
  );
  for (const name of leaked) delete (globalThis as Record<string, unknown>)[name];
  if (!failed && leaked.length > 0) {
    failed = true;
    error = new ReferenceError(
      `${leaked[0]} is not declared; declare it with const or let before assigning to it`,
    );
  }

  const outputs: DisplayItem[] = [];
  for (const result of await Promise.all(pending)) {
    if ('items' in result) outputs.push(...result.items);
    else if (!failed) {
      failed = true;
      error = result.error;
    }
  }
  if (!failed && out.shown && out.value !== undefined) {
    if (unit.kind === 'inline') {
      try {
        outputs.push({ kind: 'text', text: formatValue(await out.value), style: 'value' });
      } catch (caught) {
        failed = true;
        error = caught;
      }
    } else {
      try {
        outputs.push(...(await toDisplay(out.value, { rows: context.rows })));
      } catch (caught) {
        failed = true;
        error = caught;
      }
    }
  }
  if (failed) outputs.push(errorFromException(unit, cell, error, filename));

  const reads = new Map<string, FileRead>();
  const cacheDir = context.cacheDir;
  for (const path of [...explicitReads, ...trackedReads]) {
    const explicit = explicitReads.has(path);
    if (!explicit && (path.split(sep).includes('node_modules') || CODE_EXTENSIONS.test(path)))
      continue;
    if (cacheDir !== null && (path === cacheDir || path.startsWith(cacheDir + sep))) continue;
    if (!isFile(path)) continue;
    const notebookPath = toNotebookPath(baseDir, path);
    reads.set(notebookPath, { path: notebookPath, sha256: sha256(readFileSync(path)) });
  }
  return {
    outputs,
    reads: [...reads.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)),
    failed,
  };
}

function errorAt(unit: Unit, name: string, message: string, cellLine: number | null): ErrorDisplay {
  const sourceLines = unit.source.split('\n');
  const line = cellLine === null ? null : Math.min(Math.max(cellLine, 1), sourceLines.length);
  return {
    kind: 'error',
    where: unit.kind === 'code' ? `cell ${unit.number}` : `inline expression ${unit.number}`,
    line: line === null ? null : unit.line + line - 1,
    sourceLine: line === null ? null : sourceLines[line - 1],
    name,
    message,
  };
}

function errorFromException(
  unit: Unit,
  cell: CompiledCell,
  error: unknown,
  filename: string,
): ErrorDisplay {
  const name = error instanceof Error ? error.name : 'Error';
  const message = error instanceof Error ? error.message : String(error);
  const stack = error instanceof Error ? String(error.stack ?? '') : '';
  const escaped = filename.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const match = new RegExp(`${escaped}:(\\d+):(\\d+)`).exec(stack);
  const cellLine = match ? originalLine(cell.lines, Number(match[1])) : null;
  return errorAt(unit, name, message, cellLine);
}

function mentions(item: Compiled, name: string): boolean {
  return item.ok && item.cell.references.includes(name);
}

function readsUnchanged(baseDir: string, reads: FileRead[]): boolean {
  for (const read of reads) {
    const absolute = resolve(baseDir, read.path);
    if (!isFile(absolute) || sha256(readFileSync(absolute)) !== read.sha256) return false;
  }
  return true;
}

function toNotebookPath(baseDir: string, absolute: string): string {
  const path = relative(baseDir, absolute);
  return (isAbsolute(path) ? absolute : path).split(sep).join('/');
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

function esbuildVersion(): string {
  for (let dir = reportDir; ; dir = dirname(dir)) {
    const path = resolve(dir, 'node_modules', 'esbuild', 'package.json');
    if (existsSync(path))
      return (JSON.parse(readFileSync(path, 'utf8')) as { version: string }).version;
    if (dirname(dir) === dir) return 'unknown';
  }
}
