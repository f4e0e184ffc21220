/**
 * The data a marginal effect is computed on: the rows of the data the fit used, and the class of
 * each predictor as marginaleffects' `detect_variable_class` gives it (a factor, a 0/1 binary, an
 * integer-valued or a continuous number).
 */
import { DataError, InvalidArgumentError } from '@muster/core';
import {
  type DataInput,
  type DesignSpec,
  dataColumns,
  type FormulaNode,
  modelFrame,
  parseFormula,
} from '@muster/formula';
import { offsetColumn } from './estimand.ts';
import type { MarginsFit } from './types.ts';

/** A column of the model data: numbers (NaN never occurs) or level names. */
export type Column = number[] | string[];

/** How a predictor is varied: a slope for numbers, contrasts for factors and 0/1 variables. */
export type VariableClass =
  | { kind: 'numeric'; integer: boolean }
  | { kind: 'binary' }
  | { kind: 'factor'; levels: string[]; numericColumn: boolean };

/** The model's rows and predictors. */
export interface ModelData {
  /** Predictor columns (and any other column the design needs) on the rows the fit used. */
  columns: Record<string, Column>;
  /** Predictors in formula order (R's `all.vars` of the right-hand side). */
  predictors: string[];
  /** Classes of the predictors and of the offset columns. */
  classes: Record<string, VariableClass>;
  nrow: number;
}

/** Names (data columns) an expression refers to, in order of appearance. */
function namesOf(node: FormulaNode, out: string[]): void {
  switch (node.type) {
    case 'name':
      if (!out.includes(node.name)) out.push(node.name);
      return;
    case 'paren':
      namesOf(node.expression, out);
      return;
    case 'unary':
      namesOf(node.operand, out);
      return;
    case 'binary':
      namesOf(node.left, out);
      namesOf(node.right, out);
      return;
    case 'call':
      for (const arg of node.args) namesOf(arg.value, out);
      return;
    default:
      return;
  }
}

/** Data columns the design's variables use, in the design's (formula) order. */
export function predictorNames(spec: DesignSpec, columnNames: readonly string[]): string[] {
  const out: string[] = [];
  for (const variable of spec.variables) namesOf(parseFormula(`~${variable.name}`).rhs, out);
  return out.filter((name) => columnNames.includes(name));
}

/** Rows of the data the fit used, as 0-based indices (the model frame of the fit's formula). */
function modelRows(caller: string, fit: MarginsFit, data: DataInput): Int32Array {
  const extra: Record<string, string> = {};
  const weights = typeof fit.weights === 'string' ? fit.weights : null;
  const offset = offsetColumn(fit);
  if (weights !== null) extra.weights = weights;
  if (offset !== null) extra.offset = offset;
  const frame = modelFrame(fit.formula, data, { extra });
  const expected = fit.nobs;
  if (weights === null && frame.nrow !== expected) {
    throw new InvalidArgumentError(
      'data',
      `${caller} requires the data the model was fitted on; the model's variables are complete in ${frame.nrow} of its rows, the fit used ${expected}`,
    );
  }
  return frame.rows;
}

function isIntegerValued(values: readonly number[]): boolean {
  const tolerance = Math.sqrt(2.220446049250313e-16);
  return values.every((v) => Math.abs(v - Math.round(v)) < tolerance);
}

/** The in-formula factor (`factor(x)`, `as.factor(x)`) of a column, if the design has one. */
function inFormulaFactor(spec: DesignSpec, name: string): string[] | null {
  for (const variable of spec.variables) {
    if (variable.kind !== 'factor') continue;
    if (variable.name === `factor(${name})` || variable.name === `as.factor(${name})`) {
      return variable.levels;
    }
  }
  return null;
}

function classify(spec: DesignSpec, name: string, column: Column): VariableClass {
  const numericColumn = typeof column[0] === 'number';
  const formulaLevels = inFormulaFactor(spec, name);
  if (formulaLevels !== null) return { kind: 'factor', levels: formulaLevels, numericColumn };
  if (!numericColumn) {
    const own = spec.variables.find((v) => v.name === name);
    const levels =
      own !== undefined && own.kind === 'factor'
        ? own.levels
        : [...new Set(column as string[])].sort();
    return { kind: 'factor', levels, numericColumn: false };
  }
  const numbers = column as number[];
  if (isIntegerValued(numbers)) {
    if (numbers.every((v) => v === 0 || v === 1)) return { kind: 'binary' };
    return { kind: 'numeric', integer: true };
  }
  return { kind: 'numeric', integer: false };
}

function readColumn(
  caller: string,
  name: string,
  raw: ArrayLike<unknown>,
  rows: Int32Array,
): Column {
  const values = Array.from(rows, (r) => raw[r]);
  if (values.every((v) => typeof v === 'number')) return values as number[];
  if (values.every((v) => typeof v === 'string')) return values as string[];
  if (values.every((v) => typeof v === 'boolean')) return values.map((v) => (v ? 'TRUE' : 'FALSE'));
  const bad = values.findIndex((v) => typeof v !== typeof values[0]);
  throw new DataError(
    `${caller} requires column '${name}' to hold numbers or text on the model's rows; data row ${rows[bad] + 1} has ${String(values[bad])}`,
    { column: name, row: rows[bad] + 1 },
  );
}

/**
 * The model data of a fit: its predictors on the rows it used, with their classes.
 *
 * @param caller - name of the public function, for messages
 * @param fit - a fitGlm result
 * @param data - the data it was fitted on
 */
export function modelData(caller: string, fit: MarginsFit, data: DataInput): ModelData {
  const all = dataColumns(data);
  const names = Object.keys(all);
  const rows = modelRows(caller, fit, data);
  const predictors = predictorNames(fit.design, names);
  const columns: Record<string, Column> = {};
  const classes: Record<string, VariableClass> = {};
  const offsets = names.filter((name) => !predictors.includes(name) && usedByOffset(fit, name));
  for (const name of [...predictors, ...offsets]) {
    columns[name] = readColumn(caller, name, all[name], rows);
  }
  // Offset columns are classified too: a grid holds them at their typical value.
  for (const name of [...predictors, ...offsets]) {
    classes[name] = classify(fit.design, name, columns[name]);
  }
  return { columns, predictors, classes, nrow: rows.length };
}

/** Whether a column feeds an offset (an offset() term or the fit's offset option). */
function usedByOffset(fit: MarginsFit, name: string): boolean {
  if (offsetColumn(fit) === name) return true;
  const out: string[] = [];
  for (const offset of fit.design.offsets) namesOf(parseFormula(`~${offset}`).rhs, out);
  return out.includes(name);
}
