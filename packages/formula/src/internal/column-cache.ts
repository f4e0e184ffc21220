/**
 * Factor codings that readCsv computes while it reads a text column (as R's read.csv with
 * stringsAsFactors = TRUE does), keyed by the column array. The coding is a hint only: it is
 * checked against the array's values before use, so a column changed after reading is coded
 * afresh.
 */
export interface StringColumnCoding {
  /** Distinct values in code-point order. */
  levels: string[];
  /** 0-based level per row, -1 where missing. */
  codes: Int32Array;
}

export const stringColumnCodings = new WeakMap<object, StringColumnCoding>();

/**
 * Check a recorded coding against the values (the column may have been changed since it was
 * read): returns the number of missing values, or -1 when the coding does not match.
 */
export function checkCoding(
  values: ArrayLike<unknown>,
  levels: string[],
  codes: Int32Array,
): number {
  const n = values.length;
  if (codes.length !== n) return -1;
  let missing = 0;
  for (let i = 0; i < n; i++) {
    const v = values[i];
    const c = codes[i]!;
    if (c < 0) {
      if (v !== null && v !== undefined) return -1;
      missing++;
    } else if (v !== levels[c]) {
      return -1;
    }
  }
  return missing;
}

/** The coding of a readCsv text column if it still matches the values, else null. */
export function validCoding(
  values: ArrayLike<unknown>,
): (StringColumnCoding & { missing: number }) | null {
  const coding = stringColumnCodings.get(values as object);
  if (coding === undefined) return null;
  const missing = checkCoding(values, coding.levels, coding.codes);
  if (missing < 0) {
    stringColumnCodings.delete(values as object);
    return null;
  }
  return { ...coding, missing };
}
