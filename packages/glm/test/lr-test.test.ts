import { describe, expect, it } from 'vitest';
import { fitGlm, lrTest } from '../src/index.ts';
import { expectClose, fixtureCsv, fixtureText, REFERENCE } from './helpers.ts';

interface LrCase {
  data: string;
  family: 'binomial' | 'gaussian';
  weights: string | null;
  reduced: string;
  full: string;
  expected: { df: number; deviance: number; pValue: number };
}

const cases = (JSON.parse(fixtureText('extra-cases.json')) as { lrtests: LrCase[] }).lrtests;

describe('lrTest: analysis of deviance as anova(reduced, full, test = "Chisq")', () => {
  for (const c of cases) {
    it(`lrTest(${c.reduced}, ${c.full}) matches R for the ${c.family} family`, async () => {
      const options = {
        family: c.family,
        weights: c.weights ?? undefined,
        profile: false,
      } as const;
      const reduced = await fitGlm(c.reduced, fixtureCsv(c.data), options);
      const full = await fitGlm(c.full, fixtureCsv(c.data), options);
      const test = lrTest(reduced, full);
      expect(test.df).toBe(c.expected.df);
      expectClose(test.deviance, c.expected.deviance, REFERENCE, 'deviance');
      expectClose(test.pValue, c.expected.pValue, REFERENCE, 'p-value');
      expect(test.warnings).toEqual([]);
      expect(test.models.map((m) => m.formula)).toEqual([c.reduced, c.full]);
    });
  }

  it('lrTest for binomial fits is 2 (logLik_full - logLik_reduced)', async () => {
    const data = fixtureCsv('lyall_synthetic.csv');
    const reduced = await fitGlm('mass_desertion ~ inequality', data, {
      family: 'binomial',
      profile: false,
    });
    const full = await fitGlm('mass_desertion ~ inequality + regime', data, {
      family: 'binomial',
      profile: false,
    });
    const test = lrTest(reduced, full);
    expectClose(
      test.statistic,
      2 * (full.logLik - reduced.logLik),
      { rtol: 1e-12, atol: 1e-12 },
      'statistic',
    );
    expect(test.dispersion).toBe(1);
  });

  it("lrTest accepts the larger model first with R's signs (anova(big, small)) and warns on non-nested models", async () => {
    const data = fixtureCsv('lyall_synthetic.csv');
    const a = await fitGlm('mass_desertion ~ inequality', data, {
      family: 'binomial',
      profile: false,
    });
    const b = await fitGlm('mass_desertion ~ inequality + regime', data, {
      family: 'binomial',
      profile: false,
    });
    const c = await fitGlm('mass_desertion ~ initiator', data, {
      family: 'binomial',
      profile: false,
    });
    // R: anova(glm(mass_desertion ~ inequality + regime), glm(mass_desertion ~ inequality), test = "Chisq")
    const r = JSON.parse(fixtureText('edge-cases.json')).cases.lrSwapped;
    const swapped = lrTest(b, a);
    expect(swapped.df).toBe(r.df);
    expectClose(swapped.deviance, r.deviance, REFERENCE, 'deviance');
    expectClose(swapped.pValue, r.pValue, REFERENCE, 'pValue');
    expect(swapped.models.map((m) => m.formula)).toEqual([b.formula, a.formula]);
    expect(swapped.warnings).toEqual([]);
    const ordered = lrTest(a, b);
    expect([ordered.df, ordered.deviance]).toEqual([-swapped.df, -swapped.deviance]);
    expect(ordered.pValue).toBe(swapped.pValue);
    expect(lrTest(c, b).warnings.map((w) => w.code)).toEqual(['glm-not-nested']);
  });

  it('lrTest rejects fits to different observations or families', async () => {
    const data = fixtureCsv('lyall_synthetic.csv');
    const a = await fitGlm('mass_desertion ~ inequality', data, {
      family: 'binomial',
      profile: false,
    });
    const poisson = await fitGlm('mass_desertion ~ inequality + regime', data, {
      family: 'poisson',
      profile: false,
    });
    expect(() => lrTest(a, poisson)).toThrow(/same family, link and method/);
    const fewer = await fitGlm(
      'mass_desertion ~ inequality + regime',
      { ...data, regime: (data.regime as string[]).map((r, i) => (i < 5 ? null : r)) } as never,
      {
        family: 'binomial',
        profile: false,
      },
    );
    expect(() => lrTest(a, fewer)).toThrow(/same observations; received 377 and 372/);
    expect(() => lrTest(a, a)).toThrow(/different residual degrees of freedom/);
  });
});
