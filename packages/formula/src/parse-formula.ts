import { FormulaError } from '@muster/core';
import type { BinaryOperator, Formula, FormulaArgument, FormulaNode } from './types.ts';

type TokenKind = 'name' | 'number' | 'string' | 'dot' | 'op' | '(' | ')' | ',' | '=' | '~' | 'end';

interface Token {
  kind: TokenKind;
  /** Source text of the token (for names: the name without backticks). */
  text: string;
  position: number;
  value?: number;
}

const MAX_DEPTH = 256;
const NAME_START = /[A-Za-z\u00C0-\uFFFF]/;
const NAME_PART = /[A-Za-z0-9._\u00C0-\uFFFF]/;
const NUMBER = /^(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?/;

function describe(token: Token): string {
  if (token.kind === 'end') return 'the end of the formula';
  if (token.kind === 'name') return `'${token.text}'`;
  return `'${token.text}'`;
}

function tokenize(source: string): Token[] {
  const fail = (position: number, expected: string, found?: string): never => {
    const tail = found === undefined ? '' : `; found ${found}`;
    throw new FormulaError(
      source,
      position,
      `parseFormula: ${expected} at position ${position}${tail} in '${source}'`,
    );
  };
  const tokens: Token[] = [];
  let i = 0;
  while (i < source.length) {
    const c = source[i]!;
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      i++;
      continue;
    }
    const start = i;
    if (c === '"' || c === "'") {
      let j = i + 1;
      let text = '';
      while (j < source.length && source[j] !== c) {
        if (source[j] === '\\' && j + 1 < source.length) j++;
        text += source[j];
        j++;
      }
      if (j >= source.length) fail(start, `expected a closing ${c} for the string that starts`);
      tokens.push({ kind: 'string', text, position: start });
      i = j + 1;
      continue;
    }
    if (c === '`') {
      const end = source.indexOf('`', i + 1);
      if (end < 0) fail(start, 'expected a closing backtick for the name that starts');
      const name = source.slice(i + 1, end);
      if (name.length === 0) fail(start, 'expected a name between the backticks');
      tokens.push({ kind: 'name', text: name, position: start });
      i = end + 1;
      continue;
    }
    const numberMatch = /[0-9.]/.test(c) ? NUMBER.exec(source.slice(i, i + 400)) : null;
    if (numberMatch !== null) {
      const text = numberMatch[0];
      i += text.length;
      if (i < source.length && (NAME_PART.test(source[i]!) || source[i] === '`')) {
        fail(i, `expected an operator after the number ${text}`, `'${source[i]}'`);
      }
      tokens.push({ kind: 'number', text, position: start, value: Number(text) });
      continue;
    }
    if (NAME_START.test(c) || c === '.') {
      let j = i + 1;
      while (j < source.length && NAME_PART.test(source[j]!)) j++;
      const text = source.slice(i, j);
      i = j;
      if (text === '.') tokens.push({ kind: 'dot', text, position: start });
      else if (text === 'Inf')
        tokens.push({ kind: 'number', text, position: start, value: Number.POSITIVE_INFINITY });
      else if (text === 'NaN')
        tokens.push({ kind: 'number', text, position: start, value: Number.NaN });
      else tokens.push({ kind: 'name', text, position: start });
      continue;
    }
    if (c === '%') {
      const end = source.indexOf('%', i + 1);
      if (end < 0) fail(start, "expected a closing '%' for the operator that starts");
      const text = source.slice(i, end + 1);
      if (text !== '%in%') fail(start, 'expected an operator of model formulas', `'${text}'`);
      tokens.push({ kind: 'op', text, position: start });
      i = end + 1;
      continue;
    }
    if (c === '*' && source[i + 1] === '*') {
      tokens.push({ kind: 'op', text: '^', position: start });
      i += 2;
      continue;
    }
    const two = source.slice(i, i + 2);
    if (['==', '!=', '<=', '>=', '&&', '||'].includes(two)) {
      tokens.push({ kind: 'op', text: two, position: start });
      i += 2;
      continue;
    }
    if ('+-*/:^<>&|!'.includes(c)) {
      tokens.push({ kind: 'op', text: c, position: start });
      i++;
      continue;
    }
    if (c === '(' || c === ')' || c === ',' || c === '~') {
      tokens.push({ kind: c, text: c, position: start });
      i++;
      continue;
    }
    if (c === '=' && source[i + 1] !== '=') {
      tokens.push({ kind: '=', text: c, position: start });
      i++;
      continue;
    }
    fail(start, 'expected a name, number or operator', `'${c}'`);
  }
  tokens.push({ kind: 'end', text: '', position: source.length });
  return tokens;
}

