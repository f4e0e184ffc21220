import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { InvalidArgumentError } from '@muster/core/errors';
import { assembleRun, notRun, type RunOutline } from './internal/assemble-run.ts';
import { CellCache } from './internal/cache.ts';
import { CellGuard } from './internal/cell-guard.ts';
import { compileUnits } from './internal/compile-units.ts';
import { type Compiled, dependencyGraph } from './internal/dependency-graph.ts';
import { collectVersions } from './internal/environment.ts';
import { isFile, notebookUnits, toNotebookPath } from './internal/execute-unit.ts';
import { sha256, stableStringify } from './internal/hash.ts';
import { resolveParameters } from './internal/parameters.ts';
import { activeConditions } from './internal/resolve-specifier.ts';
import { SessionState } from './internal/session-state.ts';
import { SqlEngine } from './internal/sql-engine.ts';
import { type RunSetup, UnitRunner } from './internal/unit-runner.ts';
import type { RunSession } from './run-session.ts';
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
  /**
   * Values kept from earlier runs of this notebook ({@link RunSession}): units whose key is
   * unchanged keep their values and outputs without running. Default: none (a fresh scope).
   */
  session?: RunSession;
  /**
   * Units (by index in `run.cells`) stopped in an earlier attempt at this run, with their errors:
   * they fail with that error without running, so a supervisor that restarts a run after a unit
   * ended its thread (a busy loop past its time limit) still runs the units that do not need it.
   */
  stopped?: Record<number, ErrorDisplay>;
  /** Called after each cell and inline expression. */
  onCell?: (cell: CellRun) => void;
  /**
   * Called once the notebook is compiled, before any cell runs, with the run as it would be if
   * no cell ran (every cell `not-run`): a supervisor can complete it if the run is stopped.
   */
  onStart?: (outline: NotebookRun) => void;
  /**
   * Called before any cell runs with the indexes (in `run.cells` order) of the units that will
   * run: the others are served unchanged from the session or the cache.
   */
  onPlan?: (stale: number[]) => void;
  /** Called before a cell or inline expression executes, with its index and time limit (s). */
  onUnitStart?: (unit: { index: number; where: string; timeout: number }) => void;
}

/**
 * Run a notebook's cells and inline expressions in order, in one shared scope, and collect what
 * each displays. With a cache folder, a cell whose key is unchanged is served from the cache
 * without running; with a session, from the values kept by the previous run.
 *
 * Method. Each cell is TypeScript compiled by esbuild; top-level declarations become names of the
 * notebook's scope, imports resolve from the notebook's folder. Cells see `params`, `seed`,
 * `random` (createRandom(seed) from @muster/core, one stream shared in document order),
 * `display(...values)`, `readFile(path)`, `loadCsv(path)` and `loadParquet(path)` (arquero
 * tables). Fenced `sql` cells run on a DuckDB database opened for the run. `Math.random` is
 * seeded per cell. Cell j is upstream of cell i (j < i) when j declares a name i mentions, or both
 * mention a notebook name (or `random`) that j may have changed. A cell's key hashes its source,
 * its upstream cells' keys, the parameters (when it mentions `params`), the seed, the versions of
 * everything involved and the bytes of the files it read; to re-run a cell, the engine first runs
 * the upstream cells whose values the scope lacks. A failing cell stops only the cells downstream
 * of it: they are `not-run` with `waitsOn` naming it; the others run. See docs/notebook-format.md.
 *
 * @param notebook - A parsed notebook ({@link parseNotebook}).
 * @param options - Parameter overrides, cache folder, session, resolution conditions, callbacks.
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
  const { setup, outline } = await prepareRun(notebook, options);
  const session = options.session?.state ?? new SessionState();
  session.begin(sessionContext(setup), declaredNames(setup.compiled));
  const { units, upstream } = setup;
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
  const runner = new UnitRunner(setup, session, guard, options);
  options.onPlan?.(runner.plan());
  guard.install();
  try {
    for (let index = 0; index < units.length; index += 1) await runner.step(index);
  } finally {
    guard.uninstall();
    await setup.sql?.close();
  }
  session.retain(runner.keys);
  return assembleRun(outline, runner.runs, runner.failed);
}

/**
 * The run of a notebook whose every cell and inline expression the cache serves, made in this
 * thread without running anything (so without loading esbuild or the packages the cells import),
 * or null when one would have to compile or run: the caller then runs the notebook.
 * Contract: the same result as {@link runNotebook} with the same options when it is not null.
 */
