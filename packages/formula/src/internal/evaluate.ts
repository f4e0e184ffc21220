/**
 * Evaluation of formula variables on data, column-wise on typed arrays: numbers (NaN = missing),
 * factors (Int32Array codes, -1 = missing), two-column `cbind` and `Surv` responses.
 */
import { DataError, FormulaError } from '@muster/core';
import { isDecimalText } from '../is-decimal-text.ts';
import type { FormulaNode } from '../types.ts';
import { compareCodePoints, type DataSource, type RawColumn } from './data.ts';
import { deparseNode } from './deparse.ts';
import { formatNumber } from './format-number.ts';

export type Value =
  | { kind: 'numeric'; values: ArrayLike<number>; complete?: boolean }
  | {
      kind: 'factor';
      /** True when no code is missing (lets the frame skip the missing-value scan). */
      complete?: boolean;
      levels: string[];
      codes: Int32Array;
      logical: boolean;
      /** From a string column or factor() (R's strata() then omits variable names). */
      character?: boolean;
    }
  | { kind: 'cbind'; names: string[]; columns: ArrayLike<number>[] }
  /** A matrix-valued variable (`poly(x, k)`): columns named by the variable name + suffix. */
  | { kind: 'matrix'; columns: Float64Array[]; suffixes: string[] }
  | {
      kind: 'surv';
      start: ArrayLike<number> | null;
      stop: ArrayLike<number>;
      event: ArrayLike<number>;
    };

type Numeric = number | ArrayLike<number>;

/** Parse a string as R's `as.numeric` does for decimal text; NaN when it is not a number. */
export function parseNumber(text: string): number {
  if (isDecimalText(text)) return Number(text);
  const t = text.trim();
  if (t === 'Inf' || t === '+Inf') return Number.POSITIVE_INFINITY;
  if (t === '-Inf') return Number.NEGATIVE_INFINITY;
  return Number.NaN;
}

const MATH1: Record<string, (x: number) => number> = {
  exp: Math.exp,
  sqrt: Math.sqrt,
  abs: Math.abs,
  log2: Math.log2,
  log10: Math.log10,
  log1p: Math.log1p,
  expm1: Math.expm1,
  sin: Math.sin,
  cos: Math.cos,
  tan: Math.tan,
  asin: Math.asin,
  acos: Math.acos,
  atan: Math.atan,
  sinh: Math.sinh,
  cosh: Math.cosh,
  tanh: Math.tanh,
  floor: Math.floor,
  ceiling: Math.ceil,
  trunc: Math.trunc,
  sign: Math.sign,
};

/** Function names the evaluator understands (for error messages and documentation). */
export const KNOWN_FUNCTIONS = [
  'I',
  'log',
  ...Object.keys(MATH1),
  'pmin',
  'pmax',
  'ifelse',
  'scale',
  'poly',
  'factor',
  'as.factor',
  'relevel',
  'offset',
  'cbind',
  'Surv',
  'strata',
  'cluster',
];

/** Options of an {@link Evaluator}. */
export interface EvaluatorOptions {
  /** Level order of string columns (`{ regime: ['democracy', 'autocracy'] }`). */
  levels?: Record<string, readonly string[]>;
  /**
   * Parameters of data-dependent transformations (`scale(x)`: center and scale) by the deparsed
   * call: read when present (coding new data like the fitted data), recorded when absent.
   */
  transforms?: Record<string, number[]>;
}

export class Evaluator {
  private readonly n: number;
  /** Parameters of data-dependent transformations, recorded or given (see EvaluatorOptions). */
  readonly transforms: Record<string, number[]>;
  private readonly levels: Record<string, readonly string[]>;

  constructor(
    private readonly caller: string,
    private readonly source: string,
    private readonly data: DataSource,
    options: EvaluatorOptions = {},
  ) {
    this.n = data.nrow;
    this.transforms = { ...(options.transforms ?? {}) };
    this.levels = options.levels ?? {};
  }

  /** A string column as a factor, with the level order given for it or code-point order. */
  private stringColumnFactor(column: RawColumn & { kind: 'string' }): Value & { kind: 'factor' } {
    const order = this.levels[column.name];
    if (order === undefined) return columnFactor(column);
    return explicitFactor(this.caller, column.name, column.values, order, true);
  }

  fail(node: FormulaNode, message: string): never {
    const at = Math.max(node.position, 0);
    throw new FormulaError(
      this.source,
      at,
      `${this.caller}: ${message} at position ${at} in '${this.source}'`,
    );
  }

  column(node: FormulaNode & { type: 'name' }): RawColumn {
    if (!this.data.has(node.name)) {
      const names = this.data.columnNames;
      const shown = names.slice(0, 20).join(', ') + (names.length > 20 ? ', ...' : '');
      this.fail(
        node,
        `expected a column of the data; '${node.name}' is not one (columns: ${shown})`,
      );
    }
    return this.data.column(node.name);
  }

