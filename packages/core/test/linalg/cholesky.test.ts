import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  cholesky,
  choleskyInverse,
  choleskySolve,
  crossprod,
  InvalidArgumentError,
  NumericalError,
  solveLower,
  solveUpper,
  symmetricInverse,
} from '../../src/index.ts';
import { expectClose } from '../helpers.ts';

const fixture = JSON.parse(
  readFileSync(new URL('../fixtures/linalg-cases.json', import.meta.url), 'utf8'),
) as {
  cholesky: {
    a: number[];
    n: number;
    l: number[];
    inverse: number[];
    b: number[];
    solve: number[];
    x: number[];
    nrow: number;
    w: number[];
    crossprodW: number[];
  };
};
const r = fixture.cholesky;

describe('cholesky', () => {
  it('cholesky(a) gives the lower factor of R t(chol(a))', () => {
    expectClose(cholesky(new Float64Array(r.a), r.n)!, r.l, { rtol: 1e-12, atol: 1e-12 });
  });

  it('cholesky of the 2 x 2 example is [2, 1; 0, 2] (hand-derived)', () => {
    expect(Array.from(cholesky(new Float64Array([4, 2, 2, 5]), 2)!)).toEqual([2, 1, 0, 2]);
  });

  it('cholesky reads only the lower triangle', () => {
    expect(Array.from(cholesky(new Float64Array([4, 2, 999, 5]), 2)!)).toEqual([2, 1, 0, 2]);
  });

  it('cholesky returns null for indefinite, singular and NaN matrices', () => {
    expect(cholesky(new Float64Array([1, 2, 2, 1]), 2)).toBeNull();
    expect(cholesky(new Float64Array([1, 1, 1, 1]), 2)).toBeNull();
    // exactly collinear columns: the pivot is rounding noise, not a positive number
    const x = new Float64Array([1, 1, 1, 0.1, 0.2, 0.3, 1.1, 1.2, 1.3]);
    expect(cholesky(crossprod(x, 3, 3), 3)).toBeNull();
    expect(cholesky(new Float64Array([Number.NaN, 0, 0, 1]), 2)).toBeNull();
  });

  it('cholesky of a 0 x 0 matrix is empty', () => {
    expect(cholesky(new Float64Array(0), 0)).toEqual(new Float64Array(0));
  });

  it('choleskySolve(l, b) matches R solve(a, b)', () => {
    const l = cholesky(new Float64Array(r.a), r.n)!;
    expectClose(choleskySolve(l, r.n, new Float64Array(r.b)), r.solve, { rtol: 1e-10 });
  });

  it('choleskySolve handles several right-hand sides', () => {
    const l = cholesky(new Float64Array([4, 2, 2, 5]), 2)!;
    expectClose(choleskySolve(l, 2, new Float64Array([6, 7, 4, 2])), [1, 1, 1, 0], {
      rtol: 1e-15,
      atol: 1e-15,
    });
  });

  it('choleskyInverse(l) matches R chol2inv and is exactly symmetric', () => {
    const inverse = choleskyInverse(cholesky(new Float64Array(r.a), r.n)!, r.n);
    expectClose(inverse, r.inverse, { rtol: 1e-10 });
    for (let i = 0; i < r.n; i++) {
      for (let j = 0; j < r.n; j++) expect(inverse[i + j * r.n]).toBe(inverse[j + i * r.n]);
    }
  });

  it('symmetricInverse(a) matches R chol2inv(chol(a))', () => {
    expectClose(symmetricInverse(new Float64Array(r.a), r.n), r.inverse, { rtol: 1e-10 });
    expectClose(
      symmetricInverse(new Float64Array([4, 2, 2, 5]), 2),
      [0.3125, -0.125, -0.125, 0.25],
      {
        rtol: 1e-15,
      },
    );
  });

  it('symmetricInverse throws NumericalError naming the failing minor for a singular matrix', () => {
    expect(() => symmetricInverse(new Float64Array([1, 1, 1, 1]), 2)).toThrow(NumericalError);
    expect(() => symmetricInverse(new Float64Array([1, 1, 1, 1]), 2)).toThrow(
      /leading minor of order 2 is not positive/,
    );
  });

  it('cholesky rejects a length that is not n * n', () => {
    expect(() => cholesky(new Float64Array(3), 2)).toThrow(InvalidArgumentError);
    expect(() => cholesky(new Float64Array(4), -2)).toThrow(/non-negative integer; received -2/);
  });
});

