/**
 * Typed errors for every Muster package. Each has a stable `name`, so callers and the command
 * line can tell them apart without parsing messages. Messages start with the function, state the
 * requirement and echo the value, with no trailing period:
 * `fitCox requires at least one event; received 0 events`.
 */

/** Base class of every error Muster throws on purpose. */
export class MusterError extends Error {
  override name = 'MusterError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** An argument is outside its domain. `argument` names it (a parameter, column or option). */
export class InvalidArgumentError extends MusterError {
  override name = 'InvalidArgumentError';
  readonly argument: string;
  constructor(argument: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.argument = argument;
  }
}

/** A data value is unusable: `column` and the 1-based data `row` say where (either may be absent). */
export class DataError extends MusterError {
  override name = 'DataError';
  readonly column: string | undefined;
  readonly row: number | undefined;
  constructor(message: string, location: { column?: string; row?: number } = {}) {
    super(message);
    this.column = location.column;
    this.row = location.row;
  }
}

/** A model formula cannot be parsed or used. `position` is the 0-based offset into `formula`. */
export class FormulaError extends MusterError {
  override name = 'FormulaError';
  readonly formula: string;
  readonly position: number;
  constructor(formula: string, position: number, message: string) {
    super(message);
    this.formula = formula;
    this.position = position;
  }
}

/** A numerical procedure cannot proceed (a matrix that is not positive definite, for instance). */
export class NumericalError extends MusterError {
  override name = 'NumericalError';
}

/**
 * A warning attached to a result (never thrown): `code` is stable and machine-readable, `message`
 * says what happened and what to do about it.
 */
export interface MusterWarning<Code extends string = string> {
  /** Stable code; each package lists its codes in a `WarningCode` union (its `warnings.ts`). */
  code: Code;
  message: string;
  /** Terms, columns or rows the warning concerns. */
  subjects?: string[];
}

/** Build a warning object. */
export function warning<Code extends string>(
  code: Code,
  message: string,
  subjects?: string[],
): MusterWarning<Code> {
  return subjects === undefined ? { code, message } : { code, message, subjects };
}
