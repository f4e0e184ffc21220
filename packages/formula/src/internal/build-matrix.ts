/**
 * Design-matrix kernel (R's modelmatrix in src/library/stats/src/model.c).
 *
 * Contract: `frame` holds variables evaluated over all data rows and the 0-based rows kept;
 * `coding[t][v]` is 0 (absent), 1 (treatment contrasts: levels 2..k) or 2 (indicators for all
 * k levels) after the no-intercept adjustment. Output: column-major Float64Array nrow x ncol,
 * columns named and ordered as R names them: within a term the first variable varies fastest.
 * Every cell is written (the memory may hold an earlier matrix): numeric columns are copied,
 * factor columns are zeroed and their indicators set; a term with several
 * variables is expanded in place, last column first, as R's addvar/addfactor do, so no
 * temporary columns are allocated.
 */
import { DataError } from '@muster/core';
import type { Value } from './evaluate.ts';

export interface TermLayout {
  /** Variables of the term in variable order. */
  variables: number[];
  coding: number[];
  /** Number of columns of each variable in this term. */
  widths: number[];
  ncol: number;
}

export interface MatrixSource {
  values: Value[];
  names: string[];
  rows: Int32Array;
  complete: boolean;
}

/** Lay out the columns of every term and name them. */
export function layoutTerms(
  source: MatrixSource,
  factors: number[][],
  intercept: boolean,
  responseTerm: number,
  caller: string,
): { layouts: TermLayout[]; columns: string[]; assign: number[] } {
  const columns: string[] = [];
  const assign: number[] = [];
  if (intercept) {
    columns.push('(Intercept)');
    assign.push(0);
  }
  const layouts = factors.map((row, t) => {
    const variables: number[] = [];
    const coding: number[] = [];
    const widths: number[] = [];
    row.forEach((code, v) => {
      if (code === 0) return;
      const value = source.values[v]!;
      variables.push(v);
      coding.push(code);
      if (value.kind === 'factor') {
        const k = value.levels.length;
        if (code === 1 && k < 2) {
          throw new DataError(
            `${caller}: contrasts need a factor with at least 2 levels; '${source.names[v]}' has ${k === 0 ? 'none' : `only '${value.levels[0]}'`}`,
            { column: source.names[v]! },
          );
        }
        widths.push(code === 1 ? k - 1 : k);
      } else if (value.kind === 'matrix') {
        widths.push(value.columns.length);
      } else {
        widths.push(1);
      }
    });
    let ncol = widths.reduce((a, b) => a * b, 1);
    if (t === responseTerm || variables.length === 0) ncol = 0;
    return { variables, coding, widths, ncol };
  });
  layouts.forEach((layout, t) => {
    for (let kk = 0; kk < layout.ncol; kk++) {
      let index = kk;
      const parts: string[] = [];
      layout.variables.forEach((v, p) => {
        const value = source.values[v]!;
        const width = layout.widths[p]!;
        const name = source.names[v]!;
        if (value.kind === 'factor') {
          const level = layout.coding[p] === 1 ? (index % width) + 1 : index % width;
          parts.push(name + value.levels[level]!);
        } else if (value.kind === 'matrix') {
          parts.push(name + value.suffixes[index % width]!);
        } else {
          parts.push(name);
        }
        index = Math.floor(index / width);
      });
      columns.push(parts.join(':'));
      assign.push(t + 1);
    }
  });
  return { layouts, columns, assign };
}

// Column kernels: small functions so that each is optimised for the arrays it sees.
// `rows` maps matrix rows to data rows; null means the identity (no row was dropped).

function copyNumbers(
  values: ArrayLike<number>,
  rows: Int32Array | null,
  matrix: Float64Array,
  offset: number,
  n: number,
): void {
  if (rows === null) {
    matrix.set(values.length === n ? values : Array.prototype.slice.call(values, 0, n), offset);
    return;
  }
  for (let r = 0; r < n; r++) matrix[offset + r] = values[rows[r]!]!;
}

