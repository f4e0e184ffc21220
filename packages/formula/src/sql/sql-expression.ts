/**
 * Formula variables as portable SQL: arithmetic (`+ - * / ^`), `I()`, `log()` (natural or with a
 * base), `log2`, `log10`, `exp`, `sqrt`, `abs`, and logical expressions (comparisons, `!`, `&`,
 * `|`) for variables R treats as logical factors. Anything else (`scale()`, `poly()`,
 * `ifelse()`, ...) is refused with a FormulaError naming the term, so a fit on a SQL source never
 * codes a variable differently from the in-memory fit.
 *
 * Missing values follow the in-memory frame: a row is dropped where a column is NULL (or an empty
 * string) and where a transformation gives NaN (the square root or logarithm of a negative
 * number): those conditions come back as `guards` that the row filter requires. Non-finite values
 * (a logarithm of 0, a division by 0) would make the in-memory fit refuse the data; they come
 * back as `nonFinite` conditions that the fit counts and refuses the same way.
 */
import { FormulaError } from '@muster/core';
import type { FormulaNode } from '../types.ts';
import { doubleColumn, sqlNumber, sqlQuoteIdentifier, sqlStringLiteral } from './sql-text.ts';

/** What a column holds, as read from its first non-missing value. */
export type ColumnKind = 'numeric' | 'text' | 'boolean';

/** A translated expression and the conditions its rows must meet. */
export interface SqlExpression {
  sql: string;
  /** Conditions for a value that is not missing (ANDed into the row filter). */
  guards: string[];
  /** Conditions under which the value is infinite (counted, and refused when present). */
  nonFinite: string[];
}

/** Translation context: the formula (for error positions), the columns' kinds and the caller. */
export interface ExpressionContext {
  formula: string;
  kinds: ReadonlyMap<string, ColumnKind>;
  caller: string;
  /** The term the expression belongs to, for messages. */
  term: string;
}

const MATH: Record<string, string> = { exp: 'EXP', abs: 'ABS' };

function refuse(context: ExpressionContext, node: FormulaNode, what: string): never {
  throw new FormulaError(
    context.formula,
    node.position,
    `${context.caller} on a SQL source cannot translate ${what} in '${context.term}' to SQL; compute it as a column (a view or a query as the source) or fit in memory`,
  );
}

function unwrapParen(node: FormulaNode): FormulaNode {
  return node.type === 'paren' ? unwrapParen(node.expression) : node;
}

/** Whether R evaluates `node` to a logical (a comparison, `!`, `&`, `|`, or I() of one). */
export function isLogicalNode(node: FormulaNode): boolean {
  const inner = unwrapParen(node);
  if (inner.type === 'unary') return inner.operator === '!';
  if (inner.type === 'binary') {
    return ['==', '!=', '<', '<=', '>', '>=', '&', '&&', '|', '||'].includes(inner.operator);
  }
  if (inner.type === 'call') {
    return inner.name === 'I' && inner.args.length === 1 && isLogicalNode(inner.args[0].value);
  }
  return false;
}

function merge(parts: SqlExpression[], sql: string): SqlExpression {
  return {
    sql,
    guards: parts.flatMap((p) => p.guards),
    nonFinite: parts.flatMap((p) => p.nonFinite),
  };
}

function columnOf(context: ExpressionContext, node: FormulaNode & { type: 'name' }): ColumnKind {
  const kind = context.kinds.get(node.name);
  if (kind === undefined) refuse(context, node, `the unknown column '${node.name}'`);
  return kind;
}