class Parser {
  private index = 0;
  private depth = 0;
  constructor(
    private readonly source: string,
    private readonly tokens: Token[],
  ) {}

  private peek(): Token {
    return this.tokens[this.index]!;
  }

  private fail(position: number, expected: string, found?: Token | string): never {
    const what =
      found === undefined ? '' : `; found ${typeof found === 'string' ? found : describe(found)}`;
    throw new FormulaError(
      this.source,
      position,
      `parseFormula: ${expected} at position ${position}${what} in '${this.source}'`,
    );
  }

  private enter(): void {
    if (++this.depth > MAX_DEPTH) {
      this.fail(this.peek().position, `expected at most ${MAX_DEPTH} nested operators or calls`);
    }
  }

  private isOp(text: string): boolean {
    return this.peek().kind === 'op' && this.peek().text === text;
  }

  parseFormula(): Formula {
    let lhs: FormulaNode | null = null;
    if (this.peek().kind !== '~') {
      if (this.peek().kind === 'end') this.fail(0, "expected a formula such as 'y ~ x'");
      lhs = this.parseExpression(null);
      if (this.peek().kind !== '~') {
        this.fail(this.peek().position, "expected '~' or an operator", this.peek());
      }
    }
    const tilde = this.peek();
    this.index++;
    const rhs = this.parseExpression(tilde);
    if (this.peek().kind !== 'end') {
      const found = this.peek();
      const what = found.kind === '~' ? "a second '~'" : describe(found);
      this.fail(found.position, 'expected an operator or the end of the formula', what);
    }
    return { type: 'formula', source: this.source, lhs, rhs };
  }

  // Precedence, loosest first (R's ?Syntax): | ||, then & &&, then unary !, then comparisons,
  // then binary + -, then * /, then %in%, then :, then unary + -, then ^ (right associative).
  // Comparisons and logical operators make one variable (`I(x > 1)`, `y ~ (x > 1)`).
  private parseExpression(after: Token | null): FormulaNode {
    return this.parseLeft(after, '|', '||', this.parseAnd);
  }

  private parseAnd(after: Token | null): FormulaNode {
    return this.parseLeft(after, '&', '&&', this.parseNot);
  }

  private parseNot(after: Token | null): FormulaNode {
    if (!this.isOp('!')) return this.parseComparison(after);
    const op = this.peek();
    this.index++;
    this.enter();
    const operand = this.parseNot(op);
    this.depth--;
    return { type: 'unary', operator: '!', operand, position: op.position };
  }

  private parseComparison(after: Token | null): FormulaNode {
    const left = this.parseSum(after);
    const op = this.peek();
    if (op.kind !== 'op' || !['==', '!=', '<', '<=', '>', '>='].includes(op.text)) return left;
    this.index++;
    const right = this.parseSum(op);
    const next = this.peek();
    if (next.kind === 'op' && ['==', '!=', '<', '<=', '>', '>='].includes(next.text)) {
      this.fail(next.position, 'expected parentheses around a chained comparison', next);
    }
    return {
      type: 'binary',
      operator: op.text as BinaryOperator,
      left,
      right,
      position: op.position,
    };
  }

  private parseSum(after: Token | null): FormulaNode {
    return this.parseLeft(after, '+', '-', this.parseProduct);
  }

  private parseProduct(after: Token | null): FormulaNode {
    return this.parseLeft(after, '*', '/', this.parseIn);
  }

  private parseIn(after: Token | null): FormulaNode {
    return this.parseLeft(after, '%in%', '%in%', this.parseColon);
  }

  private parseColon(after: Token | null): FormulaNode {
    return this.parseLeft(after, ':', ':', this.parseUnary);
  }

  /** One left-associative level: operands from `next`, joined by operator `op1` or `op2`. */
  private parseLeft(
    after: Token | null,
    op1: BinaryOperator,
    op2: BinaryOperator,
    next: (this: Parser, after: Token | null) => FormulaNode,
  ): FormulaNode {
    let left = next.call(this, after);
    while (this.isOp(op1) || this.isOp(op2)) {
      const op = this.peek();
      this.index++;
      const right = next.call(this, op);
      left = {
        type: 'binary',
        operator: op.text as BinaryOperator,
        left,
        right,
        position: op.position,
      };
    }
    return left;
  }

