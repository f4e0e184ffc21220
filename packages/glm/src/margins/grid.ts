/**
 * marginaleffects' `datagrid()` on the model data: the named variables take the given values
 * (sorted, crossed with the first name varying slowest, as `data.table::CJ`), every other variable
 * its mean (continuous), rounded mean (integer-valued), or mode (factor, text, 0/1; the first of
 * tied values in data order).
 */
import { InvalidArgumentError } from '@muster/core';
import type { Column, ModelData, VariableClass } from './model-data.ts';

/** Values of named variables: numbers, or level names (numbers for `factor(x)` of a number). */
export type GridValues = Record<string, readonly (number | string)[]>;

/** R's round() to an integer: half to even (IEC 60559), as `as.integer(round(mean(x)))`. */
function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

function mean(values: readonly number[]): number {
  let sum = 0;
  for (const v of values) sum += v;
  return sum / values.length;
}

function mode<T>(values: readonly T[]): T {
  const counts = new Map<T, number>();
  let best = values[0];
  let bestCount = 0;
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  for (const [v, c] of counts) {
    if (c > bestCount) {
      best = v;
      bestCount = c;
    }
  }
  return best;
}

/** The value a variable is held at when the grid does not name it. */
export function typicalValue(column: Column, cls: VariableClass | undefined): number | string {
  if (typeof column[0] === 'string') return mode(column as string[]);
  const numbers = column as number[];
  if (cls === undefined) return mean(numbers);
  if (cls.kind === 'numeric') return cls.integer ? roundHalfEven(mean(numbers)) : mean(numbers);
  return mode(numbers);
}

/**
 * Check and coerce the values given for one variable: numbers for a numeric variable (and 0/1
 * for a binary one), levels for a factor (numbers or their text for `factor(x)` of a number).
 */
export function gridValue(
  caller: string,
  argument: string,
  name: string,
  cls: VariableClass,
  value: unknown,
): number | string {
  if (cls.kind === 'factor') {
    const text = typeof value === 'number' ? String(value) : value;
    if (typeof text !== 'string' || !cls.levels.includes(text)) {
      throw new InvalidArgumentError(
        argument,
        `${caller} requires values of '${name}' among its levels (${cls.levels.join(', ')}); received ${JSON.stringify(value)}`,
      );
    }
    return cls.numericColumn ? Number(text) : text;
  }
  const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  if (typeof number !== 'number' || !Number.isFinite(number)) {
    throw new InvalidArgumentError(
      argument,
      `${caller} requires finite numbers for '${name}'; received ${JSON.stringify(value)}`,
    );
  }
  return number;
}

function sortValues(values: (number | string)[], cls: VariableClass): (number | string)[] {
  if (cls.kind === 'factor') {
    const order = (v: number | string) => cls.levels.indexOf(String(v));
    return values.slice().sort((a, b) => order(a) - order(b));
  }
  return values.slice().sort((a, b) => (a as number) - (b as number));
}

/** The grid's columns: the named variables crossed (first slowest), the others typical. */
export function buildGrid(
  caller: string,
  data: ModelData,
  values: GridValues,
  argument = 'grid',
): { columns: Record<string, Column>; nrow: number } {
  const named = Object.keys(values);
  for (const name of named) {
    if (!data.predictors.includes(name)) {
      throw new InvalidArgumentError(
        argument,
        `${caller} requires grid variables among the model's predictors (${data.predictors.join(', ')}); received '${name}'`,
      );
    }
    const given = values[name];
    if (!Array.isArray(given) || given.length === 0) {
      throw new InvalidArgumentError(
        argument,
        `${caller} requires at least one value for '${name}'; received ${JSON.stringify(given)}`,
      );
    }
  }
  const axes = named.map((name) =>
    sortValues(
      values[name].map((v) => gridValue(caller, argument, name, data.classes[name], v)),
      data.classes[name],
    ),
  );
  const nrow = axes.reduce((n, axis) => n * axis.length, 1);
  const columns: Record<string, Column> = {};
  for (const [name, column] of Object.entries(data.columns)) {
    const k = named.indexOf(name);
    if (k < 0) {
      const typical = typicalValue(column, data.classes[name]);
      columns[name] = new Array(nrow).fill(typical) as Column;
      continue;
    }
    const inner = axes.slice(k + 1).reduce((n, axis) => n * axis.length, 1);
    const axis = axes[k];
    columns[name] = Array.from(
      { length: nrow },
      (_, i) => axis[Math.floor(i / inner) % axis.length],
    ) as Column;
  }
  return { columns, nrow };
}
