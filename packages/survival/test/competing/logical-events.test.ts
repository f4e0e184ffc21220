import { describe, expect, it } from 'vitest';
import { cumulativeIncidence, fitCauseSpecificCox, fitFineGray } from '../../src/index.ts';

const time = [5, 3, 8, 1, 9, 4, 7, 2, 6, 10];
const numeric = [1, 0, 1, 1, 0, 1, 1, 0, 0, 1];
const x = [0, 1, 1, 1, 0, 0, 1, 0, 1, 0];
const asText = numeric.map((e) => (e === 1 ? 'TRUE' : 'FALSE'));
const asLogical = numeric.map((e) => e === 1);

describe('competing-risk functions read logical events as Surv() does (TRUE = 1, FALSE = 0)', () => {
  it('cumulativeIncidence gives the same curve for 0/1, true/false and TRUE/FALSE text', () => {
    const reference = cumulativeIncidence(
      { time, event: numeric },
      { time: 'time', event: 'event' },
    );
    for (const event of [asText, asLogical]) {
      const fit = cumulativeIncidence({ time, event }, { time: 'time', event: 'event' });
      expect(fit.causes).toEqual(reference.causes);
      expect(fit.strata[0].table).toEqual(reference.strata[0].table);
    }
  });

  it('fitFineGray and fitCauseSpecificCox take cause 1 for TRUE', () => {
    const a = fitFineGray(
      { time, event: numeric, x },
      { time: 'time', event: 'event', cause: 1, covariates: ['x'] },
    );
    const b = fitFineGray(
      { time, event: asText, x },
      { time: 'time', event: 'event', cause: 1, covariates: ['x'] },
    );
    expect(b.coefficients).toEqual(a.coefficients);
    const c = fitCauseSpecificCox(
      'Surv(time, event) ~ x',
      { time, event: numeric, x },
      { cause: 1 },
    );
    const d = fitCauseSpecificCox(
      'Surv(time, event) ~ x',
      { time, event: asLogical, x },
      { cause: 1 },
    );
    expect(d.coefficients).toEqual(c.coefficients);
  });
});
