import { expectClose } from '@muster/test-support';
import { describe, expect, it } from 'vitest';
import { oddsRatioPlot } from '../src/index.ts';
import { referenceCase } from './helpers/fixtures.ts';
import { schemaErrors } from './helpers/vega.ts';

// biome-ignore lint/suspicious/noExplicitAny: specs are plain JSON
type Json = any;
const lyall = referenceCase('glm-lyall-logit').expected;

describe('oddsRatioPlot', () => {
  it('oddsRatioPlot exponentiates the estimate and the chosen bounds (as exp(confint(fit)))', () => {
    const spec: Json = oddsRatioPlot(lyall);
    for (const row of spec.data.values) {
      const c = lyall.coefficients.find((x: Json) => x.term === row.term);
      // tolerance: rtol 1e-15 (Math.exp is correctly rounded to ~1 ulp)
      expectClose(row.estimate, Math.exp(c.estimate), { rtol: 1e-15, atol: 1e-10 });
      expectClose(row.lower, Math.exp(c.profileLower), { rtol: 1e-15, atol: 1e-10 });
      expectClose(row.upper, Math.exp(c.profileUpper), { rtol: 1e-15, atol: 1e-10 });
    }
  });

  it('oddsRatioPlot puts the x axis on a log scale with the reference line at 1', () => {
    const spec: Json = oddsRatioPlot(lyall);
    expect(spec.layer[0].encoding.x).toEqual({ datum: 1, type: 'quantitative' });
    expect(spec.layer[1].encoding.x.scale).toEqual({ type: 'log' });
    expect(spec.layer[2].encoding.x.scale).toEqual({ type: 'log' });
    expect(spec.layer[2].encoding.x.title).toBe('Odds ratio (95% profile-likelihood interval)');
  });

  it('oddsRatioPlot(poisson) with an xTitle serves rate ratios', () => {
    const spec: Json = oddsRatioPlot(referenceCase('glm-poisson-offset').expected, {
      xTitle: 'Rate ratio',
      interval: 'wald',
    });
    expect(spec.layer[2].encoding.x.title).toBe('Rate ratio');
    expect(schemaErrors(spec)).toEqual([]);
  });

  it('oddsRatioPlot drops bounds that overflow exp() instead of emitting Infinity', () => {
    const separated = referenceCase('glm-separation-complete').expected;
    const spec: Json = oddsRatioPlot(separated, { terms: ['x', 'z'] });
    const x = spec.data.values[0];
    // finite (about 1e144); tolerance rtol 1e-15
    expectClose(x.estimate, Math.exp(separated.coefficients[1].estimate), {
      rtol: 1e-15,
      atol: 1e-10,
    });
    expect([x.lower, x.upper]).toEqual([null, null]);
    expect(JSON.stringify(spec)).not.toMatch(/Infinity|NaN/);
    expect(schemaErrors(spec)).toEqual([]);
  });

  it('oddsRatioPlot marks an estimate whose exp() overflows as not finite', () => {
    const spec: Json = oddsRatioPlot({ coefficients: [{ term: 'x', estimate: 800 }] });
    expect(spec.data.values[0]).toMatchObject({ estimate: null, note: 'not finite' });
  });
});
