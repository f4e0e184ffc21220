import { describe, expect, it } from 'vitest';
import {
  DataError,
  FormulaError,
  InvalidArgumentError,
  MusterError,
  warning,
} from '../src/index.ts';

describe('errors', () => {
  it('InvalidArgumentError carries the argument name and a stable name', () => {
    const error = new InvalidArgumentError('k', 'backProject requires k >= 0; received -1');
    expect(error).toBeInstanceOf(MusterError);
    expect(error.name).toBe('InvalidArgumentError');
    expect(error.argument).toBe('k');
  });

  it('FormulaError carries the formula and the position', () => {
    const error = new FormulaError('y ~ x +', 7, 'expected a term at position 7');
    expect(error.position).toBe(7);
    expect(error.name).toBe('FormulaError');
  });

  it('DataError names the column and row', () => {
    const error = new DataError("column 'age' row 3: 'abc' is not a number", {
      column: 'age',
      row: 3,
    });
    expect([error.column, error.row]).toEqual(['age', 3]);
  });

  it('warning() omits subjects when there are none', () => {
    expect(warning('separation', 'x separates')).toEqual({
      code: 'separation',
      message: 'x separates',
    });
    expect(warning('separation', 'x', ['x']).subjects).toEqual(['x']);
  });
});
