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
