import { InvalidArgumentError } from '@muster/core';
import type { ChartOptions } from '../types.ts';

/** Echo a value in an error message: numbers and strings as written, objects as JSON. */
export function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean') {
    return String(value);
  }
  if (value === undefined) return 'undefined';
  try {
    const text = JSON.stringify(value);
    return text.length > 80 ? `${text.slice(0, 77)}...` : text;
  } catch {
    return typeof value;
  }
}

/** A finite number, or null for null/undefined/NaN/Infinity (JSON has no NaN). */
export function finiteOrNull(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

/** Throw unless `value` is a finite number. */
export function requireFinite(fn: string, argument: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new InvalidArgumentError(
      argument,
      `${fn} requires ${argument} to be a finite number; received ${describe(value)}`,
    );
  }
  return value;
}

/** Throw unless `value` is an array. */
export function requireArray(fn: string, argument: string, value: unknown): readonly unknown[] {
  if (!Array.isArray(value)) {
    throw new InvalidArgumentError(
      argument,
      `${fn} requires ${argument} to be an array; received ${describe(value)}`,
    );
  }
  return value;
}

function checkSize(fn: string, name: string, value: unknown): void {
  if (value === undefined) return;
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw new InvalidArgumentError(
      name,
      `${fn} requires ${name} to be a positive number of pixels; received ${describe(value)}`,
    );
  }
}

function checkText(fn: string, name: string, value: unknown, nullable: boolean): void {
  if (value === undefined || typeof value === 'string' || (nullable && value === null)) return;
  throw new InvalidArgumentError(
    name,
    `${fn} requires ${name} to be a string${nullable ? ' or null' : ''}; received ${describe(value)}`,
  );
}

/** Validate the options every builder shares. */
export function checkChartOptions(fn: string, options: ChartOptions): void {
  if (options === null || typeof options !== 'object') {
    throw new InvalidArgumentError(
      'options',
      `${fn} requires options to be an object; received ${describe(options)}`,
    );
  }
  checkSize(fn, 'width', options.width);
  checkSize(fn, 'height', options.height);
  checkText(fn, 'title', options.title, false);
  checkText(fn, 'subtitle', options.subtitle, false);
  checkText(fn, 'xTitle', options.xTitle, true);
  checkText(fn, 'yTitle', options.yTitle, true);
}

/** Throw unless `value` is one of `allowed` (or undefined). */
export function checkChoice<T extends string>(
  fn: string,
  name: string,
  value: unknown,
  allowed: readonly T[],
): void {
  if (value === undefined || allowed.includes(value as T)) return;
  throw new InvalidArgumentError(
    name,
    `${fn} requires ${name} to be one of ${allowed.map((a) => `'${a}'`).join(', ')}; received ${describe(value)}`,
  );
}

/** Throw unless `value` is a confidence level in (0, 1) (or undefined). */
export function checkLevel(fn: string, name: string, value: unknown): void {
  if (value === undefined) return;
  if (typeof value !== 'number' || !(value > 0 && value < 1)) {
    throw new InvalidArgumentError(
      name,
      `${fn} requires ${name} to be a number in (0, 1); received ${describe(value)}`,
    );
  }
}
