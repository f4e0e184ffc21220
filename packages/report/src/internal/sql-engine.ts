/**
 * The DuckDB database of one notebook run, and the runner sql cells call: it finds the data files
 * the query names (relative to the notebook, recorded as reads), registers the arquero tables of
 * the names it mentions, runs the query and returns the result as an arquero table.
 */
import { existsSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { MusterError } from '@muster/core/errors';
import { fileLiterals, type SqlLiteral } from './sql-text.ts';

type DuckDb = typeof import('@muster/duckdb');
type Database = import('@muster/duckdb').Database;

/** A SQL error in a sql cell: `cellLine` is the 1-based line of the cell's source it points at. */
export class SqlError extends MusterError {
  override name = 'SqlError';
  readonly cellLine: number;
  constructor(message: string, cellLine: number) {
    super(message);
    this.cellLine = cellLine;
  }
}

/** The embedded database of one run, opened when the first sql cell runs. */
export class SqlEngine {
  #opened: Promise<{ duckdb: DuckDb; db: Database }> | null = null;

  constructor(readonly baseDir: string) {}

  connect(): Promise<{ duckdb: DuckDb; db: Database }> {
    this.#opened ??= (async () => {
      const duckdb = await import('@muster/duckdb');
      const db = await duckdb.openDatabase(':memory:');
      return { duckdb, db };
    })();
    return this.#opened;
  }

  /** Close the database (the next sql cell opens a new one). */
  async close(): Promise<void> {
    const opened = this.#opened;
    this.#opened = null;
    if (opened) (await opened.catch(() => null))?.db.close();
  }
}

/**
 * Run one sql cell's query. `offset` is the number of option lines above the query, `values` the
 * notebook values of the names it mentions, `onRead` hears each data file it reads.
 */
export async function runSqlCell(
  engine: SqlEngine,
  query: string,
  offset: number,
  values: Record<string, unknown>,
  onRead: (path: string) => void,
): Promise<unknown> {
  const { duckdb, db } = await engine.connect();
  const files = fileLiterals(query);
  const rewritten = await locateFiles(query, files, engine.baseDir, offset, db, duckdb, onRead);
  const registered: string[] = [];
  try {
    for (const [name, value] of Object.entries(values)) {
      if (!isTable(value)) continue;
      await duckdb.registerTable(db, name, value as never);
      registered.push(name);
    }
    return await duckdb.sql(db, rewritten);
  } catch (error) {
    throw sqlError(error, offset, files, engine.baseDir);
  } finally {
    for (const name of registered) {
      await db.connection.run(`DROP TABLE IF EXISTS temp."${name.replaceAll('"', '""')}"`);
    }
  }
}

/**
 * Each data file literal resolved against the notebook's folder (globs expanded by DuckDB), its
 * files recorded as reads, and the literal replaced by the absolute path, so that DuckDB reads the
 * notebook's file whatever the working folder. A path that matches no file is an error at its line.
 */
async function locateFiles(
  query: string,
  files: SqlLiteral[],
  baseDir: string,
  offset: number,
  db: Database,
  duckdb: DuckDb,
  onRead: (path: string) => void,
): Promise<string> {
  let out = '';
  let last = 0;
  for (const file of files) {
    const absolute = isAbsolute(file.value) ? file.value : resolve(baseDir, file.value);
    const matches = /[*?[]/.test(absolute)
      ? (await duckdb.sqlRows(db, `SELECT file FROM glob(${literal(absolute)})`)).map((row) =>
          String(row.file),
        )
      : existsSync(absolute)
        ? [absolute]
        : [];
    if (matches.length === 0) {
      throw new SqlError(
        `the sql cell reads '${file.value}', which matches no file (paths are relative to the notebook)`,
        offset + file.line,
      );
    }
    for (const path of matches) onRead(path);
    out += `${query.slice(last, file.start)}${literal(absolute)}`;
    last = file.end;
  }
  return out + query.slice(last);
}

function literal(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}

function isTable(value: unknown): boolean {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { columnNames?: unknown }).columnNames === 'function' &&
    typeof (value as { numRows?: unknown }).numRows === 'function' &&
    typeof (value as { array?: unknown }).array === 'function'
  );
}

/**
 * DuckDB's message as a {@link SqlError} at the line it names (`LINE 3:`), or at the line of the
 * file it names, else at the query's first line; absolute paths shown as the cell wrote them.
 */
function sqlError(error: unknown, offset: number, files: SqlLiteral[], baseDir: string): unknown {
  if (!(error instanceof Error) || error instanceof SqlError) return error;
  let message = error.message.replace(/^sql failed: /, '');
  const lineMatch = /\n\s*LINE (\d+):/.exec(message);
  let line = lineMatch ? Number(lineMatch[1]) : 1;
  if (lineMatch) message = message.slice(0, lineMatch.index);
  for (const file of files) {
    const absolute = isAbsolute(file.value) ? file.value : resolve(baseDir, file.value);
    if (!message.includes(absolute)) continue;
    message = message.replaceAll(absolute, file.value);
    if (!lineMatch) line = file.line;
  }
  return new SqlError(message.trim().replace(/\s*\n\s*/g, ' '), offset + line);
}
