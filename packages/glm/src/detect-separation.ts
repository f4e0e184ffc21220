import { checkOptionKeys, InvalidArgumentError, NumericalError, qrDecompose } from '@muster/core';
import type { Highs } from 'highs';
import { highsSolver } from './internal/highs.ts';

/** Options of {@link detectSeparation}. */
export interface DetectSeparationOptions {
  /** Prior weights (rows with weight 0 are ignored), length nrow. */
  weights?: ArrayLike<number> | null;
  /** Column names (default `x1`, `x2`, ...). */
  columns?: string[];
  /**
   * Term of each column (0 = intercept) and the term labels, as a design matrix's `assign` and
   * `termLabels`: then each term is also checked on its own (with the intercept) to name the
   * terms that separate the outcome by themselves.
   */
  assign?: number[];
  termLabels?: string[];
}

/** Result of {@link detectSeparation}. */
export interface SeparationResult {
  /** true when the outcome is completely or quasi-completely separated. */
  separation: boolean;
  kind: 'none' | 'complete' | 'quasi-complete';
  /**
   * Per column, detectseparation's answer: 1 (estimate goes to +Inf), -1 (-Inf), 0 (finite),
   * null for a column aliased in X.
   */
  directions: (1 | -1 | 0 | null)[];
  /** Names of the columns with infinite maximum-likelihood estimates. */
  infiniteColumns: string[];
  /** Terms that separate the outcome on their own (with the intercept), when `assign` is given. */
  separatingTerms: string[];
  method: 'linear-programming (Konis 2007)';
}

const DETECT_SEPARATION_OPTIONS = [
  'weights',
  'columns',
  'assign',
  'termLabels',
] as const satisfies readonly (keyof DetectSeparationOptions)[];

const BETA_TOLERANCE = 1e-6;
const OBJECTIVE_TOLERANCE = 1e-6;

interface LpRows {
  /** column-major scaled X rows times the sign s = +1 (y = 1) / -1 (y = 0) */
  values: Float64Array;
  nrow: number;
}

function buildRows(
  x: Float64Array,
  n: number,
  columns: number[],
  y: Float64Array,
  weights: Float64Array | null,
): LpRows {
  const signs: number[] = [];
  const rows: number[] = [];
  for (let i = 0; i < n; i++) {
    if (weights !== null && !(weights[i] > 0)) continue;
    if (y[i] >= 1) {
      rows.push(i);
      signs.push(1);
    } else if (y[i] <= 0) {
      rows.push(i);
      signs.push(-1);
    } else {
      // A proportion strictly between 0 and 1 counts as both a success and a failure.
      rows.push(i, i);
      signs.push(1, -1);
    }
  }
  const m = rows.length;
  const values = new Float64Array(m * columns.length);
  columns.forEach((j, c) => {
    let scale = 0;
    for (const i of rows) scale = Math.max(scale, Math.abs(x[j * n + i]));
    const inv = scale > 0 ? 1 / scale : 0;
    for (let r = 0; r < m; r++) values[c * m + r] = signs[r] * x[j * n + rows[r]] * inv;
  });
  return { values, nrow: m };
}

/**
 * Konis (2007) primal LP: maximise sum_r a_r'beta subject to a_r'beta >= 0 for every row and
 * -1 <= beta <= 1, with a_r = s_r x_r. A positive optimum means separation; the non-zero
 * components of beta are the coefficients whose ML estimates are infinite. With `margin`, the
 * LP maximises instead the smallest a_r'beta (complete separation when positive).
 */
function solveLp(
  highs: Highs,
  lp: LpRows,
  p: number,
  margin: boolean,
): { beta: Float64Array; objective: number } {
  const m = lp.nrow;
  const cols = margin ? p + 1 : p;
  const starts = new Int32Array(cols + 1);
  const nnz = m * cols;
  const indices = new Int32Array(nnz);
  const values = new Float64Array(nnz);
  const cost = new Float64Array(cols);
  let k = 0;
  for (let c = 0; c < cols; c++) {
    starts[c] = k;
    for (let r = 0; r < m; r++) {
      const v = c < p ? lp.values[c * m + r] : -1;
      indices[k] = r;
      values[k] = v;
      if (!margin && c < p) cost[c] += v;
      k++;
    }
  }
  starts[cols] = k;
  if (margin) cost[p] = 1;
  const colLower = new Float64Array(cols).fill(-1);
  const colUpper = new Float64Array(cols).fill(1);
  if (margin) colLower[p] = 0;
  const result = highs.raw.lpCall({
    numCols: cols,
    numRows: m,
    sense: highs.constants.objectiveSense.maximize,
    colCost: cost,
    colLower,
    colUpper,
    rowLower: new Float64Array(m),
    rowUpper: new Float64Array(m).fill(highs.infinity),
    matrix: { format: 'csc', numRows: m, numCols: cols, starts, indices, values },
  });
  if (result.status === -1 || result.value.modelStatus !== highs.constants.modelStatus.optimal) {
    throw new NumericalError('detectSeparation: the linear program did not solve to optimality');
  }
  const solution = result.value.solution.colValue;
  let objective = 0;
  for (let c = 0; c < cols; c++) objective += cost[c] * solution[c];
  return { beta: solution.slice(0, p), objective };
}

