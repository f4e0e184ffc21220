import { describe, expect, it } from 'vitest';
import { fitGlm, predictGlm } from '../src/index.ts';
import { expectClose, fixtureCsv, fixtureText, REFERENCE } from './helpers.ts';

interface PredictionFixture {
  formula: string;
  family: 'binomial';
  data: string;
  newdata: Record<string, (number | string)[]>;
  link: { fit: number[]; stdError: number[] };
  response: { fit: number[]; stdError: number[] };
}

const fixture = (JSON.parse(fixtureText('extra-cases.json')) as { predictions: PredictionFixture })
  .predictions;

describe('predictGlm: predictions with standard errors as predict.glm(se.fit = TRUE)', () => {
  it('predictGlm on the link scale matches R: fit and standard error', async () => {
    const fit = await fitGlm(fixture.formula, fixtureCsv(fixture.data), {
      family: fixture.family,
      profile: false,
    });
    const p = predictGlm(fit, fixture.newdata, { type: 'link' });
    p.fit.forEach((v, i) => {
      expectClose(v, fixture.link.fit[i], REFERENCE, `fit ${i}`);
    });
    p.stdError.forEach((v, i) => {
      expectClose(v, fixture.link.stdError[i], REFERENCE, `se ${i}`);
    });
    p.lower.forEach((v, i) => {
      expectClose(
        v,
        fixture.link.fit[i] - 1.959963984540054 * fixture.link.stdError[i],
        REFERENCE,
        `lower ${i}`,
      );
    });
    expect(p.rows).toEqual([1, 2, 3]);
  });

  it('predictGlm on the response scale matches R (delta-method se) and keeps the interval inside [0, 1]', async () => {
    const fit = await fitGlm(fixture.formula, fixtureCsv(fixture.data), {
      family: fixture.family,
      profile: false,
    });
    const p = predictGlm(fit, fixture.newdata);
    expect(p.type).toBe('response');
    p.fit.forEach((v, i) => {
      expectClose(v, fixture.response.fit[i], REFERENCE, `fit ${i}`);
    });
    p.stdError.forEach((v, i) => {
      expectClose(v, fixture.response.stdError[i], REFERENCE, `se ${i}`);
    });
    p.fit.forEach((v, i) => {
      expect(p.lower[i]).toBeGreaterThanOrEqual(0);
      expect(p.upper[i]).toBeLessThanOrEqual(1);
      expect(p.lower[i]).toBeLessThan(v);
      expect(p.upper[i]).toBeGreaterThan(v);
      // The limits are the inverse logit of the link-scale limits.
      const link = predictGlm(fit, fixture.newdata, { type: 'link' });
      expectClose(
        p.lower[i],
        1 / (1 + Math.exp(-link.lower[i])),
        { rtol: 1e-12, atol: 1e-15 },
        'lower',
      );
    });
  });

  it('predictGlm uses the covariance of the fit (vcov) and applies offset() terms to new data', async () => {
    const data = fixtureCsv('convictions_by_district.csv');
    const formula = 'convictions ~ republic + period + offset(log(personnel))';
    const classical = await fitGlm(formula, data, { family: 'poisson', profile: false });
    const robust = await fitGlm(formula, data, { family: 'poisson', vcov: 'HC0', profile: false });
    const newData = { republic: [1], period: ['2023H1'], personnel: [10000] };
    const a = predictGlm(classical, newData, { type: 'link' });
    const b = predictGlm(robust, newData, { type: 'link' });
    const beta = classical.coefficients.map((c) => c.estimate as number);
    expectClose(
      a.fit[0],
      beta[0] + beta[1] + beta[2] + Math.log(10000),
      { rtol: 1e-12, atol: 1e-12 },
      'eta',
    );
    expect(b.fit[0]).toBe(a.fit[0]);
    expect(b.stdError[0]).not.toBe(a.stdError[0]);
    expect(b.vcovType).toBe('HC0');
  });

  it('predictGlm skips rows with missing values and rejects unseen factor levels naming the row', async () => {
    const fit = await fitGlm(fixture.formula, fixtureCsv(fixture.data), {
      family: 'binomial',
      profile: false,
    });
    const p = predictGlm(fit, {
      inequality: [0.1, null],
      troops: [1000, 2000],
      regime: ['democracy', 'anocracy'],
      initiator: [0, 1],
    });
    expect(p.rows).toEqual([1]);
    expect(() =>
      predictGlm(fit, { inequality: [0.1], troops: [1000], regime: ['monarchy'], initiator: [0] }),
    ).toThrow(/'monarchy' in data row 1/);
  });

  it('predictGlm uses t quantiles with the residual df for a gaussian fit', async () => {
    const fit = await fitGlm('y ~ x', { y: [1, 3, 2, 5, 4], x: [1, 2, 3, 4, 5] });
    const p = predictGlm(fit, { x: [3] }, { confLevel: 0.9 });
    // At the mean of x the standard error is sqrt(dispersion / n) = sqrt(1.2 / 5); t(0.95, 3) = 2.353363434801823
    expectClose(p.stdError[0], Math.sqrt(1.2 / 5), { rtol: 1e-9, atol: 0 }, 'se');
    expectClose(
      p.upper[0],
      3 + 2.353363434801823 * Math.sqrt(1.2 / 5),
      { rtol: 1e-9, atol: 0 },
      'upper',
    );
  });

  it('predictGlm(fit, rows) with an array of row objects equals the same data as columns, with the same validation', async () => {
    const fit = await fitGlm(fixture.formula, fixtureCsv(fixture.data), {
      family: 'binomial',
      profile: false,
    });
    const columns = {
      inequality: [0.1, null, 0.4],
      troops: [1000, 2000, 5000],
      regime: ['democracy', 'anocracy', 'autocracy'],
      initiator: [0, 1, 1],
    };
    const rows = [
      { inequality: 0.1, troops: 1000, regime: 'democracy', initiator: 0 },
      { troops: 2000, regime: 'anocracy', initiator: 1 }, // no inequality: missing, left out
      { inequality: 0.4, troops: 5000, regime: 'autocracy', initiator: 1 },
    ];
    expect(predictGlm(fit, rows)).toEqual(predictGlm(fit, columns));
    expect(predictGlm(fit, rows).rows).toEqual([1, 3]);
    expect(() =>
      predictGlm(fit, [{ inequality: 0.1, troops: 1000, regime: 'monarchy', initiator: 0 }]),
    ).toThrow(/'monarchy' in data row 1/);
    expect(() => predictGlm(fit, [rows[0], null] as never)).toThrow(
      'predictGlm requires data rows to be objects of values by column; row 2 is null',
    );
  });

  it('predictGlm(fit, rows) reads the offset column from row objects and checks offset values against the row count', async () => {
    const data = fixtureCsv('convictions_by_district.csv');
    const logPersonnel = Array.from(data.personnel as ArrayLike<number>, Math.log);
    const fit = await fitGlm(
      'convictions ~ republic + period',
      { ...data, logPersonnel },
      {
        family: 'poisson',
        offset: 'logPersonnel',
        profile: false,
      },
    );
    const rows = [
      { republic: 1, period: '2023H1', logPersonnel: 9.2 },
      { republic: 0, period: '2023H1', logPersonnel: 8.5 },
    ];
    const columns = { republic: [1, 0], period: ['2023H1', '2023H1'], logPersonnel: [9.2, 8.5] };
    expect(predictGlm(fit, rows, { type: 'link' }).fit).toEqual(
      predictGlm(fit, columns, { type: 'link' }).fit,
    );
    const plain = await fitGlm('convictions ~ republic + period', data, {
      family: 'poisson',
      profile: false,
    });
    expect(() => predictGlm(plain, rows, { offset: [1] })).toThrow(
      'predictGlm requires one offset value per row of the new data (2); received 1',
    );
  });
});
