/**
 * Pieces of portable SQL text: quoted identifiers, number and string literals. Numbers are
 * written in exponent form (`1.5e+0`), which standard SQL, DuckDB, Spark SQL and Trino all read
 * as DOUBLE, with the shortest digits that round-trip, so an estimate sent to the engine is the
 * estimate held in TypeScript.
 */

/** A double-quoted identifier (`"troops"`), embedded quotes doubled. */
export function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** A DOUBLE literal that reads back as exactly `value` (finite values only). */
export function numberLiteral(value: number): string {
  if (!Number.isFinite(value))
    throw new RangeError(`numberLiteral requires a finite number; received ${value}`);
  return value.toExponential();
}

/** A single-quoted string literal. */
export function stringLiteral(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

/** A numeric column as DOUBLE. */
export function doubleColumn(name: string): string {
  return `CAST(${quoteIdentifier(name)} AS DOUBLE)`;
}

/** Converts a value read back from the engine (bigint, number, null) to a number (NaN for null). */
export function toNumber(value: unknown): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'bigint') return Number(value);
  if (value === null || value === undefined) return Number.NaN;
  if (typeof value === 'string') return Number(value);
  if (typeof value === 'boolean') return value ? 1 : 0;
  return Number(value);
}
