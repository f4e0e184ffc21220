/**
 * Pieces of portable SQL text: quoted identifiers, number and string literals. Numbers are
 * written in exponent form (`1.5e+0`), which standard SQL, DuckDB, Spark SQL and Trino all read
 * as DOUBLE, with the shortest digits that round-trip, so an estimate sent to the engine is the
 * estimate held in TypeScript.
 */

/**
 * A double-quoted SQL identifier, embedded quotes doubled.
 *
 * @example
 * ```ts
 * sqlQuoteIdentifier('troops');
 * // => '"troops"'
 * ```
 */
export function sqlQuoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/**
 * A SQL DOUBLE literal that reads back as exactly `value` (finite values only).
 *
 * @example
 * ```ts
 * sqlNumber(0.1);
 * // => '1e-1'
 * ```
 */
export function sqlNumber(value: number): string {
  if (!Number.isFinite(value)) {
    throw new RangeError(`sqlNumber requires a finite number; received ${value}`);
  }
  return value.toExponential();
}

/**
 * A single-quoted SQL string literal, embedded quotes doubled.
 *
 * @example
 * ```ts
 * sqlStringLiteral('democracy');
 * // => "'democracy'"
 * ```
 */
export function sqlStringLiteral(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

/** A numeric column as DOUBLE. */
export function doubleColumn(name: string): string {
  return `CAST(${sqlQuoteIdentifier(name)} AS DOUBLE)`;
}

/**
 * A value read back from a SQL engine (number, bigint, numeric text, boolean) as a number; NaN
 * for NULL.
 *
 * @example
 * ```ts
 * sqlNumberValue(12n);
 * // => 12
 * ```
 */
export function sqlNumberValue(value: unknown): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'bigint') return Number(value);
  if (value === null || value === undefined) return Number.NaN;
  if (typeof value === 'string') return Number(value);
  if (typeof value === 'boolean') return value ? 1 : 0;
  return Number(value);
}
