/**
 * estimateEffect against R: glm(y ~ treat, weights = weights, family = quasibinomial) on
 * match.data(m) with lmtest::coeftest and sandwich::vcovCL(cluster = ~subclass) (pairs) or
 * vcovHC(type = "HC3") (replacement, cem, subclassification), within 1e-6 relative.
 */
import { COEFFICIENT_ROW_FIELDS, type FitResultBase, isFitResult, qnorm } from '@muster/core';
import { describe, expect, it } from 'vitest';
import { estimateEffect, matchIt } from '../src/index.ts';
import { expectClose, fixtureData, fixtureJson, type ReferenceCase, runCase } from './helpers.ts';

const reference = fixtureJson<{ cases: ReferenceCase[] }>('matchit-cases.json');
const data = fixtureData('belligerents.csv');
const TOL = { rtol: 1e-6, atol: 1e-10 };

describe('estimateEffect', () => {
  for (const c of reference.cases.filter((k) => k.effect !== undefined)) {
    it(`estimateEffect after ${c.id} agrees with glm + ${c.effect!.vcov === 'cluster' ? 'vcovCL by pair' : 'vcovHC HC3'}`, async () => {
      const m = await runCase(c);
      const effect = await estimateEffect(m, data, { outcome: c.effect!.outcome });
      expect(effect.vcovType).toBe(c.effect!.vcov);
      expect(effect.nobs).toBe(c.effect!.nobs);
      c.effect!.coefficients.forEach((e, j) => {
        const a = effect.coefficients[j]!;
        expect(a.term).toBe(e.term);
        for (const key of ['estimate', 'stdError', 'statistic', 'pValue'] as const) {
          expectClose(a[key], e[key], TOL, `${e.term}.${key}`);
        }
      });
      expect(effect.estimate).toBe(effect.coefficients[1]!.estimate);
      expect(effect.warnings.map((w) => w.code)).not.toContain('glm-non-integer');
    });
  }

  it('estimateEffect with a gaussian outcome agrees with lm + coeftest(vcovCL by pair), t on the residual df', async () => {
    const g = fixtureJson<{
      gaussianEffect: NonNullable<ReferenceCase['effect']> & { df: number };
    }>('matchit-cases.json').gaussianEffect;
    const m = await runCase(reference.cases.find((c) => c.id === 'nearest')!);
    const effect = await estimateEffect(m, data, { outcome: 'duration', family: 'gaussian' });
    expect(effect.statisticType).toBe('t');
    expect(effect.fit.dfResidual).toBe(g.df);
    for (const [j, e] of g.coefficients.entries()) {
      for (const key of ['estimate', 'stdError', 'statistic', 'pValue'] as const) {
        expectClose(effect.coefficients[j]![key], e[key], TOL, `${e.term}.${key}`);
      }
    }
  });

  it('estimateEffect rejects data of another size and an unknown outcome', async () => {
    const m = await matchIt(
      't ~ x',
      { t: [1, 1, 0, 0, 0], x: [0.9, 0.4, 0.5, 0.8, 0.1] },
      { distance: 'x' },
    );
    await expect(estimateEffect(m, { t: [1, 0], y: [1, 0] }, { outcome: 'y' })).rejects.toThrow(
      'estimateEffect requires the data the match was made on (5 rows); received 2 rows',
    );
    await expect(
      estimateEffect(m, { t: [1, 1, 0, 0, 0], x: [0.9, 0.4, 0.5, 0.8, 0.1] }, { outcome: 'y' }),
    ).rejects.toThrow("estimateEffect requires outcome to name a column of data; received 'y'");
  });

  it('estimateEffect returns the shared fit fields: vcov is the robust covariance behind stdError', async () => {
    const m = await runCase(reference.cases.find((c) => c.id === 'nearest')!);
    const effect: FitResultBase = await estimateEffect(m, data, {
      outcome: 'mass_desertion',
      confLevel: 0.9,
    });
    expect(isFitResult(effect)).toBe(true);
    expect(effect).toMatchObject({
      kind: 'matched-effect',
      vcovType: 'cluster',
      statisticType: 'z',
      dfResidual: null,
      confLevel: 0.9,
    });
    expect(Object.keys(effect.coefficients[0]!)).toEqual([...COEFFICIENT_ROW_FIELDS]);
    effect.coefficients.forEach((c, j) => {
      expectClose(Math.sqrt(effect.vcov[j]![j]!), c.stdError, { rtol: 1e-12 }, c.term);
      expectClose(c.upper! - c.estimate!, qnorm(0.95) * c.stdError!, { rtol: 1e-12 }, c.term);
    });
    const y = data.mass_desertion as number[];
    const successes = m.weights.reduce((s, w, i) => s + (w > 0 ? w * y[i]! : 0), 0);
    expectClose(effect.nEvents, successes, { rtol: 1e-12 }, 'nEvents');
  });

  it('estimateEffect and matchIt reject unknown options and the old level, naming confLevel', async () => {
    const m = await runCase(reference.cases.find((c) => c.id === 'nearest')!);
    await expect(
      estimateEffect(m, data, { outcome: 'mass_desertion', level: 0.9 } as never),
    ).rejects.toThrow("estimateEffect no longer takes 'level'; use 'confLevel'");
    await expect(
      matchIt('high_inequality ~ duration', data, { calliper: 0.2 } as never),
    ).rejects.toThrow(/matchIt does not know the option 'calliper' \(did you mean 'caliper'\?\)/);
  });
});
