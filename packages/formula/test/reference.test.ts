import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { designMatrix } from '../src/index.ts';
import { expectClose, fixture, readData } from './helpers.ts';

interface ModelMatrixCase {
  id: string;
  data: string;
  formula: string;
  expected: {
    columns: string[];
    nrow: number;
    rowsUsed: number[];
    assign: number[];
    response: number[] | number[][];
    matrix: number[][];
  };
}

const casesDir = join(dirname(fileURLToPath(import.meta.url)), 'fixtures', 'cases');
const cases: ModelMatrixCase[] = readdirSync(casesDir)
  .filter((f) => f.startsWith('mm-'))
  .map((f) => JSON.parse(fixture(join('cases', f))));

describe('designMatrix matches R model.matrix on the reference cases', () => {
  it('has the 7 reference cases', () => {
    expect(cases.length).toBe(7);
  });
  for (const c of cases) {
    it(`${c.id}: ${c.formula}`, () => {
      const d = designMatrix(c.formula, readData(c.data));
      const e = c.expected;
      expect(d.columns).toEqual(e.columns);
      expect(d.nrow).toBe(e.nrow);
      expect(d.ncol).toBe(e.columns.length);
      expect(Array.from(d.rows, (r) => r + 1)).toEqual(e.rowsUsed);
      expect(d.assign).toEqual(e.assign);
      // Every matrix entry within 1e-12 (absolute).
      for (let j = 0; j < d.ncol; j++) {
        for (let i = 0; i < d.nrow; i++) {
          const a = d.matrix[j * d.nrow + i]!;
          const x = e.matrix[j]![i]!;
          expectClose(a, x, { atol: 1e-12 }, `${c.id}: entry [${i}, ${e.columns[j]}]`);
        }
      }
      const response = d.response!;
      if (Array.isArray(e.response[0])) {
        expect(response.kind).toBe('cbind');
        if (response.kind !== 'cbind') return;
        for (let k = 0; k < 2; k++) {
          const expected = e.response[k] as number[];
          expect(response.values[k]!.length).toBe(expected.length);
          expected.forEach((x, i) => {
            expectClose(response.values[k]![i]!, x, { atol: 1e-12 }, `response[${k}][${i}]`);
          });
        }
      } else {
        expect(response.kind).toBe('vector');
        if (response.kind !== 'vector') return;
        const expected = e.response as number[];
        expect(response.values.length).toBe(expected.length);
        expected.forEach((x, i) => {
          expectClose(response.values[i]!, x, { atol: 1e-12 }, `response[${i}]`);
        });
      }
    });
  }
});
