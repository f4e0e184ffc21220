import { FormulaError } from '@muster/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { designMatrix, formatFormula, parseFormula } from '../src/index.ts';

function errorOf(f: () => unknown): FormulaError {
  try {
    f();
  } catch (error) {
    if (error instanceof FormulaError) return error;
    throw error;
  }
  throw new Error('expected a FormulaError');
}

describe('parseFormula', () => {
  it('parseFormula follows R precedence: ^ over unary minus over : over %in% over * / over + -', () => {
    const f = parseFormula('y ~ a + b:c * d %in% e - f^2');
    // Fully parenthesised reading of the right-hand side.
    const show = (n: ReturnType<typeof parseFormula>['rhs']): string =>
      n.type === 'binary'
        ? `(${show(n.left)} ${n.operator} ${show(n.right)})`
        : n.type === 'name'
          ? n.name
          : n.type === 'number'
            ? String(n.value)
            : '?';
    expect(show(f.rhs)).toBe('((a + ((b : c) * (d %in% e))) - (f ^ 2))');
    const g = parseFormula('~ -a:b');
    expect(g.rhs.type === 'binary' && g.rhs.operator === ':' && g.rhs.left.type).toBe('unary');
    const h = parseFormula('~ -a^2');
    expect(h.rhs.type === 'unary' && h.rhs.operand.type).toBe('binary');
    const k = parseFormula('~ a^b^c');
    expect(k.rhs.type === 'binary' && k.rhs.right.type === 'binary').toBe(true);
  });

  it('parseFormula reads one-sided formulas, backticks, named arguments, ** and numbers', () => {
    const f = parseFormula('~ `my var` + log(x, base = 2) + x ** 2 + 1e-4 + .5');
    expect(f.lhs).toBeNull();
    expect(formatFormula(f)).toBe('~`my var` + log(x, base = 2) + x^2 + 1e-04 + 0.5');
  });

  it('parseFormula records the position of every node', () => {
    const f = parseFormula('y ~ log(x) + b');
    expect(f.lhs).toMatchObject({ type: 'name', name: 'y', position: 0 });
    expect(f.rhs).toMatchObject({ type: 'binary', operator: '+', position: 11 });
    if (f.rhs.type !== 'binary') throw new Error('binary expected');
    expect(f.rhs.left).toMatchObject({ type: 'call', name: 'log', position: 4 });
    expect(f.rhs.right).toMatchObject({ type: 'name', name: 'b', position: 13 });
  });

  const errors: [string, number, string][] = [
    ['y ~ x +', 7, "expected a term after '+' at position 7"],
    ['y ~ x + ', 8, "expected a term after '+' at position 8"],
    ['y ~ x + )', 8, "expected a term after '+' at position 8; found ')'"],
    ['y ~ ', 4, "expected a term after '~' at position 4"],
    ['y x', 2, "expected '~' or an operator at position 2; found 'x'"],
    ['', 0, 'expected a formula'],
    ['y ~ (x + z', 10, "expected ')' to close the '(' at position 4"],
    ['y ~ x)', 5, "expected an operator or the end of the formula at position 5; found ')'"],
    ['y ~ log(x', 9, "expected ',' or ')' in the call to log()"],
    ['y ~ x %foo% z', 6, "found '%foo%'"],
    ['y ~ `x', 4, 'closing backtick'],
    ['y ~ 2x', 5, 'expected an operator after the number 2'],
    ['y ~ x ~ z', 6, "found a second '~'"],
    ['y ~ x $ z', 6, "found '$'"],
    ['y ~ x = 1', 6, "found '='"],
    ['y ~ *x', 4, "expected a term after '~' at position 4; found '*'"],
    ['y ~ ``', 4, 'expected a name between the backticks'],
  ];
  for (const [text, position, message] of errors) {
    it(`parseFormula('${text}') throws FormulaError at position ${position}`, () => {
      const error = errorOf(() => parseFormula(text));
      expect(error.name).toBe('FormulaError');
      expect(error.position).toBe(position);
      expect(error.formula).toBe(text);
      expect(error.message).toContain(message);
      expect(error.message.startsWith('parseFormula')).toBe(true);
      expect(error.message.endsWith('.')).toBe(false);
    });
  }

  it('parseFormula throws FormulaError, not a stack overflow, on deep nesting', () => {
    expect(errorOf(() => parseFormula(`y ~ ${'('.repeat(5000)}x${')'.repeat(5000)}`)).name).toBe(
      'FormulaError',
    );
    expect(errorOf(() => parseFormula(`y ~ ${'-'.repeat(5000)}x`)).name).toBe('FormulaError');
    expect(errorOf(() => parseFormula(`y ~ ${'log('.repeat(5000)}x`)).name).toBe('FormulaError');
  });

  it('parseFormula accepts long flat sums without recursion', () => {
    const terms = Array.from({ length: 5000 }, (_, i) => `x${i}`).join(' + ');
    expect(parseFormula(`y ~ ${terms}`).rhs.type).toBe('binary');
  });
});

const formulaChars = fc.constantFrom(
  'y',
  'x',
  'a',
  '~',
  '+',
  '-',
  '*',
  '/',
  ':',
  '^',
  '(',
  ')',
  '%in%',
  '%',
  '.',
  '0',
  '1',
  '2',
  '`',
  ' ',
  ',',
  '=',
  'log',
  'I',
  'Surv',
  'strata',
  'cluster',
  'offset',
  'factor',
  'cbind',
  'e',
  '5',
  '**',
  '$',
  '"',
  '\n',
  'é',
  '\u{1F600}',
);

describe('parseFormula on random input', () => {
  it('parseFormula(random string) returns a formula or throws FormulaError, nothing else', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.string({ maxLength: 40 }), fc.string({ unit: formulaChars, maxLength: 30 })),
        (text) => {
          try {
            parseFormula(text);
          } catch (error) {
            expect(error).toBeInstanceOf(FormulaError);
            const e = error as FormulaError;
            expect(e.position).toBeGreaterThanOrEqual(0);
            expect(e.position).toBeLessThanOrEqual(text.length);
          }
        },
      ),
      { numRuns: 3000, seed: 7 },
    );
  });

  it('designMatrix(random string, data) throws only FormulaError or DataError', () => {
    const data = {
      y: [1, 0, 1, 0, 1],
      x: [0.5, 1.5, 2, null, 3],
      a: ['p', 'q', 'p', 'r', 'q'],
      e: [1, 2, 3, 4, 5],
    };
    fc.assert(
      fc.property(fc.string({ unit: formulaChars, maxLength: 30 }), (text) => {
        try {
          designMatrix(text, data);
        } catch (error) {
          expect(['FormulaError', 'DataError']).toContain((error as Error).name);
        }
      }),
      { numRuns: 3000, seed: 11 },
    );
  });
});
