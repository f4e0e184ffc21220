import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  InvalidArgumentError,
  qrCoefficients,
  qrDecompose,
  qrQty,
  qrQy,
  qrRInverse,
} from '../../src/index.ts';
import { expectClose } from '../helpers.ts';

interface QrCase {
  name: string;
  nrow: number;
  ncol: number;
  tol: number;
  x: number[];
  y: number[];
  rank: number;
  pivot: number[];
  kappa: number;
  qr: number[];
  qraux: number[];
  coef: (number | null)[];
  qty: number[];
  qy: number[];
  fitted: number[];
  rInverse: number[];
}

const fixture = JSON.parse(
  readFileSync(new URL('../fixtures/linalg-cases.json', import.meta.url), 'utf8'),
) as { qr: QrCase[] };

/** Largest absolute entry: entries of the factor are compared on the scale of the matrix. */
const scale = (values: number[]) => values.reduce((m, v) => Math.max(m, Math.abs(v)), 0);

describe('qrDecompose matches R qr(LAPACK = FALSE) (dqrdc2)', () => {
  for (const c of fixture.qr) {
    describe(c.name, () => {
      const x = new Float64Array(c.x);
      const y = new Float64Array(c.y);
      const qr = qrDecompose(x, c.nrow, c.ncol, c.tol);
      // Rounding differences (summation order of the BLAS) grow like eps * condition number.
      const rtol = Math.max(1e-9, 1e-14 * c.kappa);

      it('has R rank and pivot', () => {
        expect(qr.rank).toBe(c.rank);
        expect(Array.from(qr.pivot)).toEqual(c.pivot);
      });

      it('has R qr and qraux (tolerance scaled by the condition number)', () => {
        // Aliased columns are left partly reduced: compare the columns in use. Entries of a
        // column are compared on the scale of that column.
        for (let j = 0; j < c.rank; j++) {
          const expected = c.qr.slice(j * c.nrow, (j + 1) * c.nrow);
          const actual = qr.qr.subarray(j * c.nrow, (j + 1) * c.nrow);
          expectClose(actual, expected, { rtol, atol: rtol * scale(expected) });
        }
        expectClose(qr.qraux.subarray(0, c.rank), c.qraux.slice(0, c.rank), { rtol, atol: 1e-12 });
      });

      it('qrCoefficients gives R qr.coef with NaN for aliased columns', () => {
        expectClose(qrCoefficients(qr, y), c.coef, { rtol: Math.max(1e-6, rtol), atol: 1e-10 });
      });

      it('qrQty and qrQy give R qr.qty and qr.qy', () => {
        const atol = rtol * scale(c.y);
        expectClose(qrQty(qr, y), c.qty, { rtol, atol });
        expectClose(qrQy(qr, y), c.qy, { rtol, atol });
      });

      it("fitted values Q (Q'y with residual effects zeroed) match R qr.fitted", () => {
        const effects = qrQty(qr, y);
        effects.fill(0, qr.rank);
        expectClose(qrQy(qr, effects), c.fitted, { rtol, atol: rtol * scale(c.y) });
      });

      it('qrRInverse inverts the leading rank x rank block of R', () => {
        expectClose(qrRInverse(qr), c.rInverse, { rtol, atol: 1e-12 });
      });
    });
  }
});

describe('qrDecompose behaviour', () => {
  it('qrDecompose does not modify its input', () => {
    const x = new Float64Array([1, 2, 3, 4, 5, 7]);
    const copy = Float64Array.from(x);
    qrDecompose(x, 3, 2);
    expect(x).toEqual(copy);
  });

  it('qrDecompose(x) with a column of two times another moves it to the end, rank 2', () => {
    const qr = qrDecompose(new Float64Array([1, 1, 1, 2, 2, 2, 1, 2, 4]), 3, 3);
    expect(qr.rank).toBe(2);
    expect(Array.from(qr.pivot)).toEqual([0, 2, 1]);
  });

  it('qrQy inverts qrQty for several right-hand sides at once', () => {
    const x = new Float64Array([1, 1, 1, 1, 1, 0, 2, 5, 3, 1]);
    const qr = qrDecompose(x, 5, 2);
    const y = new Float64Array([1, 2, 3, 4, 5, -1, 0, 2, 7, 1]);
    expectClose(qrQy(qr, qrQty(qr, y)), y, { rtol: 1e-14, atol: 1e-14 });
  });

  it('qrCoefficients solves a consistent system exactly (y = 1 + 2 x)', () => {
    const x = new Float64Array([1, 1, 1, 1, 0, 1, 2, 3]);
    const coefficients = qrCoefficients(qrDecompose(x, 4, 2), new Float64Array([1, 3, 5, 7]));
    expectClose(coefficients, [1, 2], { rtol: 1e-14, atol: 1e-14 });
  });

  it('qrDecompose of an empty matrix has rank 0 and all-NaN coefficients', () => {
    const qr = qrDecompose(new Float64Array(0), 0, 2);
    expect(qr.rank).toBe(0);
    const one = qrDecompose(new Float64Array([0, 0, 0]), 3, 1);
    expect(one.rank).toBe(0);
    expect(qrCoefficients(one, new Float64Array([1, 2, 3]))[0]).toBeNaN();
  });

  it('qrDecompose keeps huge and tiny columns (norms without overflow or underflow)', () => {
    const big = qrDecompose(new Float64Array([1e200, 2e200, 3e200]), 3, 1);
    expect(big.rank).toBe(1);
    expectClose(Math.abs(big.qr[0]), Math.sqrt(14) * 1e200, { rtol: 1e-14 });
    const small = qrDecompose(new Float64Array([1e-200, 2e-200, 3e-200]), 3, 1);
    expectClose(Math.abs(small.qr[0]), Math.sqrt(14) * 1e-200, { rtol: 1e-14 });
  });

  it('qrDecompose moves a column of NaN to the end (as the Fortran comparison does)', () => {
    const qr = qrDecompose(new Float64Array([Number.NaN, 1, 2, 1, 1, 1]), 3, 2);
    expect(Array.from(qr.pivot)).toEqual([1, 0]);
    expect(qr.rank).toBe(1);
  });

  it('qrDecompose rejects a length that is not nrow * ncol and a negative tol', () => {
    expect(() => qrDecompose(new Float64Array(5), 2, 3)).toThrow(InvalidArgumentError);
    expect(() => qrDecompose(new Float64Array(6), 2, 3, -1)).toThrow(/tol >= 0; received -1/);
    expect(() => qrQty(qrDecompose(new Float64Array(6), 2, 3), new Float64Array(3))).toThrow(
      InvalidArgumentError,
    );
  });
});
