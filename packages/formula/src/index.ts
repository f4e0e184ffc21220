// Reading data

// Model frames and design matrices
export { applyDesign } from './apply-design.ts';
export { dataColumns } from './data-columns.ts';
export { designMatrix } from './design-matrix.ts';
export {
  clearDesignMatrixPool,
  designMatrixPool,
  releaseDesignMatrix,
} from './design-memory.ts';
// Formulas
export { formatFormula } from './format-formula.ts';
export { isDecimalText } from './is-decimal-text.ts';
export { modelFrame } from './model-frame.ts';
export { parseFormula } from './parse-formula.ts';
export { readCsv } from './read-csv.ts';
// Formulas as SQL (out-of-core fits)
export {
  type SqlDesign,
  type SqlDesignOptions,
  sqlDesign,
} from './sql/sql-design.ts';
export type { ColumnKind as SqlColumnKind } from './sql/sql-expression.ts';
export {
  sqlNumber,
  sqlNumberValue,
  sqlQuoteIdentifier,
  sqlStringLiteral,
} from './sql/sql-text.ts';

// Types
export type {
  BinaryOperator,
  ClusterFactor,
  ComparisonOperator,
  DataColumns,
  DataInput,
  DesignMatrix,
  DesignMatrixOptions,
  DesignSpec,
  DesignVariable,
  Formula,
  FormulaArgument,
  FormulaNode,
  LogicalOperator,
  ModelFrame,
  ModelFrameOptions,
  ModelFrameVariable,
  Response,
  ResponseCbind,
  ResponseFactor,
  ResponseSurv,
  ResponseVector,
  StrataFactor,
  TableLike,
} from './types.ts';

// Warnings
export { type FormulaWarning, formulaWarnings, type WarningCode } from './warnings.ts';