  /** Evaluate a model variable (a name or a call) as R's model.frame would. */
  variable(node: FormulaNode, isResponse: boolean): Value {
    if (node.type === 'name') {
      const column = this.column(node);
      if (column.kind === 'number') {
        return { kind: 'numeric', values: column.values, complete: column.complete };
      }
      if (column.kind === 'boolean') return booleanFactor(column.values, true);
      if (isResponse) this.checkFactorResponse(column);
      return this.stringColumnFactor(column);
    }
    if (isLogical(node)) return this.logicalFactor(node, true);
    if (node.type === 'call') {
      switch (node.name) {
        case 'factor':
        case 'as.factor':
          return this.factor(node);
        case 'relevel':
          return this.relevel(node);
        case 'poly':
          return this.poly(node);
        case 'ifelse': {
          const strings = this.stringIfelse(node);
          if (strings !== null) return stringFactor(strings);
          break;
        }
        case 'cbind':
          if (!isResponse) this.fail(node, 'cbind() is accepted only as the response');
          if (node.args.length !== 2) {
            this.fail(
              node,
              `cbind() in the response takes two columns; received ${node.args.length}`,
            );
          }
          return {
            kind: 'cbind',
            names: node.args.map((a) => deparseNode(a.value)),
            columns: node.args.map((a) => this.materialize(this.numeric(a.value, node))),
          };
        case 'Surv':
          if (!isResponse) this.fail(node, 'Surv() is accepted only as the response');
          return this.surv(node);
        case 'strata':
          return this.strata(node);
        case 'cluster': {
          if (node.args.length !== 1) {
            this.fail(node, `cluster() takes one variable; received ${node.args.length}`);
          }
          return this.asFactor(node.args[0]!.value, false);
        }
      }
    }
    if (node.type === 'dot') this.fail(node, "'.' needs data with columns to expand to");
    return { kind: 'numeric', values: this.materialize(this.numeric(node, null)) };
  }

  /** A string column used as the response: a factor, unless it holds numbers with stray text. */
  private checkFactorResponse(column: RawColumn & { kind: 'string' }): void {
    const values = column.values;
    let numeric = false;
    for (let i = 0; i < values.length; i++) {
      const v = values[i];
      if (v != null && v !== 'NA' && !Number.isNaN(parseNumber(v))) {
        numeric = true;
        break;
      }
    }
    if (!numeric) return;
    for (let i = 0; i < values.length; i++) {
      const v = values[i];
      if (v != null && v !== 'NA' && Number.isNaN(parseNumber(v))) {
        throw new DataError(
          `${this.caller} requires numeric values in column '${column.name}' (the response); received '${v}' in data row ${i + 1}`,
          { column: column.name, row: i + 1 },
        );
      }
    }
  }

  private factor(node: FormulaNode & { type: 'call' }): Value & { kind: 'factor' } {
    const [x, ...rest] = node.args;
    if (x === undefined || (x.name !== null && x.name !== 'x')) {
      this.fail(node, `${node.name}() takes the variable as its first argument`);
    }
    const levelsArg = rest.find((a) => a.name === 'levels');
    const other = rest.find((a) => a.name !== 'levels');
    if (other !== undefined || (node.name === 'as.factor' && levelsArg !== undefined)) {
      const what = other === undefined ? 'levels' : (other.name ?? 'a second positional argument');
      this.fail(
        other?.value ?? node,
        `${node.name}() takes the variable and levels = c(...); received ${what}`,
      );
    }
    if (levelsArg === undefined) {
      return { ...this.asFactor(x!.value, true), logical: false, character: true };
    }
    // factor(x, levels = c(...)): R matches the values as text; other values become NA.
    const order = this.stringList(levelsArg.value, node);
    const labels = this.asLabels(x!.value);
    return { ...explicitFactor(this.caller, null, labels, order, false), character: true };
  }

  /** relevel(x, ref): the factor of x with `ref` as its first (reference) level, as R. */
  private relevel(node: FormulaNode & { type: 'call' }): Value & { kind: 'factor' } {
    const x = node.args.find((a, i) => a.name === 'x' || (a.name === null && i === 0));
    const ref = node.args.find((a, i) => a.name === 'ref' || (a.name === null && i === 1));
    if (x === undefined || ref === undefined || node.args.length !== 2) {
      this.fail(node, 'relevel() takes a factor and ref, as relevel(x, "level")');
    }
    const f = this.asFactor(x!.value, true);
    const [wanted] =
      ref!.value.type === 'number'
        ? [f.levels[ref!.value.value - 1] ?? String(ref!.value.value)]
        : this.stringList(ref!.value, node);
    const k = f.levels.indexOf(wanted!);
    if (k < 0) {
      this.fail(
        ref!.value,
        `relevel() requires ref to be a level of ${deparseNode(x!.value)} (${f.levels.join(', ')}); received '${wanted}'`,
      );
    }
    const levels = [f.levels[k]!, ...f.levels.filter((_, j) => j !== k)];
    const codes = new Int32Array(f.codes.length);
    for (let i = 0; i < codes.length; i++) {
      const c = f.codes[i]!;
      codes[i] = c < 0 ? -1 : c === k ? 0 : c < k ? c + 1 : c;
    }
    return { kind: 'factor', levels, codes, logical: false, character: true };
  }