/**
 * Columns of a factor's indicators: zeroed (a memset), then a 1 written where the row has the
 * column's level (one pass over the codes).
 */
function writeIndicators(
  codes: Int32Array,
  shift: number,
  columns: number,
  rows: Int32Array | null,
  matrix: Float64Array,
  offset: number,
  n: number,
): void {
  matrix.fill(0, offset, offset + columns * n);
  if (rows === null) {
    for (let r = 0; r < n; r++) {
      const c = codes[r]! - shift;
      if (c >= 0 && c < columns) matrix[offset + c * n + r] = 1;
    }
    return;
  }
  for (let r = 0; r < n; r++) {
    const c = codes[rows[r]!]! - shift;
    if (c >= 0 && c < columns) matrix[offset + c * n + r] = 1;
  }
}

/** to[r] = from[r] if the factor's column is k, else 0 (R's addfactor for one column). */
function multiplyIndicator(
  codes: Int32Array,
  shift: number,
  k: number,
  rows: Int32Array | null,
  matrix: Float64Array,
  from: number,
  to: number,
  n: number,
): void {
  for (let r = 0; r < n; r++) {
    const c = codes[rows === null ? r : rows[r]!]! - shift;
    matrix[to + r] = c === k ? matrix[from + r]! : 0;
  }
}

function multiplyNumbers(
  values: ArrayLike<number>,
  rows: Int32Array | null,
  matrix: Float64Array,
  at: number,
  n: number,
): void {
  for (let r = 0; r < n; r++) matrix[at + r]! *= values[rows === null ? r : rows[r]!]!;
}

/**
 * Fill the matrix term by term, writing every cell (its previous contents do not matter). `claim(j)` is called before column j is
 * first written (see prefaultColumns of @muster/core/threads).
 */
export function fillMatrix(
  source: MatrixSource,
  layouts: TermLayout[],
  intercept: boolean,
  matrix: Float64Array,
  claim: ((column: number) => void) | null = null,
): void {
  const rows = source.complete ? null : source.rows;
  const n = source.rows.length;
  let start = 0;
  if (intercept) {
    claim?.(0);
    matrix.fill(1, 0, n);
    start = 1;
  }
  for (const layout of layouts) {
    if (layout.ncol === 0) continue;
    if (claim !== null) for (let c = start; c < start + layout.ncol; c++) claim(c);
    let width = 0;
    for (let p = 0; p < layout.variables.length; p++) {
      const value = source.values[layout.variables[p]!]!;
      const columns = layout.widths[p]!;
      const shift = layout.coding[p] === 1 ? 1 : 0;
      if (p === 0) {
        if (value.kind === 'factor') {
          writeIndicators(value.codes, shift, columns, rows, matrix, start * n, n);
        } else if (value.kind === 'numeric') {
          copyNumbers(value.values, rows, matrix, start * n, n);
        } else if (value.kind === 'matrix') {
          value.columns.forEach((column, k) => {
            copyNumbers(column, rows, matrix, (start + k) * n, n);
          });
        }
        width = columns;
        continue;
      }
      // Expand in place, last column first, so that the columns read are not yet overwritten.
      if (value.kind === 'factor') {
        for (let k = columns - 1; k >= 0; k--) {
          for (let i = 0; i < width; i++) {
            multiplyIndicator(
              value.codes,
              shift,
              k,
              rows,
              matrix,
              (start + i) * n,
              (start + k * width + i) * n,
              n,
            );
          }
        }
      } else if (value.kind === 'numeric') {
        for (let i = 0; i < width; i++)
          multiplyNumbers(value.values, rows, matrix, (start + i) * n, n);
      } else if (value.kind === 'matrix') {
        for (let k = columns - 1; k >= 0; k--) {
          for (let i = 0; i < width; i++) {
            const from = (start + i) * n;
            const to = (start + k * width + i) * n;
            if (to !== from) matrix.copyWithin(to, from, from + n);
            multiplyNumbers(value.columns[k]!, rows, matrix, to, n);
          }
        }
      }
      width *= columns;
    }
    start += layout.ncol;
  }
}
