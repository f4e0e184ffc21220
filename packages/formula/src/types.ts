/**
 * Types shared by the formula parser, the model frame and the design matrix.
 */

/** A binary operator of R's model formula language (`**` is read as `^`). */
export type BinaryOperator =
  | '+'
  | '-'
  | '*'
  | '/'
  | ':'
  | '^'
  | '%in%'
  | ComparisonOperator
  | LogicalOperator;

/** Comparisons, evaluated inside a variable (`I(rate > 0.1)`, `factor(x == 2)`). */
export type ComparisonOperator = '==' | '!=' | '<' | '<=' | '>' | '>=';

/** Logical operators, evaluated inside a variable (`I(a > 0 & b < 1)`). */
export type LogicalOperator = '&' | '&&' | '|' | '||';

/** One node of a parsed formula. `position` is the 0-based offset in the source text. */
export type FormulaNode =
  | { type: 'name'; name: string; position: number }
  | { type: 'number'; value: number; position: number }
  | { type: 'string'; value: string; position: number }
  | { type: 'dot'; position: number }
  | { type: 'paren'; expression: FormulaNode; position: number }
  | { type: 'unary'; operator: '+' | '-' | '!'; operand: FormulaNode; position: number }
  | {
      type: 'binary';
      operator: BinaryOperator;
      left: FormulaNode;
      right: FormulaNode;
      position: number;
    }
  | { type: 'call'; name: string; args: FormulaArgument[]; position: number };

/** An argument of a call: `log(x, base = 2)` has arguments `x` and `base = 2`. */
export interface FormulaArgument {
  name: string | null;
  value: FormulaNode;
}

/** A parsed model formula: `lhs ~ rhs` (`lhs` is null for a one-sided formula `~ rhs`). */
export interface Formula {
  type: 'formula';
  /** The text that was parsed. */
  source: string;
  lhs: FormulaNode | null;
  rhs: FormulaNode;
}

/** Columns by name, as {@link readCsv} returns them: numbers or strings, `null` where missing. */
export type DataColumns = Record<string, (number | null)[] | (string | null)[]>;

/**
 * A table with the parts of arquero's API that Muster uses: `columnNames()` and either
 * `array(name)` or `getter(name)` with `numRows()`.
 */
export interface TableLike {
  columnNames(): string[];
  array?(name: string): ArrayLike<unknown>;
  getter?(name: string): (row: number) => unknown;
  numRows?(): number;
}

/**
 * Data accepted by {@link modelFrame} and {@link designMatrix} (and the model functions built on
 * them): columns by name, an array of row objects (as d3.csv, Observable Plot and Vega-Lite use;
 * a row without a key is missing there) or an arquero table.
 */
export type DataInput =
  | DataColumns
  | Record<string, ArrayLike<unknown>>
  | readonly Record<string, unknown>[]
  | TableLike;

/** Options of {@link modelFrame} and {@link designMatrix}. */
export interface ModelFrameOptions {
  /**
   * Extra columns by role (`{ weights: 'troops', cluster: 'war' }`): they take part in
   * missing-value removal, as R's `model.frame` does with `weights`, and come back aligned with
   * the rows kept.
   */
  extra?: Record<string, string>;
  /**
   * Roles of `extra` whose missing values do not drop rows (they come back as null or NaN), for
   * columns that must not change the estimation sample, such as a cluster id that a model
   * refuses when missing.
   */
  keepMissing?: string[];
  /**
   * Level order of string columns, first level the reference (and, for a binomial response, the
   * failure): `{ regime: ['democracy', 'anocracy', 'autocracy'] }`. A value outside the list is a
   * DataError. Default: code-point order (R in the C locale).
   */
  levels?: Record<string, string[]>;
  /**
   * Drop factor levels that no kept row uses (R's `drop.unused.levels = TRUE`, which `lm` and
   * `glm` pass to `model.frame`). Default `false`, as `model.frame` itself: every level found in
   * the data keeps its column.
   */
  dropUnusedLevels?: boolean;
}

/** Options of {@link designMatrix}: those of {@link modelFrame}, and where to write the matrix. */
export interface DesignMatrixOptions extends ModelFrameOptions {
  /**
   * Memory the caller owns to write the matrix into, reused across calls (e.g. the `matrix` of
   * an earlier design that is no longer needed): a Float64Array of at least `nrow * ncol`
   * cells. The result's `matrix` is `into` itself when the sizes match, else a view of its first
   * `nrow * ncol` cells; every cell of it is written. A smaller array, or anything else, is an
   * InvalidArgumentError naming `into`. The previous contents are overwritten: a design built
   * earlier into the same memory now shows the new matrix, and the memory must not hold the
   * data's own columns. A `Float64Array` over a `SharedArrayBuffer` lets the model packages'
   * worker threads read it without a copy. Memory once passed as `into` is the caller's: it
   * never goes to the pool of {@link releaseDesignMatrix}, and leaves it if it was there.
   */
  into?: Float64Array;
}

