import { InvalidArgumentError } from '@muster/core';
import { describe, requireArray } from './checks.ts';

interface StratumLike {
  group: string | null;
  table: readonly unknown[];
}

/** The label of a single, ungrouped curve (a stratum whose group is null), as R's survfit. */
export const ALL = 'all';

/**
 * Check a `{ strata: [{ group, table: [...] }] }` result and return its strata with string group
 * names (a null group, the single curve of an ungrouped fit, is labelled 'all'): at least one,
 * distinct names, each table an array whose rows have finite, non-decreasing `time`.
 */
export function checkStrata<S extends StratumLike>(
  fn: string,
  result: unknown,
): readonly (S & { group: string })[] {
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
  const named = strata.map((stratum, s) => {
    const raw = (stratum as { group?: unknown } | null)?.group;
    const group = raw === null && strata.length === 1 ? ALL : raw;
    if (typeof group !== 'string') {
      throw new InvalidArgumentError(
        'result.strata',
        `${fn} requires every stratum to have a group name (a string; null only for a single curve); received ${describe(raw)} in stratum ${s + 1}`,
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
    return group === raw ? stratum : { ...(stratum as object), group };
  });
  return named as readonly (S & { group: string })[];
}
