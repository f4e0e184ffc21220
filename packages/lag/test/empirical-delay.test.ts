import { createRandom, DataError } from '@muster/core';
import { describe, expect, it } from 'vitest';
import { delayMean, delayPmf, empiricalDelay } from '../src/index.ts';
import { expectClose } from './helpers.ts';

describe('empiricalDelay', () => {
  it('empiricalDelay corrects for right truncation with reverse-time hazards (hand-derived)', () => {
    // observed until period 3: offence 0 with delays 0..3, offence 1 with 0, 1, offences 2 and 3 with 0
    const offence = [0, 0, 0, 0, 1, 1, 2, 3];
    const court = [0, 1, 2, 3, 1, 2, 2, 3];
    const delay = empiricalDelay(offence, court, { observedUntil: 3 });
    expect(delay.counts).toEqual([4, 2, 1, 1]);
    expect(delay.atRisk).toEqual([4, 5, 5, 4]);
    // g = (., 2/5, 1/5, 1/4); F(3) = 1, F(2) = 3/4, F(1) = 3/5, F(0) = 9/25
    expectClose(delay.reverseHazard, [1, 0.4, 0.2, 0.25], { rtol: 1e-15, atol: 0 });
    expectClose(delay.pmf, [0.36, 0.24, 0.15, 0.25], { rtol: 1e-14, atol: 0 });
    expectClose(delay.naive, [0.5, 0.25, 0.125, 0.125], { rtol: 1e-15, atol: 0 });
    expect(delay.n).toBe(8);
  });

  it('empiricalDelay counts months between ISO dates, and weeks as floor(days / 7)', () => {
    const months = empiricalDelay(['2023-01-31', '2023-02-01'], ['2023-02-01', '2023-02-28'], {
      unit: 'month',
    });
    expect(months.counts).toEqual([1, 1]);
    const weeks = empiricalDelay(['2011-05-02', '2011-05-02'], ['2011-05-08', '2011-05-16'], {
      unit: 'week',
    });
    expect(weeks.counts).toEqual([1, 0, 1]);
  });

  it('empiricalDelay recovers a gamma delay from truncated simulated pairs where naive proportions are biased', () => {
    const truth = delayPmf({ distribution: 'gamma', mean: 5, sd: 2.5, maxDelay: 14 });
    const random = createRandom(2024);
    const offence: number[] = [];
    const court: number[] = [];
    const until = 36;
    for (let t = 0; t <= until; t++) {
      const n = random.poisson(20 * 1.1 ** t);
      for (let i = 0; i < n; i++) {
        let u = random.uniform();
        let d = 0;
        while (d < 14 && u >= truth.pmf[d]) u -= truth.pmf[d++];
        if (t + d <= until) {
          offence.push(t);
          court.push(t + d);
        }
      }
    }
    const delay = empiricalDelay(offence, court, { observedUntil: until, maxDelay: 14 });
    const naiveMean = delay.naive.reduce((s, p, d) => s + d * p, 0);
    expect(Math.abs(delay.mean - delayMean(truth))).toBeLessThan(0.1);
    // growth of 10% a month with truncation at month 36: naive proportions understate the mean by about half a month
    expect(delayMean(truth) - naiveMean).toBeGreaterThan(0.3);
  });

  it('empiricalDelay rejects a court date before its offence, naming the pair', () => {
    expect(() => empiricalDelay(['2023-05', '2023-06'], ['2023-05', '2023-04'])).toThrow(DataError);
    expect(() => empiricalDelay(['2023-05', '2023-06'], ['2023-05', '2023-04'])).toThrow(
      /court dates on or after offence dates; received 2023-04 before 2023-06 in pair 2/,
    );
  });

  it('empiricalDelay rejects arrays of different lengths and unparseable dates', () => {
    expect(() => empiricalDelay(['2023-05'], [])).toThrow(
      /as many court dates as offence dates; received 1 offence and 0 court dates/,
    );
    expect(() => empiricalDelay(['May 2023'], ['2023-06'])).toThrow(
      /YYYY-MM-DD or YYYY-MM .* received May 2023/,
    );
  });
});
