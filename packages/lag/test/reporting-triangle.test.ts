import { describe, expect, it } from 'vitest';
import { reportingTriangle } from '../src/index.ts';
import { readCsvRows } from './helpers.ts';

const hus = readCsvRows('husO104Hosp.csv').slice(1);
const husRecords = { event: hus.map((r) => r[0]), report: hus.map((r) => r[1]) };

describe('reportingTriangle', () => {
  it('reportingTriangle counts events by period and delay and hides cells after now', () => {
    const tri = reportingTriangle(
      {
        event: ['2011-05-01', '2011-05-01', '2011-05-02', '2011-05-02'],
        report: ['2011-05-01', '2011-05-02', '2011-05-02', '2011-05-03'],
      },
      { unit: 'day', now: '2011-05-02' },
    );
    expect(tri.periods).toEqual(['2011-05-01', '2011-05-02']);
    expect(tri.counts).toEqual([
      [1, 1],
      [1, null],
    ]);
    expect(tri.now).toBe('2011-05-02');
  });

  it('reportingTriangle accepts delays with counts (the denguedat layout)', () => {
    const tri = reportingTriangle(
      { event: ['1990-01-01', '1990-01-01', '1990-01-08'], delay: [0, 1, 0], count: [3, 24, 5] },
      { unit: 'week' },
    );
    expect(tri.counts).toEqual([
      [3, 24],
      [5, null],
    ]);
    expect(tri.periods).toEqual(['1990-01-01', '1990-01-08']);
  });

  it('reportingTriangle of husO104Hosp at 2011-06-02 has 27 rows and 630 minus later reports', () => {
    const tri = reportingTriangle(husRecords, { unit: 'day', now: '2011-06-02', maxDelay: 15 });
    expect(tri.periods[0]).toBe('2011-05-07');
    expect(tri.periods.at(-1)).toBe('2011-06-02');
    const known = tri.counts.flat().reduce((s: number, v) => s + (v ?? 0), 0);
    expect(known).toBe(hus.filter((r) => r[1] <= '2011-06-02').length);
  });

  it('reportingTriangle rejects a report before its event, naming the record', () => {
    expect(() => reportingTriangle({ event: ['2011-05-02'], report: ['2011-05-01'] })).toThrow(
      /report dates on or after event dates; received 2011-05-01 before 2011-05-02 in record 1/,
    );
  });
});
