import type { Formula, FormulaNode } from '../types.ts';
import { formatNumber } from './format-number.ts';

const RESERVED = new Set([
  'if',
  'else',
  'repeat',
  'while',
  'function',
  'for',
  'next',
  'break',
  'in',
  'TRUE',
  'FALSE',
  'NULL',
  'Inf',
  'NaN',
  'NA',
  'NA_integer_',
  'NA_real_',
  'NA_character_',
  'NA_complex_',
  'T',
  'F',
]);
// T and F are ordinary names in R; they are printed bare.
RESERVED.delete('T');
RESERVED.delete('F');

const SYNTACTIC = /^(?:[A-Za-z\u00C0-\uFFFF]|\.(?![0-9]))[A-Za-z0-9._\u00C0-\uFFFF]*$/;

/** True when `name` can be written without backticks (R's `make.names` validity, no reserved word). */
export function isSyntacticName(name: string): boolean {
  return SYNTACTIC.test(name) && !RESERVED.has(name) && !/^\.\.(\.|[0-9]+)$/.test(name);
}

/** A name as R's `deparse` prints it: backticked when not syntactic. */
export function deparseName(name: string): string {
  return isSyntacticName(name) ? name : `\`${name}\``;
}

/** Print a node as R's `deparse` does (spaces around `+ - * %in%`, none around `/ ^ :`). */
export function deparseNode(node: FormulaNode): string {
  switch (node.type) {
    case 'name':
      // TRUE, FALSE, NA and NULL are constants in R's grammar, printed bare (poly(x, raw = TRUE)).
      return ['TRUE', 'FALSE', 'NA', 'NULL'].includes(node.name)
        ? node.name
        : deparseName(node.name);
    case 'number':
      return formatNumber(node.value);
    case 'dot':
      return '.';
    case 'string':
      return JSON.stringify(node.value);
    case 'paren':
      return `(${deparseNode(node.expression)})`;
    case 'unary':
      return `${node.operator}${deparseNode(node.operand)}`;
    case 'binary': {
      // Walk the left spine in a loop: a + b + c + ... with thousands of terms nests that deep.
      const spine: (typeof node)[] = [];
      let current: FormulaNode = node;
      while (current.type === 'binary') {
        spine.push(current);
        current = current.left;
      }
      let text = deparseNode(current);
      for (let k = spine.length - 1; k >= 0; k--) {
        const { operator, right } = spine[k];
        // R's deparse spaces `+ - * %in%` but not `/ ^ :`.
        const spaced = operator !== '^' && operator !== ':' && operator !== '/';
        text = spaced
          ? `${text} ${operator} ${deparseNode(right)}`
          : `${text}${operator}${deparseNode(right)}`;
      }
      return text;
    }
    case 'call': {
      const args = node.args.map((a) =>
        a.name === null ? deparseNode(a.value) : `${deparseName(a.name)} = ${deparseNode(a.value)}`,
      );
      return `${deparseName(node.name)}(${args.join(', ')})`;
    }
  }
}

/** Print a whole formula as R's `deparse` does: `y ~ a + b`, `~x`. */
export function deparseFormula(formula: Formula): string {
  const rhs = deparseNode(formula.rhs);
  return formula.lhs === null ? `~${rhs}` : `${deparseNode(formula.lhs)} ~ ${rhs}`;
}