  /**
   * poly(x, degree, raw = FALSE): R's orthogonal polynomials (three-term recurrence with the
   * centring alpha and squared norms of the fitted data, kept for new data as makepredictcall
   * does), or raw powers x, x^2, ... with raw = TRUE. Missing x is an error, as in R.
   */
  private poly(node: FormulaNode & { type: 'call' }): Value {
    const [x, degreeNode, rawNode] = this.positional(node, ['x', 'degree', 'raw']);
    if (x === undefined) return this.fail(node, 'poly() needs the argument x');
    const degree =
      degreeNode === undefined ? 1 : degreeNode.type === 'number' ? degreeNode.value : Number.NaN;
    if (!Number.isInteger(degree) || degree < 1) {
      return this.fail(degreeNode ?? node, 'poly() takes an integer degree of at least 1');
    }
    const raw =
      rawNode !== undefined && rawNode.type === 'name' && ['TRUE', 'T'].includes(rawNode.name);
    if (
      rawNode !== undefined &&
      !raw &&
      !(rawNode.type === 'name' && ['FALSE', 'F'].includes(rawNode.name))
    ) {
      return this.fail(rawNode, 'poly() takes raw = TRUE or raw = FALSE');
    }
    const values = this.materialize(this.numeric(x, node));
    const n = values.length;
    for (let i = 0; i < n; i++) {
      if (Number.isNaN(values[i]!)) {
        throw new DataError(
          `${this.caller}: poly() does not allow missing values (as R); ${deparseNode(x)} is missing in data row ${i + 1}`,
          { row: i + 1, ...(x.type === 'name' ? { column: x.name } : {}) },
        );
      }
    }
    const suffixes = Array.from({ length: degree }, (_, k) => String(k + 1));
    if (raw) {
      const columns = suffixes.map((_, k) => Float64Array.from(values, (v) => v ** (k + 1)));
      return { kind: 'matrix', columns, suffixes };
    }
    const key = deparseNode(node);
    let parameters = this.transforms[key];
    if (parameters === undefined) {
      const fitted = polyCoefficients(values, degree);
      if (fitted === null) {
        return this.fail(
          node,
          `poly() requires degree < the number of unique points of ${deparseNode(x)}`,
        );
      }
      parameters = fitted;
      this.transforms[key] = parameters;
    }
    return { kind: 'matrix', columns: polyColumns(values, degree, parameters), suffixes };
  }

  /** `"a"` or `c("a", "b", 3)`: the strings (numbers as R prints them). */
  private stringList(node: FormulaNode, call: FormulaNode): string[] {
    if (node.type === 'string') return [node.value];
    if (node.type === 'number') return [formatNumber(node.value)];
    if (node.type === 'call' && node.name === 'c') {
      return node.args.flatMap((a) => this.stringList(a.value, call));
    }
    return this.fail(
      node,
      `${deparseNode(call).split('(')[0]}() takes levels as quoted strings or c("a", "b"); received ${deparseNode(node)}`,
    );
  }

  /** A variable's values as text (R's as.character), for matching against given levels. */
  private asLabels(node: FormulaNode): (string | null)[] {
    if (node.type === 'name') {
      const column = this.column(node);
      if (column.kind === 'string') return Array.from(column.values, (v) => v ?? null);
      if (column.kind === 'boolean')
        return Array.from(column.values, (v) => (v < 0 ? null : v === 1 ? 'TRUE' : 'FALSE'));
    }
    if (isLogical(node)) {
      const v = this.materialize(this.numeric(node, null));
      return Array.from(v, (x) => (Number.isNaN(x) ? null : x === 1 ? 'TRUE' : 'FALSE'));
    }
    const v = this.materialize(this.numeric(node, null));
    return Array.from(v, (x) => (Number.isNaN(x) ? null : formatNumber(x)));
  }

  /** A comparison or logical expression as R's logical variable (levels FALSE, TRUE). */
  private logicalFactor(node: FormulaNode, bothLevels: boolean): Value & { kind: 'factor' } {
    const inner = node.type === 'call' && node.name === 'I' ? node.args[0]!.value : node;
    const v = this.materialize(this.numeric(inner, node));
    const codes = new Int8Array(v.length);
    for (let i = 0; i < v.length; i++) codes[i] = Number.isNaN(v[i]!) ? -1 : v[i]!;
    return booleanFactor(codes, bothLevels);
  }

  /** ifelse(test, "a", "b") with text branches: the text values (null where test is NA). */
  private stringIfelse(node: FormulaNode & { type: 'call' }): (string | null)[] | null {
    if (node.args.length !== 3) return null;
    const [, yes, no] = node.args.map((a) => a.value);
    if (yes!.type !== 'string' && no!.type !== 'string') return null;
    const test = this.materialize(this.numeric(node.args[0]!.value, node));
    const pick = (branch: FormulaNode): ((i: number) => string | null) => {
      if (branch.type === 'string') return () => branch.value;
      const labels = this.asLabels(branch);
      return (i) => labels[i]!;
    };
    const a = pick(yes!);
    const b = pick(no!);
    return Array.from(test, (t, i) => (Number.isNaN(t) ? null : t !== 0 ? a(i) : b(i)));
  }