export async function runFromCache(
  notebook: Notebook,
  options: RunNotebookOptions,
): Promise<NotebookRun | null> {
  if (!options.cacheDir || Object.keys(options.stopped ?? {}).length > 0) return null;
  const prepared = await prepareRun(notebook, options, true);
  if (prepared === null) return null;
  const { setup, outline } = prepared;
  const runner = new UnitRunner(setup, new SessionState(), new CellGuard(), options);
  if (runner.plan().length > 0) return null;
  for (let index = 0; index < setup.units.length; index += 1) await runner.step(index);
  return assembleRun(outline, runner.runs, runner.failed);
}

/** Parameters, declared inputs, compiled units, versions and the dependency graph. */
async function prepareRun(
  notebook: Notebook,
  options: RunNotebookOptions,
): Promise<{ setup: RunSetup; outline: RunOutline }>;
async function prepareRun(
  notebook: Notebook,
  options: RunNotebookOptions,
  onlyCached: true,
): Promise<{ setup: RunSetup; outline: RunOutline } | null>;
async function prepareRun(
  notebook: Notebook,
  options: RunNotebookOptions,
  onlyCached = false,
): Promise<{ setup: RunSetup; outline: RunOutline } | null> {
  const baseDir = notebook.path ? dirname(notebook.path) : process.cwd();
  const parameters = resolveParameters(notebook.frontMatter, options.parameters ?? {});
  const conditions = options.conditions ?? activeConditions();
  const cache = new CellCache(options.cacheDir ?? null);
  const declaredInputs = checkInputs(notebook, baseDir);
  const units = notebookUnits(notebook);
  const compiled = onlyCached
    ? await compileUnits(units, cache, true)
    : await compileUnits(units, cache);
  if (compiled === null) return null;
  const specifiers = [
    ...new Set(compiled.flatMap((item) => (item.ok ? item.cell.imports : []))),
  ].sort();
  const versions = collectVersions(specifiers, baseDir, conditions);
  const setup: RunSetup = {
    notebook,
    baseDir,
    cacheDir: options.cacheDir ? resolve(options.cacheDir) : null,
    conditions,
    parameters,
    seed: notebook.frontMatter.seed,
    cache,
    units,
    compiled,
    upstream: dependencyGraph(compiled),
    environmentKey: sha256(stableStringify(versions)),
    sql: units.some((unit) => unit.sql !== null) ? new SqlEngine(baseDir) : null,
  };
  return { setup, outline: { notebook, parameters, declaredInputs, versions } };
}

/** The declared inputs with their SHA-256; each must exist. */
function checkInputs(notebook: Notebook, baseDir: string): FileRead[] {
  return notebook.frontMatter.inputs.map((path) => {
    const absolute = resolve(baseDir, path);
    if (!isFile(absolute)) {
      throw new InvalidArgumentError(
        'inputs',
        `runNotebook requires every declared input to exist; ${JSON.stringify(path)} does not (looked in ${baseDir})`,
      );
    }
    return { path: toNotebookPath(baseDir, absolute), sha256: sha256(readFileSync(absolute)) };
  });
}

/** What a session's kept values depend on besides the units' keys: a change starts it afresh. */
function sessionContext(setup: RunSetup): string {
  return sha256(
    stableStringify({
      notebook: setup.notebook.path,
      parameters: setup.parameters,
      seed: setup.seed,
      rows: setup.notebook.frontMatter.rows,
      environment: setup.environmentKey,
      cacheDir: setup.cacheDir,
    }),
  );
}

function declaredNames(compiled: Compiled[]): Set<string> {
  return new Set(compiled.flatMap((item) => (item.ok ? item.cell.declared : item.declared)));
}
