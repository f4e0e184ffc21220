import { InvalidArgumentError } from '@muster/core';
import { describe, expect, it } from 'vitest';
import { numberAtRisk } from '../src/index.ts';
import { referenceCase, rReference } from './helpers/fixtures.ts';

const tiny = {
  strata: [
    {
      group: 'all',
      table: [
        { time: 2, nRisk: 5, nEvent: 1, nCensor: 0, surv: 0.8 },
        { time: 4, nRisk: 4, nEvent: 0, nCensor: 1, surv: 0.8 },
        { time: 6, nRisk: 3, nEvent: 2, nCensor: 1, surv: 0.2667 },
      ],
    },
  ],
};

describe('numberAtRisk', () => {
  it('numberAtRisk counts subjects with follow-up >= t: before, at, between and after the rows', () => {
    // Hand-derived: 5 at risk until time 2 (inclusive), 4 in (2, 4], 3 in (4, 6], 0 after 6.
    expect(numberAtRisk(tiny, [0, 2, 2.5, 4, 5, 6, 7]).map((r) => r.nRisk)).toEqual([
      5, 5, 4, 4, 3, 3, 0,
    ]);
  });

  it('numberAtRisk(lung by sex) equals R summary(fit, times, extend = TRUE)$n.risk', () => {
    const r = rReference.lungNumberAtRisk;
    const times: number[] = r.time.slice(0, r.time.length / 2);
    const rows = numberAtRisk(referenceCase('km-lung-sex').expected, times);
    // Counts: exact equality.
    expect(rows.map((row) => row.group)).toEqual(r.group);
    expect(rows.map((row) => row.time)).toEqual(r.time);
    expect(rows.map((row) => row.nRisk)).toEqual(r.nRisk);
  });

  it('numberAtRisk(veteran) equals R for a single curve', () => {
    const r = rReference.veteranNumberAtRisk;
    const rows = numberAtRisk(referenceCase('km-veteran-all-loglog').expected, r.time);
    expect(rows.map((row) => row.nRisk)).toEqual(r.nRisk);
  });

  it('numberAtRisk keeps the order of the given times and handles an empty table', () => {
    expect(numberAtRisk(tiny, [7, 0]).map((r) => r.nRisk)).toEqual([0, 5]);
    expect(numberAtRisk({ strata: [{ group: 'g', table: [] }] }, [1])).toEqual([
      { group: 'g', time: 1, nRisk: 0 },
    ]);
  });

  it('numberAtRisk rejects non-finite times and unsorted tables', () => {
    expect(() => numberAtRisk(tiny, [Number.NaN])).toThrow(InvalidArgumentError);
    expect(() => numberAtRisk(tiny, [Number.NaN])).toThrow(
      'numberAtRisk requires finite times; received NaN',
    );
    const unsorted = {
      strata: [{ group: 'a', table: [tiny.strata[0].table[1], tiny.strata[0].table[0]] }],
    };
    expect(() => numberAtRisk(unsorted, [1])).toThrow(
      'numberAtRisk requires finite, non-decreasing times; received 2 in row 2 of group "a"',
    );
    expect(() => numberAtRisk({ strata: [] }, [1])).toThrow(
      'numberAtRisk requires at least one stratum; received 0',
    );
  });
});