  /** Evaluate `node` as a factor: strings and booleans by their values, numbers by sorted value. */
  asFactor(node: FormulaNode, fromFactorCall: boolean): Value & { kind: 'factor' } {
    if (node.type === 'name') {
      const column = this.column(node);
      if (column.kind === 'string') return this.stringColumnFactor(column);
      if (column.kind === 'boolean') return booleanFactor(column.values, !fromFactorCall);
      return numberFactor(column.values);
    }
    if (node.type === 'call' && (node.name === 'factor' || node.name === 'as.factor')) {
      return this.factor(node);
    }
    if (node.type === 'call' && node.name === 'relevel') return this.relevel(node);
    if (node.type === 'call' && node.name === 'ifelse') {
      const strings = this.stringIfelse(node);
      if (strings !== null) return stringFactor(strings);
    }
    if (isLogical(node)) return this.logicalFactor(node, !fromFactorCall);
    return numberFactor(this.materialize(this.numeric(node, null)));
  }

  private strata(node: FormulaNode & { type: 'call' }): Value {
    if (node.args.length === 0) this.fail(node, 'strata() needs at least one variable');
    const parts = node.args.map((a) => {
      if (a.name !== null) this.fail(a.value, `strata() does not take the argument '${a.name}'`);
      const f = this.asFactor(a.value, false);
      return {
        factor: f,
        name: a.value.type === 'name' ? a.value.name : deparseNode(a.value),
        character: f.character === true,
      };
    });
    const short = parts.every((p) => p.character);
    const n = this.n;
    // Combined code, first variable slowest (survival's strata()).
    const combined = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      let code = 0;
      for (const p of parts) {
        const c = p.factor.codes[i]!;
        if (c < 0) {
          code = Number.NaN;
          break;
        }
        code = code * p.factor.levels.length + c;
      }
      combined[i] = code;
    }
    const present = [...new Set(Array.from(combined).filter((c) => !Number.isNaN(c)))].sort(
      (a, b) => a - b,
    );
    const position = new Map(present.map((c, i) => [c, i]));
    const codes = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      const c = combined[i]!;
      codes[i] = Number.isNaN(c) ? -1 : position.get(c)!;
    }
    // Labels: "x=1, g=a" (names omitted when every part is a factor); later parts are padded to
    // a common width as R's format() pads them.
    const partLabels = parts.map((p, k) => {
      if (short) return p.factor.levels;
      const labels = p.factor.levels.map((l) => `${p.name}=${l}`);
      if (k === 0) return labels;
      const width = labels.reduce((w, l) => Math.max(w, l.length), 0);
      return labels.map((l) => l.padEnd(width));
    });
    const levels = present.map((code) => {
      const pieces: string[] = new Array(parts.length);
      for (let k = parts.length - 1; k >= 0; k--) {
        const size = parts[k]!.factor.levels.length;
        pieces[k] = partLabels[k]![code % size]!;
        code = Math.floor(code / size);
      }
      return pieces.join(', ');
    });
    return { kind: 'factor', levels, codes, logical: false };
  }

  private surv(node: FormulaNode & { type: 'call' }): Value {
    const args = node.args.map((a) => a.value);
    if (args.length !== 2 && args.length !== 3) {
      this.fail(
        node,
        `Surv() takes (time, event) or (start, stop, event); received ${args.length} arguments`,
      );
    }
    const eventNode = args[args.length - 1]!;
    const event = this.survEvent(eventNode, node);
    if (args.length === 2) {
      return {
        kind: 'surv',
        start: null,
        stop: this.materialize(this.numeric(args[0]!, node)),
        event,
      };
    }
    const start = this.materialize(this.numeric(args[0]!, node));
    const stop = this.materialize(this.numeric(args[1]!, node));
    for (let i = 0; i < this.n; i++) {
      if (start[i]! >= stop[i]!) {
        throw new DataError(
          `${this.caller}: Surv(start, stop, event) requires start < stop; received start ${formatNumber(start[i]!)} and stop ${formatNumber(stop[i]!)} in data row ${i + 1}`,
          { row: i + 1, ...(args[1]!.type === 'name' ? { column: args[1]!.name } : {}) },
        );
      }
    }
    return { kind: 'surv', start, stop, event };
  }

  /** Event indicator as R's Surv(): TRUE/FALSE, 0/1, or 1/2 when the largest value is 2. */
  private survEvent(node: FormulaNode, call: FormulaNode): Float64Array {
    const raw =
      node.type === 'name' && this.column(node).kind === 'boolean'
        ? Float64Array.from(this.column(node).values as Int8Array, (v) => (v < 0 ? Number.NaN : v))
        : this.materialize(this.numeric(node, call));
    let max = Number.NEGATIVE_INFINITY;
    for (let i = 0; i < raw.length; i++) if (raw[i]! > max) max = raw[i]!;
    const shift = max === 2 ? 1 : 0;
    const event = new Float64Array(raw.length);
    for (let i = 0; i < raw.length; i++) {
      const v = raw[i]! - shift;
      if (!Number.isNaN(v) && v !== 0 && v !== 1) {
        throw new DataError(
          `${this.caller}: Surv() requires event values 0/1, TRUE/FALSE or 1/2; received ${formatNumber(raw[i]!)} in data row ${i + 1}`,
          { row: i + 1, ...(node.type === 'name' ? { column: node.name } : {}) },
        );
      }
      event[i] = v;
    }
    return event;
  }

  /** A full-length numeric vector (constants repeated). */
  materialize(value: Numeric): ArrayLike<number> {
    if (typeof value !== 'number') return value;
    return new Float64Array(this.n).fill(value);
  }

  /** A column in numeric use: strings must parse as numbers, booleans are 0/1. */
  numericColumn(
    node: FormulaNode & { type: 'name' },
    context: FormulaNode | null,
  ): ArrayLike<number> {
    const column = this.column(node);
    if (column.kind === 'number') return column.values;
    const n = this.n;
    const out = new Float64Array(n);
    if (column.kind === 'boolean') {
      for (let i = 0; i < n; i++) out[i] = column.values[i]! < 0 ? Number.NaN : column.values[i]!;
      return out;
    }
    const values = column.values;
    for (let i = 0; i < n; i++) {
      const v = values[i];
      if (v == null || v === 'NA') {
        out[i] = Number.NaN;
        continue;
      }
      // A text column of TRUE/FALSE is R's logical (read.csv reads it so): 1/0 in arithmetic.
      const x = v === 'TRUE' ? 1 : v === 'FALSE' ? 0 : parseNumber(v);
      if (Number.isNaN(x) && v.trim() !== 'NaN') {
        const use = context === null ? '' : ` (used in ${deparseNode(context)})`;
        throw new DataError(
          `${this.caller} requires numeric values in column '${node.name}'${use}; received '${v}' in data row ${i + 1}`,
          { column: node.name, row: i + 1 },
        );
      }
      out[i] = x;
    }
    return out;
  }

  /** Evaluate an arithmetic expression (inside I(), log(), offset(), ...). */
  numeric(node: FormulaNode, context: FormulaNode | null): Numeric {
    switch (node.type) {
      case 'number':
        return node.value;
      case 'name':
        return this.numericColumn(node, context ?? node);
      case 'dot':
        return this.fail(node, "'.' cannot be used inside a function call");
      case 'string':
        return this.fail(
          node,
          `a quoted string is not a number; compare it with a column (x == ${deparseNode(node)}) or use it as a level`,
        );
      case 'paren':
        return this.numeric(node.expression, context);
      case 'unary': {
        const x = this.numeric(node.operand, context);
        if (node.operator === '!') return map1(x, (v) => (Number.isNaN(v) ? v : v === 0 ? 1 : 0));
        return node.operator === '+' ? x : map1(x, (v) => -v);
      }
      case 'binary': {
        const op = node.operator;
        if (op === '==' || op === '!=') {
          const text = this.textComparison(node.left, node.right, op === '==');
          if (text !== null) return text;
        }
        const logical = LOGICAL_OPERATORS[op];
        if (logical !== undefined) {
          return map2(this.numeric(node.left, context), this.numeric(node.right, context), logical);
        }
        if (op === ':' || op === '%in%') {
          return this.fail(
            node,
            `'${op}' is a formula operator; it has no arithmetic meaning here`,
          );
        }
        const a = this.numeric(node.left, context);
        const b = this.numeric(node.right, context);
        switch (op) {
          case '+':
            return map2(a, b, (x, y) => x + y);
          case '-':
            return map2(a, b, (x, y) => x - y);
          case '*':
            return map2(a, b, (x, y) => x * y);
          case '/':
            return map2(a, b, (x, y) => x / y);
          default:
            return map2(a, b, rPow);
        }
      }
      case 'call':
        return this.numericCall(node);
    }
  }

  /** `regime == "democracy"`: text comparison when either side is text; null otherwise. */
  private textComparison(left: FormulaNode, right: FormulaNode, equal: boolean): Numeric | null {
    const isText = (node: FormulaNode): boolean =>
      node.type === 'string' || (node.type === 'name' && this.column(node).kind === 'string');
    if (!isText(left) && !isText(right)) return null;
    const side = (node: FormulaNode): ((i: number) => string | null) => {
      if (node.type === 'string') return () => node.value;
      const labels = this.asLabels(node);
      return (i) => labels[i]!;
    };
    const a = side(left);
    const b = side(right);
    const out = new Float64Array(this.n);
    for (let i = 0; i < this.n; i++) {
      const x = a(i);
      const y = b(i);
      out[i] = x === null || y === null ? Number.NaN : (x === y) === equal ? 1 : 0;
    }
    return out;
  }

  /** Arguments of pmin/pmax/ifelse/scale, by position or R's names. */
  private positional(node: FormulaNode & { type: 'call' }, names: string[]): FormulaNode[] {
    const out: FormulaNode[] = [];
    node.args.forEach((a, i) => {
      const k = a.name === null ? i : names.indexOf(a.name);
      if (k < 0 || k >= names.length) {
        this.fail(a.value, `${node.name}() has no argument '${a.name ?? i + 1}'`);
      }
      out[k] = a.value;
    });
    return out;
  }

  /** scale(x): (x - mean) / sd over the non-missing values, as R (parameters kept for new data). */
  private scale(node: FormulaNode & { type: 'call' }): Numeric {
    const [x, center, scale] = this.positional(node, ['x', 'center', 'scale']);
    for (const flag of [center, scale]) {
      if (flag !== undefined && !(flag.type === 'name' && ['TRUE', 'T'].includes(flag.name))) {
        this.fail(flag, 'scale() supports only center = TRUE and scale = TRUE');
      }
    }
    if (x === undefined) return this.fail(node, 'scale() needs the argument x');
    const values = this.materialize(this.numeric(x, node));
    const key = deparseNode(node);
    let parameters = this.transforms[key];
    if (parameters === undefined) {
      let sum = 0;
      let count = 0;
      for (let i = 0; i < values.length; i++) {
        if (!Number.isNaN(values[i]!)) {
          sum += values[i]!;
          count++;
        }
      }
      const mean = sum / count;
      let ss = 0;
      for (let i = 0; i < values.length; i++)
        if (!Number.isNaN(values[i]!)) ss += (values[i]! - mean) ** 2;
      parameters = [mean, Math.sqrt(ss / (count - 1))];
      this.transforms[key] = parameters;
    }
    const [m, sd] = parameters as [number, number];
    return map1(values, (v) => (v - m) / sd);
  }

  private numericCall(node: FormulaNode & { type: 'call' }): Numeric {
    const { name, args } = node;
    if (name === 'pmin' || name === 'pmax') {
      if (args.length < 1) this.fail(node, `${name}() needs at least one argument`);
      const pick = name === 'pmin' ? Math.min : Math.max;
      let out = this.numeric(args[0]!.value, node);
      for (const a of args.slice(1)) {
        if (a.name !== null) this.fail(a.value, `${name}() supports no named arguments here`);
        out = map2(out, this.numeric(a.value, node), (x, y) =>
          Number.isNaN(x) || Number.isNaN(y) ? Number.NaN : pick(x, y),
        );
      }
      return out;
    }
    if (name === 'ifelse') {
      const [test, yes, no] = this.positional(node, ['test', 'yes', 'no']);
      if (test === undefined || yes === undefined || no === undefined) {
        return this.fail(node, 'ifelse() takes test, yes and no');
      }
      const t = this.materialize(this.numeric(test, node));
      const a = this.materialize(this.numeric(yes, node));
      const b = this.materialize(this.numeric(no, node));
      return Float64Array.from(t, (v, i) => (Number.isNaN(v) ? v : v !== 0 ? a[i]! : b[i]!));
    }
    if (name === 'scale') return this.scale(node);
    const arity = (min: number, max: number): void => {
      if (args.length < min || args.length > max) {
        const want = min === max ? `${min}` : `${min} or ${max}`;
        this.fail(
          node,
          `${name}() takes ${want} argument${max === 1 ? '' : 's'}; received ${args.length}`,
        );
      }
    };
    if (name === 'I' || name === 'offset') {
      arity(1, 1);
      return this.numeric(args[0]!.value, node);
    }
    if (name === 'log') {
      arity(1, 2);
      let x: FormulaNode | null = null;
      let base: FormulaNode | null = null;
      args.forEach((a, i) => {
        if (a.name === 'x' || (a.name === null && i === 0 && x === null)) x = a.value;
        else if (a.name === 'base' || a.name === null) base = a.value;
        else this.fail(a.value, `log() has no argument '${a.name}'`);
      });
      if (x === null) return this.fail(node, 'log() needs the argument x');
      const value = this.numeric(x, node);
      if (base === null) return map1(value, Math.log);
      const b = this.numeric(base, node);
      return map2(value, b, (v, w) => Math.log(v) / Math.log(w));
    }
    const f = MATH1[name];
    if (f !== undefined) {
      arity(1, 1);
      if (args[0]!.name !== null && args[0]!.name !== 'x') {
        this.fail(args[0]!.value, `${name}() has no argument '${args[0]!.name}'`);
      }
      return map1(this.numeric(args[0]!.value, node), f);
    }
    if (
      name === 'factor' ||
      name === 'as.factor' ||
      name === 'relevel' ||
      name === 'strata' ||
      name === 'cluster'
    ) {
      return this.fail(node, `${name}() gives a factor; it cannot be used in arithmetic`);
    }
    if (name === 'Surv' || name === 'cbind') {
      return this.fail(node, `${name}() is accepted only as the whole response`);
    }
    return this.fail(
      node,
      `expected a known function (${KNOWN_FUNCTIONS.join(', ')}); received ${name}()`,
    );
  }
}

