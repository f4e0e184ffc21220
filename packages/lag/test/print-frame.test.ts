/** The data-frame printer of summary() against R's print(data.frame(...)). */
import { describe, expect, it } from 'vitest';
import { printFrame } from '../src/internal/summary/frame.ts';
import { readFixture } from './helpers.ts';

interface Frame {
  columns: Record<string, (number | string | boolean | null)[]>;
  printed: string[];
}
const { frames } = readFixture<{ frames: Frame[] }>('r-print-data-frame.json');

describe('printFrame', () => {
  it.each(frames.map((f) => [Object.keys(f.columns).join(', '), f] as const))(
    'printFrame(%s) prints as R prints the data frame',
    (_, frame) => {
      const columns = Object.entries(frame.columns).map(([name, values]) => ({ name, values }));
      expect(printFrame(columns, { digits: 7, maxRows: Number.POSITIVE_INFINITY })).toEqual(
        frame.printed,
      );
    },
  );

  it('printFrame leaves out a column with no value and counts the rows beyond maxRows', () => {
    const columns = [
      { name: 'period', values: ['a', 'b', 'c'] },
      { name: 'lower', values: [null, null, null] },
      { name: 'x', values: [1.5, 20, 3] },
    ];
    expect(printFrame(columns, { digits: 7, maxRows: 2 })).toEqual([
      '  period    x',
      '1      a  1.5',
      '2      b 20.0',
      ' [ reached maxRows -- omitted 1 rows ]',
    ]);
  });
});
