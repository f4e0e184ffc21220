/**
 * A table that lives in a SQL engine rather than in memory: what the out-of-core fits
 * (`fitGlm`, `kaplanMeier`, `fitCox` given a source) read from. The fits only ever send
 * aggregate queries to it, so memory does not grow with the number of rows.
 *
 * `@muster/duckdb` builds one over an embedded DuckDB database; any object of this shape works.
 *
 * @example
 * ```ts
 * import { isSqlSource } from '@muster/core';
 *
 * const source = {
 *   kind: 'sql-source' as const,
 *   dialect: 'duckdb' as const,
 *   relation: "read_parquet('panel.parquet')",
 *   query: async (_sql: string) => [{ n: 0 }],
 * };
 * console.log(isSqlSource(source)); // true
 * ```
 */
export interface SqlSource {
  readonly kind: 'sql-source';
  /** The SQL dialect the queries are written in. */
  readonly dialect: 'duckdb';
  /**
   * Something that may follow `FROM`: a quoted table name (`"panel"`), a file read
   * (`read_parquet('panel.parquet')`) or a parenthesised query (`(SELECT ...)`).
   */
  readonly relation: string;
  /**
   * Runs one query and resolves to its rows as plain objects. Numeric columns arrive as
   * JavaScript numbers (64-bit integers converted), SQL NULL as `null`.
   */
  query(sql: string): Promise<Record<string, unknown>[]>;
}

/** Whether a value is a {@link SqlSource}. */
export function isSqlSource(value: unknown): value is SqlSource {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as Partial<SqlSource>;
  return (
    candidate.kind === 'sql-source' &&
    typeof candidate.relation === 'string' &&
    typeof candidate.query === 'function'
  );
}