const bool = (b: boolean): number => (b ? 1 : 0);

/** Comparisons and logical operators on numbers (1 TRUE, 0 FALSE, NaN NA), with R's NA rules. */
const LOGICAL_OPERATORS: Partial<Record<string, (x: number, y: number) => number>> = {
  '==': (x, y) => (Number.isNaN(x) || Number.isNaN(y) ? Number.NaN : bool(x === y)),
  '!=': (x, y) => (Number.isNaN(x) || Number.isNaN(y) ? Number.NaN : bool(x !== y)),
  '<': (x, y) => (Number.isNaN(x) || Number.isNaN(y) ? Number.NaN : bool(x < y)),
  '<=': (x, y) => (Number.isNaN(x) || Number.isNaN(y) ? Number.NaN : bool(x <= y)),
  '>': (x, y) => (Number.isNaN(x) || Number.isNaN(y) ? Number.NaN : bool(x > y)),
  '>=': (x, y) => (Number.isNaN(x) || Number.isNaN(y) ? Number.NaN : bool(x >= y)),
  // FALSE & NA is FALSE, TRUE | NA is TRUE (R's three-valued logic).
  '&': andNA,
  '&&': andNA,
  '|': orNA,
  '||': orNA,
};

function andNA(x: number, y: number): number {
  if (x === 0 || y === 0) return 0;
  return Number.isNaN(x) || Number.isNaN(y) ? Number.NaN : 1;
}

