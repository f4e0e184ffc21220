import { InvalidArgumentError, type SqlSource } from '@muster/core';
import { type Database, isDatabase, quoteIdentifier, quoteLiteral } from './database.ts';
import { sqlRows } from './sql.ts';

const QUERY = /^\s*\(?\s*(select|with|from|values|table|pivot|unpivot)\b/i;
const IDENTIFIER = /^[A-Za-z_][\w$]*(\.[A-Za-z_][\w$]*)?$/;
/** A table function call: `read_parquet('panel/*.parquet', hive_partitioning = true)`. */
const TABLE_FUNCTION = /^[A-Za-z_][\w]*\s*\([\s\S]*\)$/;
const FILE_READERS: [RegExp, string][] = [
  [/\.parquet$/i, 'read_parquet'],
  [/\.(csv|tsv)(\.gz)?$/i, 'read_csv'],
  [/\.(json|ndjson|jsonl)(\.gz)?$/i, 'read_json'],
];

/**
 * A {@link SqlSource} over a table, query or data file in a DuckDB database: what the
 * out-of-core fits read from. Nothing is read until a fit sends its aggregate queries.
 *
 * `tableOrQuery` is a table or view name (`panel`, `main.panel`), a query (`SELECT ...`,
 * `WITH ...`, `FROM ...`), a table function call (`read_parquet('panel/*.parquet')`) or the path
 * of a Parquet, CSV or JSON file (read by DuckDB).
 *
 * @param db - A database from {@link openDatabase}.
 * @param tableOrQuery - A table name, a query, a table function call, or a data file path.
 * @returns The source; its `query` resolves to rows with numbers for numeric columns.
 * @throws InvalidArgumentError when `db` is not a database or `tableOrQuery` is none of these.
 * @example
 * ```ts
 * import { duckdbSource, openDatabase } from '@muster/duckdb';
 *
 * const db = await openDatabase();
 * const source = duckdbSource(db, 'SELECT range AS x FROM range(10)');
 * source.relation;
 * // => '(SELECT range AS x FROM range(10))'
 * await source.query(`SELECT count(*) AS n, sum(x) AS total FROM ${source.relation}`);
 * // => [{ n: 10, total: 45 }]
 * db.close();
 * ```
 */
export function duckdbSource(db: Database, tableOrQuery: string): SqlSource {
  if (!isDatabase(db)) {
    throw new InvalidArgumentError('db', 'duckdbSource requires a database from openDatabase');
  }
  const relation = toRelation(tableOrQuery);
  return {
    kind: 'sql-source',
    dialect: 'duckdb',
    relation,
    query: (query: string) => sqlRows(db, query),
  };
}

/** What may follow `FROM` for a table name, a query or a data file. */
function toRelation(tableOrQuery: unknown): string {
  if (typeof tableOrQuery !== 'string' || tableOrQuery.trim() === '') {
    throw new InvalidArgumentError(
      'tableOrQuery',
      `duckdbSource requires a table name, a query or a data file path; received ${JSON.stringify(tableOrQuery)}`,
    );
  }
  const text = tableOrQuery.trim();
  if (QUERY.test(text)) return `(${text.replace(/;\s*$/, '')})`;
  for (const [pattern, reader] of FILE_READERS) {
    if (pattern.test(text)) return `${reader}(${quoteLiteral(text)})`;
  }
  if (IDENTIFIER.test(text)) return text.split('.').map(quoteIdentifier).join('.');
  if (TABLE_FUNCTION.test(text) && balanced(text)) return text;
  throw new InvalidArgumentError(
    'tableOrQuery',
    `duckdbSource requires a table name, a query, a table function call or a .parquet, .csv or .json path; received '${text}'`,
  );
}

/** Whether the parentheses outside string literals balance and the first one closes at the end. */
function balanced(text: string): boolean {
  let depth = 0;
  let quote: string | null = null;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quote !== null) {
      if (c === quote) quote = null;
    } else if (c === "'" || c === '"') quote = c;
    else if (c === '(') depth++;
    else if (c === ')' && --depth === 0 && i !== text.length - 1) return false;
    else if (depth < 0) return false;
  }
  return depth === 0 && quote === null;
}
