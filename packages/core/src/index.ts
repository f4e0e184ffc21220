// Errors and warnings
export {
  DataError,
  FormulaError,
  InvalidArgumentError,
  MusterError,
  type MusterWarning,
  NumericalError,
  warning,
} from './errors.ts';
