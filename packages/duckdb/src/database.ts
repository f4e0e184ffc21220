import { type DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { InvalidArgumentError } from '@muster/core';

/**
 * An open DuckDB database and the one connection Muster uses on it. Pass it to {@link sql},
 * {@link duckdbSource}, {@link registerTable} and {@link loadParquet}; close it with `close()`
 * when done (an in-memory database is then gone).
 */
export interface Database {
  readonly kind: 'duckdb-database';
  /** `':memory:'` or the path of the database file. */
  readonly path: string;
  /** The `@duckdb/node-api` connection, for what this package does not wrap. */
  readonly connection: DuckDBConnection;
  /** Closes the connection and the database; later queries are refused. */
  close(): void;
}

/** Options of {@link openDatabase}. */
export interface OpenDatabaseOptions {
  /**
   * Folder that relative file paths in queries (`FROM 'data/panel.parquet'`) are looked up in
   * when they are not found from the working directory (DuckDB's `file_search_path`).
   */
  baseDir?: string;
  /** DuckDB configuration options by name (`{ threads: '2', memory_limit: '4GB' }`). */
  config?: Record<string, string>;
}

/**
 * Open an embedded DuckDB database: in memory by default, or a database file.
 *
 * @param path - `':memory:'` (the default) or the path of a DuckDB database file.
 * @param options - `baseDir`: where relative file paths in queries are also looked up;
 *   `config`: DuckDB settings.
 * @returns The open {@link Database}.
 * @throws InvalidArgumentError when the database cannot be opened (the path and DuckDB's reason).
 * @example
 * ```ts
 * import { openDatabase, sql } from '@muster/duckdb';
 *
 * const db = await openDatabase();
 * const t = await sql(db, 'SELECT 6 * 7 AS answer');
 * t.get('answer', 0);
 * // => 42
 * db.close();
 * ```
 */
export async function openDatabase(
  path = ':memory:',
  options: OpenDatabaseOptions = {},
): Promise<Database> {
  let instance: DuckDBInstance;
  try {
    instance = await DuckDBInstance.create(path, options.config);
  } catch (error) {
    throw new InvalidArgumentError(
      'path',
      `openDatabase cannot open a DuckDB database at '${path}': ${reason(error)}`,
      { cause: error },
    );
  }
  const connection = await instance.connect();
  if (options.baseDir !== undefined) {
    await connection.run(`SET file_search_path = ${quoteLiteral(options.baseDir)}`);
  }
  let open = true;
  return {
    kind: 'duckdb-database',
    path,
    connection,
    close() {
      if (!open) return;
      open = false;
      connection.closeSync();
      instance.closeSync();
    },
  };
}

/** Whether a value is a {@link Database} from {@link openDatabase}. */
export function isDatabase(value: unknown): value is Database {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as Partial<Database>).kind === 'duckdb-database'
  );
}

/** A SQL string literal: single quotes, inner quotes doubled. */
export function quoteLiteral(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}

/** A SQL identifier: double quotes, inner quotes doubled. */
export function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** The message of a thrown value, first line only. */
export function reason(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.trim();
}