/** A numeric expression as DOUBLE SQL. */
export function numericSql(node: FormulaNode, context: ExpressionContext): SqlExpression {
  switch (node.type) {
    case 'number':
      return { sql: sqlNumber(node.value), guards: [], nonFinite: [] };
    case 'name': {
      const kind = columnOf(context, node);
      if (kind === 'boolean') {
        return {
          sql: `(CASE WHEN ${sqlQuoteIdentifier(node.name)} THEN 1e+0 ELSE 0e+0 END)`,
          guards: [],
          nonFinite: [],
        };
      }
      if (kind === 'text') refuse(context, node, `the text column '${node.name}' in arithmetic`);
      return { sql: doubleColumn(node.name), guards: [], nonFinite: [] };
    }
    case 'paren': {
      const inner = numericSql(node.expression, context);
      return { ...inner, sql: `(${inner.sql})` };
    }
    case 'unary': {
      if (node.operator === '!') {
        const p = logicalSql(node, context);
        return merge([p], `(CASE WHEN ${p.sql} THEN 1e+0 ELSE 0e+0 END)`);
      }
      const x = numericSql(node.operand, context);
      return node.operator === '-' ? merge([x], `(-${x.sql})`) : x;
    }
    case 'binary':
      return binarySql(node, context);
    case 'call':
      return callSql(node, context);
    default:
      return refuse(context, node, `'${node.type}'`);
  }
}

function binarySql(
  node: FormulaNode & { type: 'binary' },
  context: ExpressionContext,
): SqlExpression {
  if (isLogicalNode(node)) {
    const p = logicalSql(node, context);
    return merge([p], `(CASE WHEN ${p.sql} THEN 1e+0 ELSE 0e+0 END)`);
  }
  const a = numericSql(node.left, context);
  const b = numericSql(node.right, context);
  switch (node.operator) {
    case '+':
    case '-':
    case '*':
      return merge([a, b], `(${a.sql} ${node.operator} ${b.sql})`);
    case '/': {
      const out = merge([a, b], `(${a.sql} / NULLIF(${b.sql}, 0e+0))`);
      out.nonFinite.push(`${b.sql} = 0e+0`);
      return out;
    }
    case '^':
      return merge([a, b], `POWER(${a.sql}, ${b.sql})`);
    default:
      return refuse(context, node, `the operator '${node.operator}'`);
  }
}

function logOf(x: SqlExpression): SqlExpression {
  // R: log of a negative number is NaN (the row is dropped), log(0) is -Inf (refused).
  const out = merge([x], `LN(CASE WHEN ${x.sql} > 0e+0 THEN ${x.sql} END)`);
  out.guards.push(`${x.sql} >= 0e+0`);
  out.nonFinite.push(`${x.sql} = 0e+0`);
  return out;
}

function callSql(node: FormulaNode & { type: 'call' }, context: ExpressionContext): SqlExpression {
  const positional = node.args.filter((a) => a.name === null);
  const first = node.args[0]?.value;
  if (node.name === 'I' && node.args.length === 1 && first !== undefined) {
    return numericSql(first, context);
  }
  if (node.name === 'log' && first !== undefined && node.args.length <= 2) {
    const x = logOf(numericSql(first, context));
    const baseArg = node.args.find((a, i) => a.name === 'base' || (a.name === null && i === 1));
    if (baseArg === undefined) return x;
    const base = numericSql(baseArg.value, context);
    return merge([x, base], `(${x.sql} / LN(${base.sql}))`);
  }
  if ((node.name === 'log2' || node.name === 'log10') && positional.length === 1 && first) {
    const x = logOf(numericSql(first, context));
    return { ...x, sql: `(${x.sql} / LN(${node.name === 'log2' ? '2e+0' : '1e+1'}))` };
  }
  if (node.name === 'sqrt' && node.args.length === 1 && first !== undefined) {
    const x = numericSql(first, context);
    const out = merge([x], `SQRT(CASE WHEN ${x.sql} >= 0e+0 THEN ${x.sql} END)`);
    out.guards.push(`${x.sql} >= 0e+0`);
    return out;
  }
  const fn = MATH[node.name];
  if (fn !== undefined && node.args.length === 1 && first !== undefined) {
    const x = numericSql(first, context);
    return merge([x], `${fn}(${x.sql})`);
  }
  return refuse(context, node, `${node.name}()`);
}

