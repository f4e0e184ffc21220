import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { InvalidArgumentError } from '@muster/core/errors';
import { assembleRun, notRun } from './internal/assemble-run.ts';
import { CellCache } from './internal/cache.ts';
import { CellGuard } from './internal/cell-guard.ts';
import { type CompiledCell, compileCell } from './internal/compile-cell.ts';
import { collectVersions, reportDir, reportVersion } from './internal/environment.ts';
import {
  type Execution,
  type ExecutionContext,
  errorAt,
  executeUnit,
  isFile,
  notebookUnits,
  toNotebookPath,
  type Unit,
  unitName,
} from './internal/execute-unit.ts';
import { sha256, stableStringify } from './internal/hash.ts';
import { resolveParameters } from './internal/parameters.ts';
import { activeConditions } from './internal/resolve-specifier.ts';
import type {
  CellRun,
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
  /**
   * Called once the notebook is compiled, before any cell runs, with the run as it would be if
   * no cell ran (every cell `not-run`): a supervisor can complete it if the run is stopped.
   */
  onStart?: (outline: NotebookRun) => void;
  /** Called before a cell or inline expression executes, with its index and time limit (s). */
  onUnitStart?: (unit: { index: number; where: string; timeout: number }) => void;
}

/** Version of the cache layout and key recipe; bump to invalidate every cache. */
const CACHE_FORMAT = 1;
/** Names every cell sees; cells cannot declare them. */
const INJECTED = ['display', 'params', 'seed', 'random', 'readFile', 'loadCsv'];
/** Injected state shared across cells: a cell using it depends on earlier cells using it. */
const SHARED_STATE = ['random'];
type Compiled = { ok: true; cell: CompiledCell } | { ok: false; error: ErrorDisplay };

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

  const units = notebookUnits(notebook);

  const compiled = await compileUnits(units, cache);
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
    const timeout = unit.timeout ?? notebook.frontMatter.timeout;
    const injectedNames = await inject();
    options.onUnitStart?.({ index, where: unitName(unit), timeout });
    return executeUnit(unit, item.cell, {
      scope,
      baseDir,
      cacheDir,
      conditions,
      injected: injectedNames,
      randomKey: `${seed}\0${unit.kind}\0${unit.source}`,
      rows: notebook.frontMatter.rows,
      timeout,
      guard,
    });
  };

  const runs: CellRun[] = [];
  const fullKeys: string[] = [];
  const executed = new Set<number>();
  let failed = false;
  const outline = { notebook, parameters, declaredInputs, versions };
  options.onStart?.(
    assembleRun(
      outline,
      units.map((unit, index) =>
        notRun(
          unit,
          upstream.direct[index].map((j) => units[j].id),
        ),
      ),
      false,
    ),
  );
  const guard = new CellGuard();
  guard.install();
  try {
    for (let index = 0; index < units.length; index += 1) {
      const unit = units[index];
      const base = {
        kind: unit.kind,
        number: unit.number,
        line: unit.line,
        dependsOn: upstream.direct[index].map((j) => units[j].id),
      };
      if (failed) {
        runs.push(notRun(unit, base.dependsOn));
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
        runs.push(notRun(unit, base.dependsOn));
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
  } finally {
    guard.uninstall();
  }
  return assembleRun({ notebook, parameters, declaredInputs, versions }, runs, failed);
}

/** Compile every unit (compiled code is cached by source, so a cached run never loads esbuild). */
async function compileUnits(units: Unit[], cache: CellCache): Promise<Compiled[]> {
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
  return compiled;
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

function esbuildVersion(): string {
  for (let dir = reportDir; ; dir = dirname(dir)) {
    const path = resolve(dir, 'node_modules', 'esbuild', 'package.json');
    if (existsSync(path))
      return (JSON.parse(readFileSync(path, 'utf8')) as { version: string }).version;
    if (dirname(dir) === dir) return 'unknown';
  }
}
