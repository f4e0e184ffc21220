// Regression tables
export { RegressionTable, regressionTable } from './regression-table.ts';

// Types
export type {
  GofStatistic,
  RegressionTableOptions,
  TableCoefficient,
  TableDigits,
  TableGof,
  TableRow,
  TableTerm,
  UncertaintyStatistic,
} from './types.ts';
