import { FormulaError } from '@muster/core';
import { describe, expect, it } from 'vitest';
import { designMatrix } from '../src/index.ts';

describe('formula term limits', () => {
  it('designMatrix(y ~ x0 + ... + x1999) encodes two thousand terms without overflowing the stack', () => {
    const data: Record<string, number[]> = { y: [1, 2] };
    const names: string[] = [];
    for (let j = 0; j < 2000; j++) {
      names.push(`x${j}`);
      data[`x${j}`] = [j, j + 1];
    }
    const design = designMatrix(`y ~ ${names.join(' + ')}`, data);
    expect(design.columns.length).toBe(2001);
    expect(design.columns[2000]).toBe('x1999');
  });

  it('designMatrix refuses a formula that expands to more than 10000 terms, naming the position', () => {
    const names = Array.from({ length: 30 }, (_, j) => `x${j}`);
    const data = Object.fromEntries([['y', [1, 2]], ...names.map((n) => [n, [1, 2]])]);
    let error: unknown;
    try {
      designMatrix(`y ~ ${names.join(' * ')}`, data);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(FormulaError);
    expect((error as FormulaError).message).toMatch(
      /^model formulas expand to at most 10000 terms; x0 \* x1 \* .* expands to more at position \d+ in 'y ~ x0 \* x1/,
    );
  });
});