  private parseUnary(after: Token | null): FormulaNode {
    if (this.isOp('-') || this.isOp('+')) {
      const op = this.peek();
      this.index++;
      this.enter();
      const operand = this.parseUnary(op);
      this.depth--;
      return {
        type: 'unary',
        operator: op.text as '+' | '-',
        operand,
        position: op.position,
      };
    }
    return this.parsePower(after);
  }

  private parsePower(after: Token | null): FormulaNode {
    const base = this.parsePrimary(after);
    if (!this.isOp('^')) return base;
    const op = this.peek();
    this.index++;
    this.enter();
    const exponent = this.parseUnary(op);
    this.depth--;
    return { type: 'binary', operator: '^', left: base, right: exponent, position: op.position };
  }

  private parsePrimary(after: Token | null): FormulaNode {
    const token = this.peek();
    switch (token.kind) {
      case 'number':
        this.index++;
        return { type: 'number', value: token.value!, position: token.position };
      case 'dot':
        this.index++;
        return { type: 'dot', position: token.position };
      case 'string':
        this.index++;
        return { type: 'string', value: token.text, position: token.position };
      case 'name':
        this.index++;
        if (this.peek().kind === '(') return this.parseCall(token);
        return { type: 'name', name: token.text, position: token.position };
      case '(': {
        this.index++;
        this.enter();
        const expression = this.parseExpression(token);
        this.depth--;
        if (this.peek().kind !== ')') {
          this.fail(
            this.peek().position,
            `expected ')' to close the '(' at position ${token.position}`,
            this.peek(),
          );
        }
        this.index++;
        return { type: 'paren', expression, position: token.position };
      }
      default: {
        const where = after === null ? 'at the start' : `after '${after.text}'`;
        this.fail(token.position, `expected a term ${where}`, token);
      }
    }
  }

  private parseCall(nameToken: Token): FormulaNode {
    const open = this.peek();
    this.index++;
    this.enter();
    const args: FormulaArgument[] = [];
    if (this.peek().kind !== ')') {
      for (;;) {
        let name: string | null = null;
        const next = this.tokens[this.index + 1];
        if (this.peek().kind === 'name' && next !== undefined && next.kind === '=') {
          name = this.peek().text;
          this.index += 2;
        }
        const value = this.parseExpression(name === null ? open : this.tokens[this.index - 1]!);
        args.push({ name, value });
        if (this.peek().kind === ',') {
          this.index++;
          continue;
        }
        if (this.peek().kind === ')') break;
        this.fail(
          this.peek().position,
          `expected ',' or ')' in the call to ${nameToken.text}()`,
          this.peek(),
        );
      }
    }
    this.index++;
    this.depth--;
    return { type: 'call', name: nameToken.text, args, position: nameToken.position };
  }
}

/**
 * Parse an R model formula into a syntax tree.
 *
 * The grammar and operator precedence are R's (`?Syntax`, `?formula`): `~`; binary `+` and `-`;
 * `*` and `/`; `%in%`; `:`; unary `-` and `+`; `^` (right associative, `**` is a synonym);
 * inside a variable also comparisons (`== != < <= > >=`), `!`, `&`, `&&`, `|`, `||` and
 * quoted strings (`relevel(regime, "democracy")`); parentheses; numbers; names, backticked names (`` `my var` ``); the dot `.`; and calls with
 * positional or named arguments (`log(x, base = 2)`, `I(x^2)`, `Surv(time, status)`). The tree
 * keeps parentheses, so {@link formatFormula} prints what was written, as R's `deparse` does.
 *
 * @param formula - The formula text, two-sided (`y ~ x`) or one-sided (`~ x`).
 * @returns The syntax tree; every node carries its 0-based `position` in `formula`.
 * @throws FormulaError with the 0-based position and what was expected there, e.g.
 *   `parseFormula: expected a term after '+' at position 7 in 'y ~ x + '`.
 * @example
 * ```ts
 * const f = parseFormula('y ~ log(x) + a:b');
 * formatFormula(f);
 * // => 'y ~ log(x) + a:b'
 * ```
 */
export function parseFormula(formula: string): Formula {
  if (typeof formula !== 'string') {
    throw new FormulaError(String(formula), 0, 'parseFormula requires a string formula');
  }
  return new Parser(formula, tokenize(formula)).parseFormula();
}