function orNA(x: number, y: number): number {
  if ((x !== 0 && !Number.isNaN(x)) || (y !== 0 && !Number.isNaN(y))) return 1;
  return Number.isNaN(x) || Number.isNaN(y) ? Number.NaN : 0;
}

/** True for an expression whose value is R's logical: a comparison, `!`, `&`, `|`, or I() of one. */
export function isLogical(node: FormulaNode): boolean {
  switch (node.type) {
    case 'paren':
      return isLogical(node.expression);
    case 'unary':
      return node.operator === '!';
    case 'binary':
      return LOGICAL_OPERATORS[node.operator] !== undefined;
    case 'call':
      return node.name === 'I' && node.args.length === 1 && isLogical(node.args[0]!.value);
    default:
      return false;
  }
}

/**
 * A factor with the given level order. Values outside it are NA (R's factor(x, levels)) unless
 * `strict`, where they are a DataError naming the column, row and value.
 */
function explicitFactor(
  caller: string,
  column: string | null,
  values: ArrayLike<string | null | undefined>,
  order: readonly string[],
  strict: boolean,
): Value & { kind: 'factor' } {
  const index = new Map(order.map((l, k) => [l, k]));
  const codes = new Int32Array(values.length);
  let complete = true;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    const k = v === null || v === undefined ? undefined : index.get(v);
    if (k === undefined && v !== null && v !== undefined && strict) {
      throw new DataError(
        `${caller} requires the values of column '${column}' to be among the levels given for it (${order.join(', ')}); received '${v}' in data row ${i + 1}`,
        { column: column ?? undefined, row: i + 1 },
      );
    }
    codes[i] = k ?? -1;
    if (k === undefined) complete = false;
  }
  return { kind: 'factor', levels: [...order], codes, logical: false, character: true, complete };
}

