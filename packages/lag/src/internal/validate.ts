import { DataError, InvalidArgumentError } from '@muster/core';
import type { DelayInput } from '../types.ts';

/** Tolerance on the sum of a delay pmf. */
export const PMF_SUM_TOLERANCE = 1e-9;

/**
 * Counts as a Float64Array: finite and >= 0 (non-integers allowed: reconstructed series are
 * expectations). `fn` names the public function, `argument` the input; errors give the 1-based
 * position and, when `labels` are given, the period label.
 */
export function toCounts(
  values: ArrayLike<number | null>,
  fn: string,
  argument: string,
  labels?: readonly string[],
): Float64Array {
  if (values == null || typeof values.length !== 'number') {
    throw new InvalidArgumentError(argument, `${fn} requires ${argument} to be an array of counts`);
  }
  if (values.length === 0) {
    throw new InvalidArgumentError(
      argument,
      `${fn} requires at least one count in ${argument}; received an empty array`,
    );
  }
  const out = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    const where = labels?.[i] === undefined ? `period ${i + 1}` : `period ${i + 1} (${labels[i]})`;
    if (typeof v !== 'number' || !Number.isFinite(v)) {
      throw new DataError(
        `${fn} requires finite counts in ${argument}; received ${String(v)} at ${where}`,
        {
          column: argument,
          row: i + 1,
        },
      );
    }
    if (v < 0) {
      throw new DataError(
        `${fn} requires non-negative counts in ${argument}; received ${v} at ${where}`,
        {
          column: argument,
          row: i + 1,
        },
      );
    }
    out[i] = v;
  }
  return out;
}

/** The pmf of a delay, checked: finite, >= 0, at least one entry, sums to 1 within 1e-9. */
export function toPmf(delay: DelayInput, fn: string, argument = 'delay'): Float64Array {
  const raw: ArrayLike<number> | undefined =
    delay != null && typeof delay === 'object' && 'pmf' in delay
      ? delay.pmf
      : (delay as ArrayLike<number>);
  if (raw == null || typeof raw.length !== 'number' || raw.length === 0) {
    throw new InvalidArgumentError(
      argument,
      `${fn} requires ${argument} to be a delay distribution or a non-empty pmf`,
    );
  }
  const pmf = new Float64Array(raw.length);
  let sum = 0;
  for (let d = 0; d < raw.length; d++) {
    const p = raw[d];
    if (typeof p !== 'number' || !Number.isFinite(p) || p < 0) {
      throw new InvalidArgumentError(
        argument,
        `${fn} requires delay probabilities that are finite and >= 0; received ${String(p)} at delay ${d}`,
      );
    }
    pmf[d] = p;
    sum += p;
  }
  if (!(Math.abs(sum - 1) <= PMF_SUM_TOLERANCE)) {
    throw new InvalidArgumentError(
      argument,
      `${fn} requires a delay pmf that sums to 1 (within 1e-9); received a pmf summing to ${sum}`,
    );
  }
  return pmf;
}

/** A finite number >= lower (or > lower when strict). */
export function checkNumber(
  value: unknown,
  fn: string,
  argument: string,
  requirement: {
    min?: number;
    strictMin?: number;
    max?: number;
    strictMax?: number;
    integer?: boolean;
  },
): number {
  const fail = (what: string): never => {
    throw new InvalidArgumentError(
      argument,
      `${fn} requires ${argument} ${what}; received ${String(value)}`,
    );
  };
  if (typeof value !== 'number' || Number.isNaN(value)) fail('to be a number');
  const v = value as number;
  if (requirement.integer && !Number.isInteger(v)) fail('to be an integer');
  if (requirement.min !== undefined && !(v >= requirement.min)) fail(`>= ${requirement.min}`);
  if (requirement.strictMin !== undefined && !(v > requirement.strictMin))
    fail(`> ${requirement.strictMin}`);
  if (requirement.max !== undefined && !(v <= requirement.max)) fail(`<= ${requirement.max}`);
  if (requirement.strictMax !== undefined && !(v < requirement.strictMax))
    fail(`< ${requirement.strictMax}`);
  if (!Number.isFinite(v) && requirement.max === undefined && requirement.strictMax === undefined) {
    if (v !== Number.POSITIVE_INFINITY) fail('to be finite');
  }
  return v;
}
