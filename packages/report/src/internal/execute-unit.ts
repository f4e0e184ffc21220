/**
 * Execute one compiled cell or inline expression in the notebook's shared scope: inject what
 * cells see, run the code under the cell guard (time limit, stray errors, no process.exit),
 * collect its displays and the files it read.
 */
import { readFileSync, statSync } from 'node:fs';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import vm from 'node:vm';
import { toDisplay } from '../to-display.ts';
import type { DisplayItem, ErrorDisplay, FileRead, Notebook, ParameterValue } from '../types.ts';
import type { CellGuard } from './cell-guard.ts';
import type { CompiledCell } from './compile-cell.ts';
import { resolveImport } from './compile-module.ts';
import { formatValue } from './format.ts';
import { sha256 } from './hash.ts';
import { seedMathRandom } from './math-random.ts';
import { pinLocale } from './pin-locale.ts';
import { originalLine } from './source-map.ts';
import { runSqlCell, type SqlEngine, SqlError } from './sql-engine.ts';
import { SQL_RUNNER } from './sql-text.ts';
import { trackFileReads } from './track-reads.ts';

const CODE_EXTENSIONS = /\.(?:[cm]?[jt]sx?|node|wasm)$/;

/** A code cell or an inline expression, in document order. */
export interface Unit {
  id: string;
  kind: 'code' | 'inline';
  number: number;
  line: number;
  source: string;
  /** Seconds the cell may run when set by its `//| timeout:` option, else null. */
  timeout: number | null;
  /** For a sql cell: how many option lines its source starts with, and the name it binds. */
  sql: { optionLines: number; name: string | null } | null;
}

/** What running a unit produced. */
export interface Execution {
  outputs: DisplayItem[];
  reads: FileRead[];
  failed: boolean;
}

/** Everything a unit's execution needs besides its code. */
export interface ExecutionContext {
  scope: Record<string, unknown>;
  baseDir: string;
  cacheDir: string | null;
  conditions: readonly string[];
  injected: {
    params: Readonly<Record<string, ParameterValue>>;
    seed: number;
    random: unknown;
    arquero: typeof import('arquero') | null;
    readCsv: typeof import('@muster/formula').readCsv | null;
  };
  randomKey: string;
  /** Rows shown of each displayed table (the front matter's `rows`). */
  rows: number;
  /** Seconds the unit may run. */
  timeout: number;
  guard: CellGuard;
  /** The run's DuckDB database, for sql cells (null when the notebook has none). */
  sql: SqlEngine | null;
}

type Entrypoint = (
  scope: object,
  importer: (specifier: string, options?: ImportCallOptions) => Promise<unknown>,
  out: object,
) => Promise<void>;

/** Run one unit; its error, if any, is the last output. */
export async function executeUnit(
  unit: Unit,
  cell: CompiledCell,
  context: ExecutionContext,
): Promise<Execution> {
  const pending: Promise<{ items: DisplayItem[] } | { error: unknown }>[] = [];
  const explicitReads = new Set<string>();
  const trackedReads = new Set<string>();
  injectNames(cell, context, pending, explicitReads);

  const importer = async (specifier: string, options?: ImportCallOptions): Promise<unknown> => {
    const resolved = await resolveImport(specifier, context.baseDir, context.conditions);
    if (resolved.kind === 'relative' && resolved.path) {
      for (const path of resolved.sources ?? [resolved.path]) explicitReads.add(path);
    }
    return options ? import(resolved.url, options) : import(resolved.url);
  };

  const filename = `muster-${unit.id}.js`;
  const out: { value: unknown; shown: boolean } = { value: undefined, shown: false };
  const globalsBefore = new Set(Object.getOwnPropertyNames(globalThis));
  let error: unknown = null;
  let failed = false;
  const where = unitName(unit);
  const restoreFs = trackFileReads((path) => trackedReads.add(path));
  const restoreRandom = seedMathRandom(context.randomKey);
  const restoreLocale = pinLocale();
  try {
    await context.guard.run(unit.id, where, context.timeout, async () => {
      const fn = vm.runInThisContext(cell.code, { filename }) as Entrypoint;
      await fn(context.scope, importer, out);
    });
  } catch (caught) {
    error = caught;
    failed = true;
  } finally {
    restoreFs();
    restoreRandom();
  }

  const leak = removeLeakedGlobals(cell, globalsBefore);
  if (!failed && leak !== null) {
    failed = true;
    error = leak;
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
    try {
      if (unit.kind === 'inline')
        outputs.push({ kind: 'text', text: formatValue(await out.value), style: 'value' });
      else outputs.push(...(await toDisplay(out.value, { rows: context.rows })));
    } catch (caught) {
      failed = true;
      error = caught;
    }
  }
  const stray = await context.guard.settle(unit.id);
  if (!failed && stray !== undefined) {
    failed = true;
    error = stray;
  }
  if (failed) outputs.push(errorFromException(unit, cell, error, filename));
  // Displays (charts drawn by Vega, tables) are made under the pinned locale and time zone too.
  restoreLocale();
  return { outputs, reads: collectReads(explicitReads, trackedReads, context), failed };
}

