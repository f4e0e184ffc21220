/**
 * Grouping values into factor levels the way R's `factor()` / `strata()` orders them: numbers
 * numerically, logicals FALSE before TRUE, strings in code-point order (R's C-locale collation,
 * the order @muster/formula uses for factor levels). Missing: null, undefined, NaN, ''.
 */

/** A value of a grouping, strata or cluster column; null, undefined, NaN and '' are missing. */
export type GroupValue = string | number | boolean | null | undefined;

export interface Levels {
  /** Level labels in order. */
  labels: string[];
  /** 0-based level of each input value; -1 for a missing value. */
  codes: Int32Array;
}

function isMissing(value: GroupValue): boolean {
  return (
    value === null ||
    value === undefined ||
    value === '' ||
    (typeof value === 'number' && Number.isNaN(value))
  );
}

/** Compare level labels by code point. */
export function compareLabels(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Label a value as R prints it in a level name. */
export function labelOf(value: string | number | boolean): string {
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  return String(value);
}

/** Factor levels and codes of `values` (missing values get code -1). */
export function toLevels(values: ArrayLike<GroupValue>): Levels {
  const n = values.length;
  const codes = new Int32Array(n);
  let allNumbers = true;
  let allBooleans = true;
  let any = false;
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (isMissing(v)) continue;
    any = true;
    if (typeof v !== 'number') allNumbers = false;
    if (typeof v !== 'boolean') allBooleans = false;
  }
  if (!any) {
    codes.fill(-1);
    return { labels: [], codes };
  }
  if (allNumbers) {
    // numeric fast path: a Map keyed by the number itself (no string conversion)
    const seen = new Map<number, number>();
    const distinct: number[] = [];
    for (let i = 0; i < n; i++) {
      const v = values[i] as number;
      if (Number.isNaN(v) || v === null || v === undefined) continue;
      if (!seen.has(v)) {
        seen.set(v, 0);
        distinct.push(v);
      }
    }
    distinct.sort((a, b) => a - b);
    distinct.forEach((v, level) => {
      seen.set(v, level);
    });
    for (let i = 0; i < n; i++) {
      const v = values[i];
      codes[i] = isMissing(v) ? -1 : (seen.get(v as number) as number);
    }
    return { labels: distinct.map((v) => labelOf(v)), codes };
  }
  const keyOf = (v: GroupValue): string => labelOf(v as string | number | boolean);
  const seen = new Map<string, string | number | boolean>();
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (isMissing(v)) continue;
    const key = keyOf(v);
    if (!seen.has(key)) seen.set(key, v as string | number | boolean);
  }
  const unique = [...seen.entries()];
  if (allBooleans) unique.sort((a, b) => Number(a[1]) - Number(b[1]));
  else unique.sort((a, b) => compareLabels(a[0], b[0]));
  const index = new Map<string, number>();
  unique.forEach(([key], level) => {
    index.set(key, level);
  });
  for (let i = 0; i < n; i++) {
    const v = values[i];
    codes[i] = isMissing(v) ? -1 : (index.get(keyOf(v)) as number);
  }
  return { labels: unique.map(([, v]) => labelOf(v)), codes };
}
