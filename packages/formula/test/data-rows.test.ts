import { InvalidArgumentError } from '@muster/core';
import { describe, expect, it } from 'vitest';
import { dataColumns, designMatrix, modelFrame } from '../src/index.ts';

// Rows as d3.csv and Vega-Lite hold them; the same data as columns.
const rows = [
  { y: 1, x: 0.5, g: 'a' },
  { y: 0, x: 1.5, g: 'b' },
  { y: 1, x: null, g: 'a' },
  { y: 0, x: 2.5 }, // no g: missing in this row
  { y: 1, x: 3, g: 'b' },
];
const columns = {
  y: [1, 0, 1, 0, 1],
  x: [0.5, 1.5, null, 2.5, 3],
  g: ['a', 'b', 'a', null, 'b'],
};

describe('an array of row objects as data', () => {
  it('designMatrix(formula, rows) equals designMatrix(formula, columns), missing keys dropped as NA', () => {
    const fromRows = designMatrix('y ~ x + g', rows);
    const fromColumns = designMatrix('y ~ x + g', columns);
    expect(fromRows.columns).toEqual(fromColumns.columns);
    expect(Array.from(fromRows.matrix)).toEqual(Array.from(fromColumns.matrix));
    expect(fromRows.response).toEqual(fromColumns.response);
    expect(Array.from(fromRows.rows)).toEqual([0, 1, 4]);
  });

  it('modelFrame(formula, rows) keeps the rows of the columns it would keep', () => {
    expect(modelFrame('y ~ x', rows).rows).toEqual(modelFrame('y ~ x', columns).rows);
  });

  it('dataColumns(rows) gives one column per key in order of first appearance', () => {
    expect(dataColumns([{ a: 1 }, { b: 'x', a: 2 }])).toEqual({ a: [1, 2], b: [undefined, 'x'] });
    expect(dataColumns([])).toEqual({});
  });

  it('a row that is not an object is refused, naming the row', () => {
    const call = () => designMatrix('y ~ x', [{ y: 1, x: 2 }, null, { y: 0, x: 1 }] as never);
    expect(call).toThrow(InvalidArgumentError);
    expect(call).toThrow(
      'designMatrix requires data rows to be objects of values by column; row 2 is null',
    );
    expect(() => dataColumns([[1, 2]] as never)).toThrow('row 1 is an array');
  });

  it('a text value in a numeric column of rows is the same error as in columns', () => {
    const bad = [
      { y: 1, x: 1 },
      { y: 0, x: 'two' },
      { y: 1, x: 3 },
      { y: 0, x: 2 },
    ];
    const badColumns = { y: [1, 0, 1, 0], x: [1, 'two', 3, 2] };
    let fromRows = '';
    let fromColumns = '';
    try {
      designMatrix('y ~ log(x)', bad);
    } catch (error) {
      fromRows = (error as Error).message;
    }
    try {
      designMatrix('y ~ log(x)', badColumns);
    } catch (error) {
      fromColumns = (error as Error).message;
    }
    expect(fromRows).toBe(fromColumns);
  });
});