/** A numeric response. */
export interface ResponseVector {
  kind: 'vector';
  name: string;
  values: Float64Array;
}

/** A two-column response `cbind(successes, failures)`. */
export interface ResponseCbind {
  kind: 'cbind';
  names: [string, string];
  values: [Float64Array, Float64Array];
}

/** A survival response `Surv(time, event)` (start null) or `Surv(start, stop, event)`. */
export interface ResponseSurv {
  kind: 'surv';
  name: string;
  start: Float64Array | null;
  stop: Float64Array;
  /** 1 = event, 0 = censored (1/2 and TRUE/FALSE codings are converted as R's `Surv` does). */
  event: Float64Array;
}

/** A factor response (string or boolean column): `codes` index `levels`, 0-based. */
export interface ResponseFactor {
  kind: 'factor';
  name: string;
  levels: string[];
  codes: Int32Array;
}

/** The response of a model, or null for a one-sided formula. */
export type Response = ResponseVector | ResponseCbind | ResponseSurv | ResponseFactor;

/** `strata(...)` terms combined into one factor, as R's `strata()` labels its levels. */
export interface StrataFactor {
  /** The term labels, e.g. `['strata(sex)']`. */
  labels: string[];
  codes: Int32Array;
  levels: string[];
}

/** A `cluster(x)` term: `x` as a factor with sorted levels. */
export interface ClusterFactor {
  /** The term label, e.g. `'cluster(id)'`. */
  label: string;
  codes: Int32Array;
  levels: string[];
}

/** How one variable of a fitted design is coded, kept so that new data can be coded the same way. */
export type DesignVariable =
  | { name: string; kind: 'numeric' }
  | { name: string; kind: 'factor'; levels: string[]; logical: boolean };

/** Everything {@link applyDesign} needs to code new data like the training data (plain JSON). */
export interface DesignSpec {
  /** The formula text (re-parsed to evaluate variables on new data). */
  formula: string;
  intercept: boolean;
  /** Variables the matrix is built from, by their R names (deparsed expressions). */
  variables: DesignVariable[];
  /** For each term: the variables it contains (indices into `variables`) and their coding (1 = contrasts, 2 = indicators). */
  terms: { variables: number[]; coding: number[] }[];
  /** R names of the offset variables. */
  offsets: string[];
  /**
   * Parameters of data-dependent transformations by the deparsed call (`scale(x)`: center and
   * scale of the fitted data), used for new data as R's `makepredictcall` does.
   */
  transforms?: Record<string, number[]>;
}

/** A model frame: the variables of a formula evaluated on the rows without missing values. */
export interface ModelFrame {
  formula: string;
  /** R's variable names (deparsed expressions) in R's order; the response first when there is one. */
  variableNames: string[];
  /** The evaluated variables (rows kept only), keyed by R name. Response, offsets and specials included. */
  variables: Record<string, ModelFrameVariable>;
  /** R's term labels (offsets, strata and cluster terms excluded). */
  termLabels: string[];
  hasIntercept: boolean;
  nrow: number;
  response: Response | null;
  offset: Float64Array | null;
  strata: StrataFactor | null;
  cluster: ClusterFactor | null;
  extra: Record<string, (number | string | null)[]>;
  /** 0-based data rows kept. */
  rows: Int32Array;
  /** 0-based data rows dropped because a variable the model uses is missing. */
  dropped: Int32Array;
  nDropped: number;
}

/** One evaluated variable of a {@link ModelFrame}. */
export type ModelFrameVariable =
  | { kind: 'numeric'; values: Float64Array }
  | { kind: 'factor'; levels: string[]; codes: Int32Array; logical: boolean }
  | { kind: 'cbind'; names: string[]; values: Float64Array[] }
  | { kind: 'matrix'; names: string[]; values: Float64Array[] }
  | { kind: 'surv'; start: Float64Array | null; stop: Float64Array; event: Float64Array };

/** A design (model) matrix as R's `model.matrix` builds it, with the response and special terms. */
export interface DesignMatrix {
  formula: string;
  /** R's column names and order: `(Intercept)`, `regimedemocracy`, `log(troops)`, `a:b`, `I(x^2)`. */
  columns: string[];
  /** Term index per column, 0 = intercept: `termLabels[assign[j] - 1]` is column j's term. */
  assign: number[];
  /** R's term labels. */
  termLabels: string[];
  hasIntercept: boolean;
  nrow: number;
  ncol: number;
  /** Column-major, `nrow * ncol`. */
  matrix: Float64Array;
  response: Response | null;
  /** Sum of the `offset()` terms, or null. */
  offset: Float64Array | null;
  strata: StrataFactor | null;
  cluster: ClusterFactor | null;
  /** `options.extra` columns, rows aligned with the matrix. */
  extra: Record<string, (number | string | null)[]>;
  /** 0-based data rows kept. */
  rows: Int32Array;
  /** 0-based data rows dropped for missing values. */
  dropped: Int32Array;
  nDropped: number;
  /** How to code new data the same way (used by {@link applyDesign}). */
  spec: DesignSpec;
}
