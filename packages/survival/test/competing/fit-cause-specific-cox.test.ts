import { DataError, FormulaError } from '@muster/core';
import { describe, expect, it } from 'vitest';
import { fitCauseSpecificCox } from '../../src/competing/fit-cause-specific-cox.ts';
import { expectClose, expectPValue, fixtureCsv, fixtureJson, README } from './close.ts';

describe('fitCauseSpecificCox', () => {
  it('finegray-cause-specific-cox-mgus2: matches coxph(Surv(etime, event == 1) ~ age + sex)', () => {
    const c = fixtureJson('finegray-cause-specific-cox-mgus2.json');
    const fit = fitCauseSpecificCox(c.formula, fixtureCsv(c.data), { cause: c.cause });
    expect(fit.nEvents).toBe(c.expected.nevent);
    expect(fit.nobs).toBe(c.expected.nobs);
    expect(fit.causeSpecific).toEqual({
      event: 'event',
      cause: '1',
      censorCode: '0',
      nCause: 115,
      nCompeting: 860,
      nCensored: 409,
    });
    c.expected.coefficients.forEach(
      (
        e: {
          term: string;
          estimate: number;
          hazardRatio: number;
          stdError: number;
          statistic: number;
          pValue: number;
        },
        j: number,
      ) => {
        const a = fit.coefficients[j];
        expect(a.term).toBe(e.term);
        expectClose(a.estimate, e.estimate, README, `${e.term} estimate`);
        expectClose(a.hazardRatio, e.hazardRatio, README, `${e.term} HR`);
        expectClose(a.stdError, e.stdError, README, `${e.term} se`);
        expectPValue(a.pValue, e.pValue, `${e.term} p`);
      },
    );
    // the reference case keeps R's names: logLik = [null model, fitted], nevent
    expectClose(fit.logLikNull, c.expected.logLik[0], README, 'logLik null');
    expectClose(fit.logLik, c.expected.logLik[1], README, 'logLik');
  });

  it('fitCauseSpecificCox requires events of the cause and a column name as Surv event', () => {
    const data = { t: [1, 2, 3, 4], e: [0, 2, 2, 0], x: [1, 2, 3, 4] };
    expect(() => fitCauseSpecificCox('Surv(t, e) ~ x', data, { cause: 1 })).toThrow(DataError);
    expect(() => fitCauseSpecificCox('Surv(t, log(e)) ~ x', data, { cause: 2 })).toThrow(
      FormulaError,
    );
  });
});
