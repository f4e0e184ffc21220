// Errors and warnings

// Distributions (R names and semantics)
export {
  dbeta,
  dbinom,
  dchisq,
  df,
  dgamma,
  digamma,
  dlnorm,
  dnbinom,
  dnorm,
  dpois,
  dt,
  lgamma,
  pbeta,
  pbinom,
  pchisq,
  pf,
  pgamma,
  plnorm,
  pnbinom,
  pnorm,
  ppois,
  pt,
  qbeta,
  qchisq,
  qf,
  qgamma,
  qlnorm,
  qnorm,
  qt,
  trigamma,
} from './distributions.ts';
export {
  DataError,
  FormulaError,
  InvalidArgumentError,
  MusterError,
  type MusterWarning,
  NumericalError,
  warning,
} from './errors.ts';
// The shape every model result shares
export {
  COEFFICIENT_ROW_FIELDS,
  type CoefficientRow,
  FIT_RESULT_FIELDS,
  type FitResultBase,
  isFitResult,
  type ResultBase,
} from './fit-result.ts';
// Results as rows (broom's tidy and glance) and R's printed number formats
export { type GlanceRow, glance } from './results/glance.ts';
export {
  formatPValues,
  formatR,
  type PrintCoefficientsOptions,
  printCoefficients,
  type PrintMatrixOptions,
  printMatrix,
  SIGNIFICANCE_LEGEND,
  significanceStars,
} from './results/r-format.ts';
export { type TidyOptions, type TidyRow, tidy } from './results/tidy.ts';

// Linear algebra (column-major Float64Array)
export { cholesky } from './linalg/cholesky.ts';
export { choleskyInverse } from './linalg/cholesky-inverse.ts';
export { choleskySolve } from './linalg/cholesky-solve.ts';
export { crossprod } from './linalg/crossprod.ts';
export { qrCoefficients } from './linalg/qr-coefficients.ts';
export { type QR, qrDecompose } from './linalg/qr-decompose.ts';
export { qrQty } from './linalg/qr-qty.ts';
export { qrQy } from './linalg/qr-qy.ts';
export { qrRInverse } from './linalg/qr-r-inverse.ts';
export { solveLower } from './linalg/solve-lower.ts';
export { solveUpper } from './linalg/solve-upper.ts';
export { symmetricInverse } from './linalg/symmetric-inverse.ts';
// Option names
export { checkOptionKeys, SHARED_RENAMES } from './options.ts';
// Random numbers
export { createRandom, type Random } from './random.ts';
// Tables in a SQL engine (out-of-core fits)
export { isSqlSource, type SqlSource } from './sql-source.ts';