describe('crossprod', () => {
  it('crossprod(x, w) matches R crossprod(x, w * x)', () => {
    const product = crossprod(new Float64Array(r.x), r.nrow, r.n, new Float64Array(r.w));
    expectClose(product, r.crossprodW, { rtol: 1e-13, atol: 1e-13 });
  });

  it("crossprod without weights is X'X (hand-derived) and exactly symmetric", () => {
    const x = new Float64Array([1, 1, 1, 1, 2, 3]);
    expect(Array.from(crossprod(x, 3, 2))).toEqual([3, 6, 6, 14]);
  });

  it('crossprod over more rows than one block equals the naive sum', () => {
    const nrow = 1000;
    const x = new Float64Array(nrow * 3);
    const w = new Float64Array(nrow);
    for (let i = 0; i < nrow; i++) {
      x[i] = 1;
      x[nrow + i] = Math.sin(i);
      x[2 * nrow + i] = (i % 7) - 3;
      w[i] = 1 + (i % 3);
    }
    const product = crossprod(x, nrow, 3, w);
    for (let j = 0; j < 3; j++) {
      for (let k = 0; k < 3; k++) {
        let s = 0;
        for (let i = 0; i < nrow; i++) s += w[i] * x[j * nrow + i] * x[k * nrow + i];
        expectClose(product[j + 3 * k], s, { rtol: 1e-12, atol: 1e-12 });
      }
    }
  });

  it('crossprod rejects weights of the wrong length', () => {
    expect(() => crossprod(new Float64Array(6), 3, 2, new Float64Array(2))).toThrow(
      /w to have length nrow = 3; received length 2/,
    );
  });
});

describe('triangular solves', () => {
  it('solveUpper(r, b) back-substitutes (hand-derived)', () => {
    expectClose(solveUpper(new Float64Array([2, 0, 1, 4]), 2, new Float64Array([4, 8])), [1, 2], {
      rtol: 1e-15,
    });
  });

  it('solveLower(l, b) forward-substitutes (hand-derived)', () => {
    expectClose(solveLower(new Float64Array([2, 1, 0, 4]), 2, new Float64Array([2, 9])), [1, 2], {
      rtol: 1e-15,
    });
  });

  it('solveUpper with ldr reads the leading block of a taller array and ignores the rest', () => {
    // 3 x 2 array; R = [2 1; 0 4] in its top 2 rows, junk (99) below
    const array = new Float64Array([2, 99, 99, 1, 4, 99]);
    expectClose(solveUpper(array, 2, new Float64Array([4, 8]), 3), [1, 2], { rtol: 1e-15 });
    const lower = new Float64Array([2, 1, 99, 99, 4, 99]);
    expectClose(solveLower(lower, 2, new Float64Array([2, 9]), 3), [1, 2], { rtol: 1e-15 });
  });

  it('a zero on the diagonal gives non-finite values, not a throw', () => {
    const x = solveUpper(new Float64Array([0, 0, 1, 1]), 2, new Float64Array([1, 1]));
    expect(Number.isFinite(x[0])).toBe(false);
  });

  it('solving a 0 x 0 system gives an empty vector', () => {
    expect(solveUpper(new Float64Array(0), 0, new Float64Array(0)).length).toBe(0);
    expect(solveLower(new Float64Array(0), 0, new Float64Array(0)).length).toBe(0);
  });

  it('solveUpper rejects ldr < n', () => {
    expect(() => solveUpper(new Float64Array(4), 2, new Float64Array(2), 1)).toThrow(
      InvalidArgumentError,
    );
  });
});