/** `cell N` or `inline expression N`. */
export function unitName(unit: Pick<Unit, 'kind' | 'number'>): string {
  return unit.kind === 'code' ? `cell ${unit.number}` : `inline expression ${unit.number}`;
}

/** Put the names every cell sees into the scope, bound to this unit's outputs and reads. */
function injectNames(
  cell: CompiledCell,
  context: ExecutionContext,
  pending: Promise<{ items: DisplayItem[] } | { error: unknown }>[],
  explicitReads: Set<string>,
): void {
  const { scope, baseDir } = context;
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
  // The project's one CSV reader (as R's read.csv types columns), into an arquero table; a
  // numeric column turned to text by a few entries is said in the cell's output, as R warns.
  scope.loadCsv = (path: string, ...rest: unknown[]) => {
    const { arquero: aq, readCsv } = context.injected;
    if (aq === null || readCsv === null) throw new Error('loadCsv is not available');
    if (rest.length > 0 && rest[0] !== undefined) {
      throw new Error(
        "loadCsv takes a path only (columns are typed as R's read.csv types them); for other options read the file with readFile and parse it in the cell",
      );
    }
    const columns = readCsv(readFile(path, null) as Uint8Array, {
      onWarning: (warning) =>
        (scope.display as (value: string) => void)(`warning [${warning.code}]: ${warning.message}`),
    });
    return aq.table(columns as Record<string, unknown[]>);
  };
  const engine = context.sql;
  if (engine !== null) {
    scope[SQL_RUNNER] = (query: string, offset: number, values: Record<string, unknown>) =>
      runSqlCell(engine, query, offset, values, (path) => explicitReads.add(path));
  }
  scope.loadParquet = async (path: string, options?: { columns?: readonly string[] }) => {
    const absolute = resolve(baseDir, path);
    explicitReads.add(absolute);
    const duckdb = await import('@muster/duckdb');
    return duckdb.loadParquet(absolute, options);
  };
  scope.params = context.injected.params;
  scope.seed = context.injected.seed;
  scope.random = context.injected.random;
  for (const name of cell.declared) if (!(name in scope)) scope[name] = undefined;
}

/** An assignment to a name no cell declared creates a global in sloppy code: undo it, as an error. */
function removeLeakedGlobals(cell: CompiledCell, before: Set<string>): ReferenceError | null {
  const leaked = Object.getOwnPropertyNames(globalThis).filter(
    (name) => !before.has(name) && cell.references.includes(name),
  );
  for (const name of leaked) delete (globalThis as Record<string, unknown>)[name];
  return leaked.length === 0
    ? null
    : new ReferenceError(
        `${leaked[0]} is not declared; declare it with const or let before assigning to it`,
      );
}

/** The data files a unit read (code and the cache folder left out), with their SHA-256. */
function collectReads(
  explicitReads: Set<string>,
  trackedReads: Set<string>,
  context: ExecutionContext,
): FileRead[] {
  const reads = new Map<string, FileRead>();
  const { baseDir, cacheDir } = context;
  for (const path of [...explicitReads, ...trackedReads]) {
    const explicit = explicitReads.has(path);
    if (!explicit && (path.split(sep).includes('node_modules') || CODE_EXTENSIONS.test(path)))
      continue;
    if (cacheDir !== null && (path === cacheDir || path.startsWith(cacheDir + sep))) continue;
    if (!isFile(path)) continue;
    const notebookPath = toNotebookPath(baseDir, path);
    reads.set(notebookPath, { path: notebookPath, sha256: sha256(readFileSync(path)) });
  }
  return [...reads.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/** An error display for a unit, at a 1-based line of the unit's source (or none). */
export function errorAt(
  unit: Unit,
  name: string,
  message: string,
  cellLine: number | null,
): ErrorDisplay {
  const sourceLines = unit.source.split('\n');
  const line = cellLine === null ? null : Math.min(Math.max(cellLine, 1), sourceLines.length);
  return {
    kind: 'error',
    where: unitName(unit),
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
  const cellLine =
    error instanceof SqlError
      ? error.cellLine
      : match
        ? originalLine(cell.lines, Number(match[1]))
        : null;
  return errorAt(unit, name, message, cellLine);
}

/** A path relative to the notebook's folder with `/` separators (absolute when outside it). */
export function toNotebookPath(baseDir: string, absolute: string): string {
  const path = relative(baseDir, absolute);
  return (isAbsolute(path) ? absolute : path).split(sep).join('/');
}

export function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** A notebook's code cells and inline expressions, in document order. */
export function notebookUnits(notebook: Notebook): Unit[] {
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
        timeout: block.options.timeout,
        sql:
          block.language === 'sql'
            ? { optionLines: block.optionLines, name: block.options.name }
            : null,
      });
      continue;
    }
    for (const inline of block.inlines) {
      units.push({
        id: `inline-${inline.inline}`,
        kind: 'inline',
        number: inline.inline,
        line: inline.line,
        source: inline.source,
        timeout: null,
        sql: null,
      });
    }
  }
  return units;
}
