import { describe, expect, it } from 'vitest';
import { printRightMatrix, roundColumn } from '../src/internal/balance-print.ts';

describe("MatchIt's round_df_char and R's print of a character matrix", () => {
  it('rounds a column to one number of decimals, marks negatives rounded to zero, NA as . and Inf as N/A', () => {
    expect(
      roundColumn([10.69897, 0.12281, -0.00001, null, Number.POSITIVE_INFINITY], 4, '0'),
    ).toEqual(['10.6990', '0.1228', '-0.0000', '.', 'N/A']);
    // Floating-point noise around an exact zero prints as 0.
    expect(roundColumn([-5.55e-17, 0.5], 4, '0')).toEqual(['0.0', '0.5']);
    expect(roundColumn([-5.55e-17, 0.1234], 4, '0')).toEqual(['0.0000', '0.1234']);
  });

  it('with pad " " drops trailing zeros and pads the decimals with spaces, as the sample sizes', () => {
    expect(roundColumn([126, 83.3333, 126, 0, 0], 2, ' ')).toEqual([
      '126.  ',
      '83.33',
      '126.  ',
      '0.  ',
      '0.  ',
    ]);
    expect(roundColumn([126, 114, 0], 2, ' ')).toEqual(['126', '114', '0']);
  });

  it('wraps the columns that would reach 80 characters into a further block', () => {
    const header = ['a'.repeat(30), 'b'.repeat(30), 'c'.repeat(3)];
    const lines = printRightMatrix(header, ['r'.repeat(14)], [['1', '2', '3']]);
    // 14 + 31 + 31 = 76, and 76 + 4 = 80 is not under 80.
    expect(lines).toHaveLength(4);
    expect(lines[2]).toBe(`${' '.repeat(14)} ccc`);
    const narrower = printRightMatrix(header, ['r'.repeat(13)], [['1', '2', '3']]);
    expect(narrower).toHaveLength(2);
  });
});
