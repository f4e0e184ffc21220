import { describe, expect, it } from 'vitest';
import { type ConfType, kaplanMeier } from '../../src/index.ts';
import random from '../fixtures/km-quantiles-random.json' with { type: 'json' };
import { expectClose } from '../helpers.ts';

// quantile.survfit reads times off the data, so agreement is exact up to rounding of the midpoint
const TIME = { rtol: 1e-12, atol: 1e-12 };

interface RandomCase {
  time: number[];
  status: number[];
  start: number[] | null;
  confType: ConfType;
  quantile: (number | null)[];
  lower: (number | null)[];
  upper: (number | null)[];
}

describe('kaplanMeier quantiles against quantile.survfit', () => {
  it('kaplanMeier finds the upper limit of a non-monotone limit curve as approx() does', () => {
    // R: quantile(survfit(Surv(time, status) ~ 1), 0.05) gives 1 (1, 11)
    const fit = kaplanMeier(
      [11, 9, 1, 11, 1, 8, 5, 3, 4, 12, 1],
      [1, 0, 1, 1, 0, 0, 1, 1, 1, 1, 1],
      {
        quantiles: [0.05],
      },
    );
    expect(fit.strata[0].quantiles).toEqual([{ probability: 0.05, time: 1, lower: 1, upper: 11 }]);
  });

  it(`kaplanMeier matches R on ${random.cases.length} random small data sets (right-censored and late entry)`, () => {
    let nonMonotone = 0;
    for (const [k, raw] of random.cases.entries()) {
      const c = raw as unknown as RandomCase;
      const fit = kaplanMeier(c.time, c.status, {
        start: c.start ?? undefined,
        confType: c.confType,
        quantiles: random.probs,
      });
      const q = fit.strata[0].quantiles ?? [];
      const upperCurve = fit.strata[0].table.map((row) => row.upper ?? Number.NaN);
      const lowerCurve = fit.strata[0].table.map((row) => row.lower ?? Number.NaN);
      const rises = (curve: number[]) => curve.some((v, i) => i > 0 && v > curve[i - 1]);
      if (rises(upperCurve) || rises(lowerCurve)) nonMonotone++;
      random.probs.forEach((p, j) => {
        expectClose(q[j].time, c.quantile[j], TIME, `case ${k + 1} p=${p} quantile`);
        expectClose(q[j].lower, c.lower[j], TIME, `case ${k + 1} p=${p} lower`);
        expectClose(q[j].upper, c.upper[j], TIME, `case ${k + 1} p=${p} upper`);
      });
    }
    // the set exercises the non-monotone limit curves the fix is about
    expect(nonMonotone).toBeGreaterThan(5);
  });
});