/**
 * Detect complete and quasi-complete separation in binomial data exactly, by linear
 * programming (Konis 2007, the method of R's detectseparation / safeBinaryRegression), and find
 * which coefficients have infinite maximum-likelihood estimates.
 *
 * Method: rows with weight 0 are dropped and a proportion strictly between 0 and 1 counts as
 * one success and one failure; with a_i = x_i (y_i = 1) or -x_i (y_i = 0) and each column
 * scaled to max |x| = 1, the LP max sum_i a_i'b s.t. a_i'b >= 0, -1 <= b <= 1 (solved by HiGHS)
 * has a positive optimum iff the data are separated; non-zero b_j mark infinite estimates. A
 * second LP (max t s.t. a_i'b >= t) tells complete (t > 0) from quasi-complete separation, and
 * with `assign` each term with an infinite estimate is checked alone (with the intercept) to name
 * the terms that separate the outcome by themselves.
 * Aliased columns (R's qr(x), tolerance 1e-7) are left out as detectseparation does.
 *
 * References: Albert & Anderson (1984), Biometrika 71, 1-10; Konis (2007), *Linear programming
 * algorithms for detecting separated data in binary logistic regression models*, DPhil thesis,
 * Oxford; Kosmidis & Schumacher, R package detectseparation.
 *
 * @param x - design matrix, nrow x ncol, column-major
 * @param nrow - rows
 * @param ncol - columns
 * @param y - response: 0/1, or proportions (with weights)
 * @param options - weights, column names, terms
 * @returns whether and how the data are separated, and which estimates are infinite
 * @throws InvalidArgumentError for inconsistent dimensions; a MusterError when the HiGHS solver
 *   cannot be loaded (in a browser bundle: no loader set with {@link setHighsLoader})
 * @example
 * ```ts
 * // y is 1 exactly when x > 2.5: complete separation on x.
 * const x = new Float64Array([1, 1, 1, 1, 1, 2, 3, 4]);
 * const result = await detectSeparation(x, 4, 2, new Float64Array([0, 0, 1, 1]), {
 *   columns: ['(Intercept)', 'x'],
 * });
 * [result.kind, result.infiniteColumns];
 * // => ['complete', ['(Intercept)', 'x']]
 * ```
 */
export async function detectSeparation(
  x: Float64Array,
  nrow: number,
  ncol: number,
  y: ArrayLike<number>,
  options: DetectSeparationOptions = {},
): Promise<SeparationResult> {
  checkOptionKeys('detectSeparation', options, DETECT_SEPARATION_OPTIONS);
  if (x.length !== nrow * ncol || y.length !== nrow) {
    throw new InvalidArgumentError(
      'x',
      `detectSeparation requires x of length nrow * ncol (${nrow * ncol}) and y of length nrow (${nrow}); received ${x.length} and ${y.length}`,
    );
  }
  const names = options.columns ?? Array.from({ length: ncol }, (_, j) => `x${j + 1}`);
  const yy = Float64Array.from(y);
  const weights = options.weights == null ? null : Float64Array.from(options.weights);
  const qr = qrDecompose(x, nrow, ncol, 1e-7);
  const aliased = new Uint8Array(ncol);
  for (let j = qr.rank; j < ncol; j++) aliased[qr.pivot[j]] = 1;
  const active: number[] = [];
  for (let j = 0; j < ncol; j++) if (!aliased[j]) active.push(j);

  const highs = await highsSolver('detectSeparation');
  const rows = buildRows(x, nrow, active, yy, weights);
  const directions: (1 | -1 | 0 | null)[] = new Array(ncol).fill(null);
  for (const j of active) directions[j] = 0;
  const none: SeparationResult = {
    separation: false,
    kind: 'none',
    directions,
    infiniteColumns: [],
    separatingTerms: [],
    method: 'linear-programming (Konis 2007)',
  };
  if (rows.nrow === 0 || active.length === 0) return none;
  const primal = solveLp(highs, rows, active.length, false);
  active.forEach((j, c) => {
    const b = primal.beta[c];
    if (Math.abs(b) > BETA_TOLERANCE) directions[j] = b > 0 ? 1 : -1;
  });
  const separated =
    primal.objective > OBJECTIVE_TOLERANCE && directions.some((d) => d === 1 || d === -1);
  if (!separated) {
    for (const j of active) directions[j] = 0;
    return none;
  }
  const marginLp = solveLp(highs, rows, active.length, true);
  const kind = marginLp.objective > 1e-7 ? 'complete' : 'quasi-complete';

  const separatingTerms: string[] = [];
  if (options.assign !== undefined && options.termLabels !== undefined) {
    const assign = options.assign;
    const intercept = active.filter((j) => assign[j] === 0);
    options.termLabels.forEach((label, t) => {
      const own = active.filter((j) => assign[j] === t + 1);
      // Only terms with an infinite estimate can separate the outcome in the direction found.
      if (own.length === 0 || own.every((j) => directions[j] === 0)) return;
      const cols = [...intercept, ...own];
      const sub = buildRows(x, nrow, cols, yy, weights);
      const lp = solveLp(highs, sub, cols.length, false);
      let any = false;
      for (let c = intercept.length; c < cols.length; c++)
        if (Math.abs(lp.beta[c]) > BETA_TOLERANCE) any = true;
      if (lp.objective > OBJECTIVE_TOLERANCE && any) separatingTerms.push(label);
    });
  }
  return {
    separation: true,
    kind,
    directions,
    infiniteColumns: active.filter((j) => directions[j] !== 0).map((j) => names[j]),
    separatingTerms,
    method: 'linear-programming (Konis 2007)',
  };
}
