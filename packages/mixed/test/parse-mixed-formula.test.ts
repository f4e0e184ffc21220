import { FormulaError } from '@muster/core';
import { describe, expect, it } from 'vitest';
import { parseMixedFormula } from '../src/index.ts';

describe('parseMixedFormula', () => {
  it('parseMixedFormula splits a random intercept from the fixed part (lme4::nobars, findbars)', () => {
    const f = parseMixedFormula('y ~ x + log(z) + (1 | war)');
    expect(f.fixed).toBe('y ~ x + log(z)');
    expect(f.random).toEqual([{ lhs: '1', group: 'war', groupColumns: ['war'], position: 17 }]);
  });

  it('parseMixedFormula keeps a random slope and a crossed second factor', () => {
    const f = parseMixedFormula('y ~ x + (1 + x | war) + (1 | era)');
    expect(f.fixed).toBe('y ~ x');
    expect(f.random.map((t) => [t.lhs, t.group])).toEqual([
      ['1 + x', 'war'],
      ['1', 'era'],
    ]);
  });

  it('parseMixedFormula expands war/belligerent into war and belligerent:war, as lme4', () => {
    const f = parseMixedFormula('cbind(s, f) ~ (1 | war/belligerent)');
    expect(f.fixed).toBe('cbind(s, f) ~ 1');
    expect(f.random.map((t) => [t.group, t.groupColumns])).toEqual([
      ['war', ['war']],
      ['belligerent:war', ['belligerent', 'war']],
    ]);
  });

  it('parseMixedFormula keeps removed terms and number exponents in the fixed part', () => {
    expect(parseMixedFormula('y ~ x - 1 + I(x * 1e-3) + (1 | g)').fixed).toBe(
      'y ~ x - 1 + I(x * 1e-3)',
    );
  });

  it('parseMixedFormula rejects a formula without random effects, naming the position', () => {
    expect(() => parseMixedFormula('y ~ x')).toThrow(FormulaError);
    expect(() => parseMixedFormula('y ~ x')).toThrow(/requires at least one random-effects term/);
  });

  it('parseMixedFormula rejects a bar outside parentheses and uncorrelated || terms', () => {
    expect(() => parseMixedFormula('y ~ x + 1 | g')).toThrow(/in parentheses/);
    expect(() => parseMixedFormula('y ~ x + (1 || g)')).toThrow(/'\|\|'/);
    expect(() => parseMixedFormula('y ~ x + (1 | log(g))')).toThrow(/column names/);
    try {
      parseMixedFormula('y ~ x + (1 | log(g))');
    } catch (error) {
      expect((error as FormulaError).position).toBe(11);
    }
  });
});
