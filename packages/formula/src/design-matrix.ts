import { prefaultColumns } from '@muster/core/threads';
import { fillMatrix, layoutTerms } from './internal/build-matrix.ts';
import {
  buildFrame,
  frameCluster,
  frameOffset,
  frameResponse,
  frameStrata,
} from './internal/frame.ts';
import { matrixMemory, SHARED_MIN_CELLS } from './internal/matrix-memory.ts';
import type {
  DataInput,
  DesignMatrix,
  DesignMatrixOptions,
  DesignSpec,
  DesignVariable,
  Formula,
} from './types.ts';

/**
 * Build the design (model) matrix of a formula on data, as R's
 * `model.matrix(formula, model.frame(formula, data, na.action = na.omit))`.
 *
 * Method: the formula is expanded into terms as R's `terms.formula` does (terms ordered by
 * degree; `a*b`, `(a+b)^2`, `a/b`, `%in%`, `-`, `.`); rows with a missing value (null,
 * undefined, NaN, empty string) in any variable of the formula or in an `extra` column are
 * dropped; string and boolean columns are factors with levels in code-point order, coded by
 * treatment contrasts, or by indicators for every level where R's rule (Chambers & Hastie,
 * Statistical Models in S, p. 38) calls for it: a factor is coded by contrasts in a term when
 * the term without it is empty or appears earlier in the model, and the first factor of a model
 * without intercept gets all its levels. See docs/algorithm.md.
 *
 * The response (vector, `cbind(s, f)`, `Surv(...)`, or a factor), `offset()` terms and the
 * survival specials `strata()` and `cluster()` are returned apart and are not matrix columns.
 *
 * @param formula - Formula text or a parsed {@link Formula}.
 * @param data - Columns by name (`readCsv` output, arrays or typed arrays) or an arquero table.
 * @param options - `extra`: columns by role (e.g. `{ weights: 'w' }`) that take part in
 *   missing-value removal and come back aligned; `keepMissing`: roles of `extra` that come back
 *   with their missing values instead of dropping rows; `dropUnusedLevels` (default false);
 *   `into`: a Float64Array of at least nrow x ncol cells that the caller owns, written instead
 *   of fresh memory (reuse it across calls: fresh memory of a large matrix costs a page fault
 *   per 4 KB page on first write). Large matrices released with {@link releaseDesignMatrix}
 *   are reused the same way without `into`.
 * @returns The matrix (column-major), R's column names, `assign`, term labels, the response,
 *   offset, strata, cluster, and which data rows were kept and dropped.
 * @throws FormulaError for a formula that does not parse, an unknown column or function (with
 *   its position); InvalidArgumentError naming `into` when it is not a Float64Array or too
 *   small; DataError for a non-numeric value in numeric use (with column and 1-based
 *   data row) or a factor with fewer than 2 levels where contrasts are needed.
 * @example
 * ```ts
 * const d = designMatrix('y ~ x + g', { y: [1, 2, 3], x: [0.5, 1, null], g: ['b', 'a', 'b'] });
 * d.columns; // => ['(Intercept)', 'x', 'gb']
 * d.nrow;    // => 2 (row 3 has a missing x)
 * Array.from(d.matrix); // => [1, 1, 0.5, 1, 1, 0]
 * ```
 * ```ts
 * // Rebuilding a design in the memory of the previous one (e.g. in a loop over samples).
 * let design = designMatrix('y ~ x', { y: [1, 2, 3], x: [0.5, 1, 2] });
 * const memory = design.matrix;
 * design = designMatrix('y ~ x', { y: [4, 5, 6], x: [3, 2, 1] }, { into: design.matrix });
 * design.matrix === memory; // => true
 * Array.from(design.matrix); // => [1, 1, 1, 3, 2, 1]
 * ```
 */
export function designMatrix(
  formula: string | Formula,
  data: DataInput,
  options: DesignMatrixOptions = {},
): DesignMatrix {
  const frame = buildFrame('designMatrix', formula, data, options);
  const { terms, values } = frame;
  const start = terms.hasResponse ? 1 : 0;
  // Without an intercept, the first factor of the first term that has one is coded by
  // indicators (R's modelmatrix).
  const factors = terms.factors.map((row) => [...row]);
  if (!terms.intercept) {
    search: for (const row of factors) {
      for (let v = start; v < row.length; v++) {
        const value = values[v]!;
        if (value.kind === 'factor' && value.levels.length > 1 && row[v]! > 0) {
          row[v] = 2;
          break search;
        }
      }
    }
  }
  // A term that is the response itself gets no columns (R warns and drops it).
  const responseTerm = terms.hasResponse ? terms.terms.indexOf(1n) : -1;
  const source = { values, names: terms.names, rows: frame.rows, complete: frame.complete };
  const { layouts, columns, assign } = layoutTerms(
    source,
    factors,
    terms.intercept,
    responseTerm,
    'designMatrix',
  );
  const nrow = frame.rows.length;
  const ncol = columns.length;
  // The caller's memory (options.into), memory released by an earlier design, or fresh memory;
  // large matrices live in shared memory (in Node), so that the model packages' worker threads
  // read them in place instead of copying them.
  const { matrix, reused } = matrixMemory(nrow * ncol, options.into, 'designMatrix', [nrow, ncol]);
  // A worker touches a fresh matrix's pages from the last column while this thread fills it
  // from the first, sharing the page faults of new memory between two cores (reused memory is
  // already mapped).
  const claims =
    reused || nrow * ncol < SHARED_MIN_CELLS ? null : prefaultColumns(matrix, nrow, ncol);
  fillMatrix(source, layouts, terms.intercept, matrix, claims?.claim ?? null);
  claims?.finish();

  const used = new Set<number>();
  for (const layout of layouts) if (layout.ncol > 0) for (const v of layout.variables) used.add(v);
  const specVariables: DesignVariable[] = [];
  const specIndex = new Map<number, number>();
  for (const v of [...used].sort((a, b) => a - b)) {
    const value = values[v]!;
    specIndex.set(v, specVariables.length);
    specVariables.push(
      value.kind === 'factor'
        ? { name: terms.names[v]!, kind: 'factor', levels: value.levels, logical: value.logical }
        : { name: terms.names[v]!, kind: 'numeric' },
    );
  }
  const spec: DesignSpec = {
    formula: frame.formulaText,
    intercept: terms.intercept,
    variables: specVariables,
    terms: layouts.map((layout) =>
      layout.ncol === 0
        ? { variables: [], coding: [] }
        : { variables: layout.variables.map((v) => specIndex.get(v)!), coding: layout.coding },
    ),
    offsets: terms.offsets.map((v) => terms.names[v]!),
    ...(Object.keys(frame.transforms).length > 0 ? { transforms: frame.transforms } : {}),
  };

  return {
    formula: frame.formulaText,
    columns,
    assign,
    termLabels: terms.labels,
    hasIntercept: terms.intercept,
    nrow,
    ncol,
    matrix,
    response: frameResponse(frame),
    offset: frameOffset(frame),
    strata: frameStrata(frame),
    cluster: frameCluster(frame),
    extra: frame.extra,
    rows: frame.rows,
    dropped: frame.dropped,
    nDropped: frame.dropped.length,
    spec,
  };
}
