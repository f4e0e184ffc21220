import { describe, expect, it } from 'vitest';
import { chinv2, cholesky2, chsolve2 } from '../../../src/cox/internal/cholesky2.ts';
import { expectClose } from '../../helpers.ts';

const EXACT = { rtol: 1e-12, atol: 1e-14 };

describe('cholesky2 / chsolve2 / chinv2 (survival generalised Cholesky)', () => {
  it('cholesky2 solves and inverts a positive-definite matrix', () => {
    // [[4, 2], [2, 3]]: inverse [[3, -2], [-2, 4]] / 8
    const a = Float64Array.from([4, 2, 2, 3]);
    expect(cholesky2(a, 2, 1e-12)).toBe(2);
    const y = Float64Array.from([1, 1]);
    chsolve2(a, 2, y);
    expectClose(y[0], 1 / 8, EXACT, 'x0');
    expectClose(y[1], 2 / 8, EXACT, 'x1');
    const inv = chinv2(a, 2);
    [3 / 8, -2 / 8, -2 / 8, 4 / 8].forEach((v, i) => {
      expectClose(inv[i], v, EXACT, `inverse ${i}`);
    });
  });

  it('cholesky2 marks a redundant column: rank 2 of 3, zero row and column in the inverse', () => {
    // third column = first + second
    const a = Float64Array.from([2, 1, 3, 1, 2, 3, 3, 3, 6]);
    expect(cholesky2(a, 3, 1e-10)).toBe(2);
    const inv = chinv2(a, 3);
    for (let i = 0; i < 3; i++) {
      expect(inv[2 + i * 3]).toBe(0);
      expect(inv[i + 2 * 3]).toBe(0);
    }
    // the leading block is the inverse of [[2, 1], [1, 2]]
    expectClose(inv[0], 2 / 3, EXACT, 'inv 00');
    expectClose(inv[1], -1 / 3, EXACT, 'inv 10');
    const y = Float64Array.from([1, 1, 2]);
    chsolve2(a, 3, y);
    expect(y[2]).toBe(0);
  });

  it('cholesky2 of a zero matrix has rank 0', () => {
    expect(cholesky2(new Float64Array(4), 2, 1e-12)).toBe(0);
  });
});