/**
 * R's poly() coefficients: alpha (degree values) then norm2 (degree + 2 values, starting 1, n),
 * by the Stieltjes recurrence, which reproduces the QR construction R uses; null when the degree
 * is not below the number of unique points.
 */
function polyCoefficients(x: ArrayLike<number>, degree: number): number[] | null {
  const n = x.length;
  if (new Set(Array.from(x)).size <= degree) return null;
  const alpha: number[] = [];
  const norm2: number[] = [1, n];
  let previous = new Float64Array(n);
  let current = new Float64Array(n).fill(1);
  for (let i = 0; i < degree; i++) {
    let sx = 0;
    for (let r = 0; r < n; r++) sx += x[r]! * current[r]! * current[r]!;
    const a = sx / norm2[i + 1]!;
    alpha.push(a);
    const next = new Float64Array(n);
    const ratio = i === 0 ? 0 : norm2[i + 1]! / norm2[i]!;
    for (let r = 0; r < n; r++) next[r] = (x[r]! - a) * current[r]! - ratio * previous[r]!;
    let ss = 0;
    for (let r = 0; r < n; r++) ss += next[r]! * next[r]!;
    norm2.push(ss);
    previous = current;
    current = next;
  }
  return [...alpha, ...norm2];
}

/** R's predict for poly(): the recurrence with stored alpha and norm2, scaled to unit norm. */
function polyColumns(x: ArrayLike<number>, degree: number, parameters: number[]): Float64Array[] {
  const alpha = parameters.slice(0, degree);
  const norm2 = parameters.slice(degree);
  const n = x.length;
  const z: Float64Array[] = [new Float64Array(n).fill(1)];
  z.push(Float64Array.from({ length: n }, (_, r) => x[r]! - alpha[0]!));
  for (let i = 1; i < degree; i++) {
    const ratio = norm2[i + 1]! / norm2[i]!;
    z.push(
      Float64Array.from(
        { length: n },
        (_, r) => (x[r]! - alpha[i]!) * z[i]![r]! - ratio * z[i - 1]![r]!,
      ),
    );
  }
  return z.slice(1).map((column, k) => {
    const scale = Math.sqrt(norm2[k + 2]!);
    return column.map((v) => v / scale);
  });
}

/** R's `^`: 1^y and x^0 are 1 even for NaN. */
function rPow(x: number, y: number): number {
  if (x === 1 || y === 0) return 1;
  return x ** y;
}

