import { InvalidArgumentError } from '../errors.ts';

/** Throw unless `value` is a non-negative integer (a matrix dimension). */
export function checkDimension(caller: string, argument: string, value: number): void {
  if (!Number.isInteger(value) || value < 0) {
    throw new InvalidArgumentError(
      argument,
      `${caller} requires ${argument} to be a non-negative integer; received ${value}`,
    );
  }
}

/** Throw unless `array.length === expected`. */
export function checkLength(
  caller: string,
  argument: string,
  array: ArrayLike<number>,
  expected: number,
  what: string,
): void {
  if (array.length !== expected) {
    throw new InvalidArgumentError(
      argument,
      `${caller} requires ${argument} to have length ${expected} (${what}); received length ${array.length}`,
    );
  }
}

/**
 * Throw unless `array.length` is a positive multiple of `rows` (one or more right-hand sides);
 * returns the number of columns.
 */
export function checkRightHandSides(
  caller: string,
  argument: string,
  array: ArrayLike<number>,
  rows: number,
): number {
  const columns = rows === 0 ? 1 : array.length / rows;
  if (rows === 0 ? array.length !== 0 : !Number.isInteger(columns) || columns < 1) {
    throw new InvalidArgumentError(
      argument,
      `${caller} requires ${argument} to have a length that is a positive multiple of ${rows}; received length ${array.length}`,
    );
  }
  return columns;
}
