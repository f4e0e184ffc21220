import { DataError, FormulaError } from '@muster/core';
import { describe, expect, it } from 'vitest';
import { applyDesign, designMatrix, formatFormula, parseFormula } from '../src/index.ts';

// R agreement of these constructs is in design-matrix.r-parity.test.ts (generate.R); here the
// parts R's model.matrix does not show: parsing, new data, level options and refusals.
const data = {
  y: [1, 2, 3, 4, 5],
  x: [0.05, 0.2, null, 0.5, -1],
  g: ['b', 'a', 'c', 'a', 'b'],
};

describe('comparisons, logical operators and strings in formulas', () => {
  it('parseFormula reads comparisons, !, &, | and strings with R precedence and prints them as deparse', () => {
    const f = parseFormula("y ~ I(!x > 1 & g == 'a' | x <= -2)");
    expect(formatFormula(f)).toBe('y ~ I(!x > 1 & g == "a" | x <= -2)');
    const call = f.rhs as { type: 'call'; args: { value: { type: string; operator: string } }[] };
    expect(call.args[0]!.value.operator).toBe('|');
  });

  it('parseFormula refuses a chained comparison and an unclosed string, naming the position', () => {
    expect(() => parseFormula('y ~ I(1 < x < 2)')).toThrow(
      /expected parentheses around a chained comparison at position 12/,
    );
    expect(() => parseFormula('y ~ relevel(g, "a)')).toThrow(FormulaError);
  });

  it('designMatrix refuses a string as a term and in arithmetic', () => {
    expect(() => designMatrix('y ~ "a"', data)).toThrow(FormulaError);
    expect(() => designMatrix('y ~ I("a" + x)', data)).toThrow(/a quoted string is not a number/);
    expect(() => designMatrix('y ~ relevel(g, "z")', data)).toThrow(
      /relevel\(\) requires ref to be a level of g \(a, b, c\); received 'z'/,
    );
  });
});

describe('level options and data-dependent transformations on new data', () => {
  it('designMatrix with levels orders a text column and refuses a value outside the list', () => {
    const d = designMatrix('y ~ g', data, { levels: { g: ['c', 'b', 'a'] } });
    expect(d.columns).toEqual(['(Intercept)', 'gb', 'ga']);
    expect(() => designMatrix('y ~ g', data, { levels: { g: ['a', 'b'] } })).toThrow(DataError);
    expect(() => designMatrix('y ~ g', data, { levels: { g: ['a', 'b'] } })).toThrow(
      "designMatrix requires the values of column 'g' to be among the levels given for it (a, b); received 'c' in data row 3",
    );
    const response = designMatrix('g ~ x', data, { levels: { g: ['c', 'b', 'a'] } }).response;
    expect(response?.kind === 'factor' && response.levels).toEqual(['c', 'b', 'a']);
  });

  it('applyDesign codes scale(x) with the fitted mean and sd (R: makepredictcall)', () => {
    const d = designMatrix('y ~ scale(x)', data);
    const x = [0.05, 0.2, 0.5, -1];
    const mean = x.reduce((a, b) => a + b) / 4;
    const sd = Math.sqrt(x.reduce((a, b) => a + (b - mean) ** 2, 0) / 3);
    const next = applyDesign(d, { x: [1] });
    expect(next.matrix[1]).toBeCloseTo((1 - mean) / sd, 14);
    expect(d.spec.transforms).toEqual({ 'scale(x)': [mean, sd] });
  });

  it('applyDesign codes relevel(), factor(levels =) and comparisons in new data', () => {
    const d = designMatrix('y ~ relevel(g, "b") + I(x > 0.1)', data);
    const next = applyDesign(d, { g: ['b', 'c'], x: [0.3, 0] });
    expect(Array.from(next.matrix)).toEqual([1, 1, 0, 0, 0, 1, 1, 0]);
  });
});

describe('poly() on new data and bad input', () => {
  it('applyDesign codes poly(x, 2) with the fitted recurrence (R: makepredictcall)', () => {
    const fitData = { y: [1, 2, 3, 4, 5, 6], x: [0.5, 1, 2, 3.5, 4, 6] };
    const d = designMatrix('y ~ poly(x, 2)', fitData);
    const again = applyDesign(d, { x: fitData.x });
    expect(Array.from(again.matrix)).toEqual(Array.from(d.matrix));
    const next = applyDesign(d, { x: [2.5] });
    expect(next.matrix.length).toBe(3);
    expect(d.spec.transforms?.['poly(x, 2)']).toHaveLength(2 + 4);
  });

  it('designMatrix refuses poly() of a variable with missing values and a degree too high', () => {
    expect(() => designMatrix('y ~ poly(x, 2)', data)).toThrow(
      /poly\(\) does not allow missing values \(as R\); x is missing in data row 3/,
    );
    expect(() => designMatrix('y ~ poly(x, 9)', { y: [1, 2, 3], x: [1, 2, 3] })).toThrow(
      /poly\(\) requires degree < the number of unique points of x/,
    );
  });
});