function map1(a: Numeric, f: (x: number) => number): Numeric {
  if (typeof a === 'number') return f(a);
  const n = a.length;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = f(a[i]!);
  return out;
}

function map2(a: Numeric, b: Numeric, f: (x: number, y: number) => number): Numeric {
  if (typeof a === 'number' && typeof b === 'number') return f(a, b);
  if (typeof a === 'number') {
    const bb = b as ArrayLike<number>;
    const out = new Float64Array(bb.length);
    for (let i = 0; i < bb.length; i++) out[i] = f(a, bb[i]!);
    return out;
  }
  if (typeof b === 'number') {
    const out = new Float64Array(a.length);
    for (let i = 0; i < a.length; i++) out[i] = f(a[i]!, b);
    return out;
  }
  const out = new Float64Array(a.length);
  for (let i = 0; i < a.length; i++) out[i] = f(a[i]!, b[i]!);
  return out;
}

/** Factor of a string column, using readCsv's checked coding when there is one. */
export function columnFactor(column: RawColumn & { kind: 'string' }): Value & { kind: 'factor' } {
  const coding = column.coding;
  if (coding === undefined) return stringFactor(column.values);
  return {
    kind: 'factor',
    levels: [...coding.levels],
    codes: coding.codes,
    logical: false,
    character: true,
    complete: coding.missing === 0,
  };
}

/** Factor of a string column: levels are the distinct values in code-point order. */
export function stringFactor(
  values: ArrayLike<string | null | undefined>,
): Value & { kind: 'factor' } {
  const first = new Map<string, number>();
  const seen: string[] = [];
  const raw = new Int32Array(values.length);
  const missing = encodeStrings(values, first, seen, raw);
  const levels = [...seen].sort(compareCodePoints);
  const remap = new Int32Array(seen.length);
  let identity = true;
  for (let k = 0; k < levels.length; k++) {
    remap[first.get(levels[k]!)!] = k;
    if (first.get(levels[k]!) !== k) identity = false;
  }
  if (!identity) recode(raw, remap);
  return {
    kind: 'factor',
    levels,
    codes: raw,
    logical: false,
    character: true,
    complete: missing === 0,
  };
}

/** Codes in order of first appearance; returns the number of missing values. */
function encodeStrings(
  values: ArrayLike<string | null | undefined>,
  first: Map<string, number>,
  seen: string[],
  out: Int32Array,
): number {
  const n = values.length;
  let missing = 0;
  let last: string | null = null;
  let lastCode = -1;
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (v === null || v === undefined) {
      out[i] = -1;
      missing++;
      continue;
    }
    if (v === last) {
      out[i] = lastCode;
      continue;
    }
    let code = first.get(v);
    if (code === undefined) {
      code = seen.length;
      first.set(v, code);
      seen.push(v);
    }
    out[i] = code;
    last = v;
    lastCode = code;
  }
  return missing;
}

function recode(codes: Int32Array, remap: Int32Array): void {
  const n = codes.length;
  for (let i = 0; i < n; i++) {
    const c = codes[i]!;
    if (c >= 0) codes[i] = remap[c]!;
  }
}

/** Factor of a boolean column: R's logical variables have levels FALSE and TRUE. */
export function booleanFactor(values: Int8Array, bothLevels: boolean): Value & { kind: 'factor' } {
  const n = values.length;
  const codes = new Int32Array(n);
  let hasFalse = false;
  let hasTrue = false;
  for (let i = 0; i < n; i++) {
    codes[i] = values[i]!;
    if (values[i] === 0) hasFalse = true;
    else if (values[i] === 1) hasTrue = true;
  }
  if (bothLevels || (hasFalse && hasTrue)) {
    return { kind: 'factor', levels: ['FALSE', 'TRUE'], codes, logical: bothLevels };
  }
  // factor() of a logical keeps only the values present.
  if (hasTrue) for (let i = 0; i < n; i++) if (codes[i] === 1) codes[i] = 0;
  return {
    kind: 'factor',
    levels: hasTrue ? ['TRUE'] : hasFalse ? ['FALSE'] : [],
    codes,
    logical: false,
  };
}

/** factor() of numbers: levels are the sorted distinct values, labelled as R prints them. */
export function numberFactor(values: ArrayLike<number>): Value & { kind: 'factor' } {
  const n = values.length;
  const distinct = new Set<number>();
  for (let i = 0; i < n; i++) {
    const v = values[i]!;
    if (!Number.isNaN(v)) distinct.add(v === 0 ? 0 : v);
  }
  const sorted = [...distinct].sort((a, b) => a - b);
  // Values that print alike share a level, as factor() matches on as.character().
  const levels: string[] = [];
  const codeOf = new Map<number, number>();
  for (const v of sorted) {
    const label = formatNumber(v);
    if (levels[levels.length - 1] !== label) levels.push(label);
    codeOf.set(v, levels.length - 1);
  }
  const codes = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const v = values[i]!;
    codes[i] = Number.isNaN(v) ? -1 : codeOf.get(v === 0 ? 0 : v)!;
  }
  return { kind: 'factor', levels, codes, logical: false };
}