function comparable(
  node: FormulaNode,
  context: ExpressionContext,
): SqlExpression & { text: boolean } {
  const inner = unwrapParen(node);
  if (inner.type === 'string')
    return { sql: sqlStringLiteral(inner.value), guards: [], nonFinite: [], text: true };
  if (inner.type === 'name' && context.kinds.get(inner.name) === 'text') {
    return { sql: sqlQuoteIdentifier(inner.name), guards: [], nonFinite: [], text: true };
  }
  return { ...numericSql(node, context), text: false };
}

/** A logical expression as a SQL boolean. */
export function logicalSql(node: FormulaNode, context: ExpressionContext): SqlExpression {
  const inner = unwrapParen(node);
  if (inner.type === 'call' && inner.name === 'I' && inner.args.length === 1) {
    return logicalSql(inner.args[0].value, context);
  }
  if (inner.type === 'unary' && inner.operator === '!') {
    const x = logicalSql(inner.operand, context);
    return merge([x], `(NOT ${x.sql})`);
  }
  if (inner.type === 'name' && context.kinds.get(inner.name) === 'boolean') {
    return { sql: sqlQuoteIdentifier(inner.name), guards: [], nonFinite: [] };
  }
  if (inner.type === 'binary') {
    const op = inner.operator;
    if (op === '&' || op === '&&' || op === '|' || op === '||') {
      const a = logicalSql(inner.left, context);
      const b = logicalSql(inner.right, context);
      return merge([a, b], `(${a.sql} ${op.startsWith('&') ? 'AND' : 'OR'} ${b.sql})`);
    }
    const sqlOp = { '==': '=', '!=': '<>', '<': '<', '<=': '<=', '>': '>', '>=': '>=' }[
      op as string
    ];
    if (sqlOp !== undefined) {
      const a = comparable(inner.left, context);
      const b = comparable(inner.right, context);
      if (a.text !== b.text && sqlOp !== '=' && sqlOp !== '<>') {
        refuse(context, inner, `an ordering comparison of text with a number`);
      }
      return merge([a, b], `(${a.sql} ${sqlOp} ${b.sql})`);
    }
  }
  if (inner.type === 'name' || inner.type === 'number' || inner.type === 'call') {
    // A number used as a condition: R's logical coercion, nonzero is TRUE.
    const x = numericSql(inner, context);
    return merge([x], `(${x.sql} <> 0e+0)`);
  }
  return refuse(context, inner, 'this expression as a condition');
}

/** R-like text of a node, for messages (`log(troops)`, `x:g`, `I(z^2)`). */
export function nodeText(node: FormulaNode): string {
  switch (node.type) {
    case 'name':
      return node.name;
    case 'number':
      return String(node.value);
    case 'string':
      return JSON.stringify(node.value);
    case 'dot':
      return '.';
    case 'paren':
      return `(${nodeText(node.expression)})`;
    case 'unary':
      return `${node.operator}${nodeText(node.operand)}`;
    case 'binary': {
      const tight = node.operator === '^' || node.operator === ':';
      const sep = tight ? node.operator : ` ${node.operator} `;
      return `${nodeText(node.left)}${sep}${nodeText(node.right)}`;
    }
    case 'call':
      return `${node.name}(${node.args
        .map((a) => (a.name === null ? nodeText(a.value) : `${a.name} = ${nodeText(a.value)}`))
        .join(', ')})`;
  }
}

/** Every column a formula node reads (names that are not function names). */
export function columnsOf(node: FormulaNode, out: Set<string> = new Set()): Set<string> {
  switch (node.type) {
    case 'name':
      out.add(node.name);
      break;
    case 'paren':
      columnsOf(node.expression, out);
      break;
    case 'unary':
      columnsOf(node.operand, out);
      break;
    case 'binary':
      columnsOf(node.left, out);
      columnsOf(node.right, out);
      break;
    case 'call':
      for (const a of node.args) columnsOf(a.value, out);
      break;
    default:
      break;
  }
  return out;
}
