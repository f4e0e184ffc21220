import { InvalidArgumentError } from '@muster/core';
import { describe, requireArray } from './checks.ts';

interface StratumLike {
  group: string;
  table: readonly unknown[];
}

/**
 * Check a `{ strata: [{ group, table: [...] }] }` result and return its strata: at least one,
 * distinct group names, each table an array whose rows have finite, non-decreasing `time`.
 */
export function checkStrata<S extends StratumLike>(fn: string, result: unknown): readonly S[] {
  if (result === null || typeof result !== 'object') {
    throw new InvalidArgumentError(
      'result',
      `${fn} requires a result with a strata array; received ${describe(result)}`,
    );
  }
  const strata = requireArray(fn, 'result.strata', (result as { strata?: unknown }).strata);
  if (strata.length === 0) {
    throw new InvalidArgumentError(
      'result.strata',
      `${fn} requires at least one stratum; received 0`,
    );
  }
  const seen = new Set<string>();
  strata.forEach((stratum, s) => {
    const group = (stratum as { group?: unknown } | null)?.group;
    if (typeof group !== 'string') {
      throw new InvalidArgumentError(
        'result.strata',
        `${fn} requires every stratum to have a group name (a string); received ${describe(group)} in stratum ${s + 1}`,
      );
    }
    if (seen.has(group)) {
      throw new InvalidArgumentError(
        'result.strata',
        `${fn} requires distinct group names; received ${describe(group)} twice`,
      );
    }
    seen.add(group);
    const table = requireArray(
      fn,
      `result.strata[${s}].table`,
      (stratum as { table?: unknown }).table,
    );
    let previous = Number.NEGATIVE_INFINITY;
    table.forEach((row, i) => {
      const time = (row as { time?: unknown } | null)?.time;
      if (typeof time !== 'number' || !Number.isFinite(time) || time < previous) {
        throw new InvalidArgumentError(
          `result.strata[${s}].table`,
          `${fn} requires finite, non-decreasing times; received ${describe(time)} in row ${i + 1} of group ${describe(group)}`,
        );
      }
      previous = time;
    });
  });
  return strata as readonly S[];
}
