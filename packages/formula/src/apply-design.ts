import { DataError, InvalidArgumentError } from '@muster/core';
import { fillMatrix, layoutTerms } from './internal/build-matrix.ts';
import { DataSource } from './internal/data.ts';
import { Evaluator, type Value } from './internal/evaluate.ts';
import { parseFormula } from './parse-formula.ts';
import type { DataInput, DesignMatrix, FormulaNode } from './types.ts';

function variableNode(name: string): FormulaNode {
  return parseFormula(`~${name}`).rhs;
}

/**
 * Code new data with the columns, factor levels and transformations of a fitted design (R's
 * `model.matrix(delete.response(terms), model.frame(..., xlev = ...))`, as `predict` uses).
 *
 * Only the variables of the matrix columns and the offsets are evaluated, so the response may
 * be absent. Rows with a missing value in any of them are left out (`rows` lists those kept).
 *
 * @param design - A result of {@link designMatrix}.
 * @param newData - Columns by name or an arquero table.
 * @returns The matrix (column-major, same columns as `design`), its row count, the summed
 *   offset (or null) and the 0-based rows of `newData` used.
 * @throws DataError when a factor value was not a level of the fitted data (naming the column
 *   and 1-based row) or a value in numeric use is not a number; FormulaError when a column is
 *   missing.
 * @example
 * ```ts
 * const fit = designMatrix('y ~ x + g', { y: [1, 2, 3], x: [1, 2, 3], g: ['a', 'b', 'a'] });
 * const next = applyDesign(fit, { x: [4], g: ['b'] });
 * Array.from(next.matrix); // => [1, 4, 1]
 * ```
 */
export function applyDesign(
  design: DesignMatrix,
  newData: DataInput,
): { matrix: Float64Array; nrow: number; offset: Float64Array | null; rows: Int32Array } {
  const spec = design?.spec;
  if (spec === undefined || spec === null || !Array.isArray(spec.variables)) {
    throw new InvalidArgumentError('design', 'applyDesign requires a result of designMatrix');
  }
  const source = new DataSource('applyDesign', newData);
  const evaluator = new Evaluator('applyDesign', spec.formula, source, {
    transforms: spec.transforms,
  });
  const n = source.nrow;
  const mask = new Uint8Array(n);
  const values: Value[] = spec.variables.map((variable) => {
    const node = variableNode(variable.name);
    if (variable.kind === 'numeric') {
      const value = evaluator.variable(node, false);
      if (value.kind === 'matrix') {
        for (const column of value.columns)
          for (let i = 0; i < n; i++) if (Number.isNaN(column[i]!)) mask[i] = 1;
        return value;
      }
      if (value.kind !== 'numeric') {
        throw new DataError(
          `applyDesign requires '${variable.name}' to be numeric as in the fitted data; received a ${value.kind}`,
          { column: variable.name },
        );
      }
      for (let i = 0; i < n; i++) if (Number.isNaN(value.values[i]!)) mask[i] = 1;
      return value;
    }
    const value = evaluator.variable(node, false);
    let own: Value & { kind: 'factor' };
    if (value.kind === 'factor') own = value;
    else if (value.kind === 'numeric')
      own = evaluator.asFactor(
        { type: 'call', name: 'factor', args: [{ name: null, value: node }], position: -1 },
        true,
      );
    else
      throw new DataError(`applyDesign cannot code '${variable.name}'`, { column: variable.name });
    const index = new Map(variable.levels.map((l, k) => [l, k]));
    const remap = own.levels.map((l) => index.get(l) ?? -1);
    const codes = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      const c = own.codes[i]!;
      if (c < 0) {
        codes[i] = -1;
        mask[i] = 1;
        continue;
      }
      const k = remap[c]!;
      if (k < 0) {
        throw new DataError(
          `applyDesign requires levels of '${variable.name}' seen in the fitted data (${variable.levels.join(', ')}); received '${own.levels[c]}' in data row ${i + 1}`,
          { column: node.type === 'name' ? node.name : variable.name, row: i + 1 },
        );
      }
      codes[i] = k;
    }
    return { kind: 'factor', levels: variable.levels, codes, logical: variable.logical };
  });
  const offsets = spec.offsets.map((name) => {
    const value = evaluator.variable(variableNode(name), false);
    const numbers = value.kind === 'numeric' ? value.values : new Float64Array(n).fill(Number.NaN);
    for (let i = 0; i < n; i++) if (Number.isNaN(numbers[i]!)) mask[i] = 1;
    return numbers;
  });
  let kept = 0;
  for (let i = 0; i < n; i++) if (mask[i] === 0) kept++;
  const rows = new Int32Array(kept);
  for (let i = 0, a = 0; i < n; i++) if (mask[i] === 0) rows[a++] = i;
  const matrixSource = {
    values,
    names: spec.variables.map((v) => v.name),
    rows,
    complete: kept === n,
  };
  const factors = spec.terms.map((term) => {
    const row = new Array<number>(values.length).fill(0);
    term.variables.forEach((v, p) => {
      row[v] = term.coding[p]!;
    });
    return row;
  });
  const { layouts, columns } = layoutTerms(
    matrixSource,
    factors,
    spec.intercept,
    -1,
    'applyDesign',
  );
  if (columns.length !== design.columns.length || columns.some((c, j) => c !== design.columns[j])) {
    throw new InvalidArgumentError(
      'design',
      `applyDesign could not rebuild the columns of the design (${design.columns.join(', ')}); received ${columns.join(', ')}`,
    );
  }
  const matrix = new Float64Array(kept * columns.length);
  fillMatrix(matrixSource, layouts, spec.intercept, matrix);
  let offset: Float64Array | null = null;
  if (offsets.length > 0) {
    offset = new Float64Array(kept);
    for (const o of offsets) for (let r = 0; r < kept; r++) offset[r]! += o[rows[r]!]!;
  }
  return { matrix, nrow: kept, offset, rows };
}
