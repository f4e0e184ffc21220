import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { FormulaNode } from '../src/index.ts';
import { formatFormula, parseFormula } from '../src/index.ts';

// Expected strings are R 4.2.2's deparse(as.formula(input)).
const R_DEPARSE: [string, string][] = [
  ['y~x*z+I(x ** 2)', 'y ~ x * z + I(x^2)'],
  ['y ~ a/b*c-d %in% e', 'y ~ a/b * c - d %in% e'],
  ['~x', '~x'],
  ['log(y)~-1+x', 'log(y) ~ -1 + x'],
  ['y ~ I(-x^2) + I((a+b)^-1)', 'y ~ I(-x^2) + I((a + b)^-1)'],
  ['y~`my var`+ log(x, base=2)', 'y ~ `my var` + log(x, base = 2)'],
  ['cbind(s,f)~.', 'cbind(s, f) ~ .'],
  [
    'Surv(start,stop,event)~x+strata(a,b)+cluster(id)',
    'Surv(start, stop, event) ~ x + strata(a, b) + cluster(id)',
  ],
  [
    'y ~ 0.5 + I(x*1e-4) + I(x/100000) + I(x+123456)',
    'y ~ 0.5 + I(x * 1e-04) + I(x/1e+05) + I(x + 123456)',
  ],
  ['y~(a+b+c)^2', 'y ~ (a + b + c)^2'],
  ['y ~ a - - b', 'y ~ a - -b'],
  ['y~ +a', 'y ~ +a'],
];

describe('formatFormula', () => {
  for (const [input, expected] of R_DEPARSE) {
    it(`formatFormula('${input}') prints R's deparse '${expected}'`, () => {
      expect(formatFormula(parseFormula(input))).toBe(expected);
      expect(formatFormula(input)).toBe(expected);
    });
  }
});

/** The tree without positions, for structural comparison. */
function strip(node: FormulaNode): unknown {
  switch (node.type) {
    case 'name':
      return ['name', node.name];
    case 'number':
      return ['number', node.value];
    case 'dot':
      return ['dot'];
    case 'paren':
      return ['paren', strip(node.expression)];
    case 'unary':
      return ['unary', node.operator, strip(node.operand)];
    case 'binary':
      return ['binary', node.operator, strip(node.left), strip(node.right)];
    case 'call':
      return ['call', node.name, node.args.map((a) => [a.name, strip(a.value)])];
  }
}

// Formula text generated from the grammar, with random spacing and optional parentheses.
const name = fc.oneof(
  fc.constantFrom('x', 'y', 'a.b', 'z_1', '.w', 'T', 'F', 'Inf2'),
  fc.constantFrom('my var', 'if', 'a-b', '1st', 'Inf', 'NaN').map((n) => `\`${n}\``),
);
const number = fc.oneof(
  fc.constantFrom('0', '1', '2', '0.5', '1e-4', '100000', '.25', '3.'),
  fc.double({ min: 0, max: 1e6, noNaN: true }).map((x) => String(x)),
);
const space = fc.constantFrom('', ' ', '  ', '\n');
const { expression } = fc.letrec<{ expression: string; atom: string }>((tie) => ({
  atom: fc.oneof(
    { depthSize: 'small' },
    name,
    number,
    fc.constant('.'),
    tie('expression').map((e) => `(${e})`),
    fc
      .tuple(
        fc.constantFrom('log', 'I', 'exp', 'factor', 'offset', 'strata', 'Surv', 'cbind'),
        fc.array(tie('expression'), { minLength: 0, maxLength: 3 }),
      )
      .map(([f, args]) => `${f}(${args.join(', ')})`),
    tie('expression').map((e) => `log(${e}, base = 2)`),
  ),
  expression: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    tie('atom'),
    fc
      .tuple(
        tie('expression'),
        space,
        fc.constantFrom('+', '-', '*', '/', ':', '^', '%in%', '**'),
        space,
        tie('expression'),
      )
      .map(([l, s1, op, s2, r]) => `${l}${s1}${op}${s2}${r}`),
    fc.tuple(fc.constantFrom('-', '+'), tie('atom')).map(([op, a]) => `${op}${a}`),
  ),
}));
const formulaText = fc.oneof(
  fc.tuple(expression, space, expression).map(([l, s, r]) => `${l}${s}~${s}${r}`),
  expression.map((r) => `~ ${r}`),
);

describe('parseFormula and formatFormula properties', () => {
  it('parse -> print -> parse gives the same tree, and printing is idempotent', () => {
    fc.assert(
      fc.property(formulaText, (text) => {
        const first = parseFormula(text);
        const printed = formatFormula(first);
        const second = parseFormula(printed);
        expect(formatFormula(second)).toBe(printed);
        // Trees agree except numbers, which print with 15 significant digits as R's deparse.
        const normalise = (t: unknown): unknown =>
          JSON.parse(
            JSON.stringify(t, (_k, v) => (typeof v === 'number' ? Number(v.toPrecision(15)) : v)),
          );
        expect(normalise(strip(second.rhs))).toEqual(normalise(strip(first.rhs)));
        if (first.lhs !== null) {
          expect(normalise(strip(second.lhs!))).toEqual(normalise(strip(first.lhs)));
        }
      }),
      { numRuns: 500, seed: 20240601 },
    );
  });
});
