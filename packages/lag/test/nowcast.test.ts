import { describe, expect, it } from 'vitest';
import { nowcast, type ReportingTriangle, reportingTriangle } from '../src/index.ts';
import { expectClose, readCsvRows } from './helpers.ts';

const hus = readCsvRows('husO104Hosp.csv').slice(1);
const husRecords = { event: hus.map((r) => r[0]), report: hus.map((r) => r[1]) };

describe('nowcast', () => {
  const small: ReportingTriangle = {
    unit: 'day',
    now: '2011-05-03',
    periods: ['2011-05-01', '2011-05-02', '2011-05-03'],
    maxDelay: 1,
    counts: [
      [10, 10],
      [12, 11],
      [8, null],
    ],
  };

  it('nowcast is the chain ladder: observed / F(age) with F from reverse-time hazards (hand-derived)', () => {
    const result = nowcast(small, { samples: 500, seed: 2 });
    // n_1 = 10 + 11 = 21, R_1 = 20 + 23 = 43: F(0) = 22/43, development factor 43/22
    expectClose(result.delay.reverseHazard, [1, 21 / 43], { rtol: 1e-15, atol: 0 });
    expectClose(result.delay.developmentFactors[1] as number, 43 / 22, { rtol: 1e-15, atol: 0 });
    expectClose(result.estimate as number[], [20, 23, (8 * 43) / 22], { rtol: 1e-15, atol: 0 });
    expect(result.observed).toEqual([20, 23, 8]);
    // complete rows are known exactly; the open row's interval contains the observed count and more
    expect([result.lower[0], result.upper[0]]).toEqual([20, 20]);
    expect(result.lower[2]).toBeGreaterThanOrEqual(8);
    expect(result.upper[2]).toBeGreaterThan(result.estimate[2] as number);
  });

  it('nowcast warns, naming the period, when the chain-ladder estimate is null beside a median and interval', () => {
    const late: ReportingTriangle = {
      ...small,
      counts: [
        [0, 10],
        [0, 11],
        [3, null],
      ],
    };
    const result = nowcast(late, { samples: 200, seed: 2 });
    expect(result.estimate[2]).toBeNull();
    expect(Number.isFinite(result.median[2])).toBe(true);
    expect(result.warnings.map((w) => w.code)).toEqual(['nowcast-undefined']);
    expect(result.warnings[0].message).toMatch(
      /^nowcast: the chain-ladder estimate is undefined \(null\) for 2011-05-03/,
    );
    expect(nowcast(small, { samples: 200, seed: 2 }).warnings).toEqual([]);
  });

  it('nowcast of husO104Hosp at 2011-06-05 covers the later final counts of the last week', () => {
    const tri = reportingTriangle(husRecords, { unit: 'day', now: '2011-06-05', maxDelay: 15 });
    const final = reportingTriangle(husRecords, { unit: 'day', maxDelay: 15 });
    const result = nowcast(tri, { samples: 2000, seed: 1, window: 7 });
    const n = result.periods.length;
    let covered = 0;
    for (let t = n - 7; t < n; t++) {
      const total = (final.counts[t] as number[]).reduce((s, v) => s + (v ?? 0), 0);
      if (total >= result.lower[t] && total <= result.upper[t]) covered++;
    }
    expect(covered).toBeGreaterThanOrEqual(6);
    expect(result.prior.rows).toBeGreaterThanOrEqual(3);
  });

  it('nowcast rejects a ragged triangle and a missing observable cell', () => {
    const ragged = { ...small, counts: [[10, 10], [12], [8, null]] } as ReportingTriangle;
    expect(() => nowcast(ragged)).toThrow(
      /every row to have maxDelay \+ 1 = 2 cells; received 1 in row 2/,
    );
    const missing = {
      ...small,
      counts: [
        [10, null],
        [12, 11],
        [8, null],
      ],
    } as ReportingTriangle;
    expect(() => nowcast(missing)).toThrow(
      /observable cells to be counts >= 0; received null in row 1 \(2011-05-01\), delay 1/,
    );
  });
});
