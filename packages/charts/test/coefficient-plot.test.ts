import { InvalidArgumentError } from '@muster/core';
import { expectClose } from '@muster/test-support';
import { describe, expect, it } from 'vitest';
import { coefficientPlot } from '../src/index.ts';
import { referenceCase } from './helpers/fixtures.ts';
import { schemaErrors } from './helpers/vega.ts';

// biome-ignore lint/suspicious/noExplicitAny: specs are plain JSON
type Json = any;
const lyall = referenceCase('glm-lyall-logit').expected;
const values = (spec: Json) => spec.data.values as Json[];

describe('coefficientPlot', () => {
  it('coefficientPlot(glm) draws every term but the intercept, in result order, with profile intervals by default', () => {
    const spec: Json = coefficientPlot(lyall);
    const rows = values(spec);
    expect(rows.map((r) => r.term)).toEqual(lyall.coefficients.slice(1).map((c: Json) => c.term));
    // The builder copies the reference values: exact equality (tolerance 0).
    for (const row of rows) {
      const c = lyall.coefficients.find((x: Json) => x.term === row.term);
      expect([row.estimate, row.lower, row.upper]).toEqual([
        c.estimate,
        c.profileLower,
        c.profileUpper,
      ]);
      expect(row.pValue).toBe(c.pValue);
    }
    expect(spec.layer[1].encoding.x.title).toBe('Estimate (95% profile-likelihood interval)');
    expect(spec.layer[2].encoding.y.sort).toEqual(rows.map((r) => r.label));
  });

  it("coefficientPlot(glm, { interval: 'wald' }) uses the rows' lower/upper", () => {
    const rows = values(coefficientPlot(lyall, { interval: 'wald' }));
    const c = lyall.coefficients[1];
    expect(c.lower).toBeTypeOf('number');
    expect(rows[0]).toMatchObject({ term: c.term, lower: c.lower, upper: c.upper });
  });

  it('coefficientPlot refuses the old waldLower/waldUpper names rather than ignoring them', () => {
    const old = { coefficients: [{ term: 'x', estimate: 1, waldLower: 0.5, waldUpper: 1.5 }] };
    expect(() => coefficientPlot(old)).toThrow(
      /lower\/upper .*received waldLower\/waldUpper for term "x"/,
    );
  });

  it('coefficientPlot draws a dashed reference line at 0 on a linear scale', () => {
    const spec: Json = coefficientPlot(lyall);
    expect(spec.layer[0].mark).toMatchObject({ type: 'rule', strokeDash: [4, 3] });
    expect(spec.layer[0].encoding.x).toEqual({ datum: 0, type: 'quantitative' });
    expect(spec.layer[2].encoding.x.scale).toEqual({ zero: false });
    expect(spec.layer[1].mark.type).toBe('rule');
    expect(spec.layer[1].encoding.x2).toEqual({ field: 'upper' });
  });

  it('coefficientPlot follows terms, intercept and labels options', () => {
    const rows = values(
      coefficientPlot(lyall, {
        terms: ['log(troops)', '(Intercept)', 'inequality'],
        labels: { 'log(troops)': 'Troops (log)' },
      }),
    );
    expect(rows.map((r) => r.label)).toEqual(['Troops (log)', '(Intercept)', 'inequality']);
    expect(values(coefficientPlot(lyall, { intercept: true }))[0].term).toBe('(Intercept)');
  });

  it('coefficientPlot keeps an aliased coefficient on the axis, marked and without a point', () => {
    const spec: Json = coefficientPlot(referenceCase('glm-collinear-aliased').expected);
    const aliased = values(spec).find((r) => r.term === 'inequality_pct');
    expect(aliased).toMatchObject({ estimate: null, lower: null, upper: null, note: 'aliased' });
    expect(spec.layer[3].mark.type).toBe('text');
    expect(spec.layer[3].encoding.text).toEqual({ field: 'note' });
    // No profile bounds in this result, so Wald is chosen and named.
    expect(spec.layer[1].encoding.x.title).toBe('Estimate (95% Wald interval)');
    expect(schemaErrors(spec)).toEqual([]);
  });

  it('coefficientPlot(cox) computes Wald intervals estimate ± qnorm(0.975) stdError, as confint(coxph)', () => {
    const cox = referenceCase('cox-veteran-factor').expected;
    const rows = values(coefficientPlot(cox));
    const z = 1.9599639845400536; // qnorm(0.975) in R
    for (const row of rows) {
      const c = cox.coefficients.find((x: Json) => x.term === row.term);
      // tolerance: rtol 1e-12 (one multiply-add in double precision)
      expectClose(row.lower, c.estimate - z * c.stdError, { rtol: 1e-12, atol: 1e-10 });
      expectClose(row.upper, c.estimate + z * c.stdError, { rtol: 1e-12, atol: 1e-10 });
    }
  });

  it('coefficientPlot uses confLevel for computed Wald intervals and names it on the axis', () => {
    const cox = referenceCase('cox-veteran-factor').expected;
    const spec: Json = coefficientPlot(cox, { confLevel: 0.9 });
    const row = values(spec)[0];
    const c = cox.coefficients[0];
    const z = 1.6448536269514715; // qnorm(0.95) in R
    expectClose(row.upper - row.estimate, z * c.stdError, { rtol: 1e-12, atol: 1e-10 });
    expect(spec.layer[1].encoding.x.title).toBe('Estimate (90% Wald interval)');
  });

  it('coefficientPlot(aft) hides Log(scale) by default', () => {
    const aft = referenceCase('aft-lung-weibull').expected;
    const terms = values(coefficientPlot(aft)).map((r) => r.term);
    expect(terms).not.toContain('Log(scale)');
    expect(terms).not.toContain('(Intercept)');
    expect(terms.length).toBe(aft.coefficients.length - 2);
  });

  it('coefficientPlot of a separated fit (no intervals) draws points only and stays valid', () => {
    const separated = referenceCase('glm-separation-complete').expected;
    const spec: Json = coefficientPlot(separated, { terms: ['x', 'z'], interval: 'wald' });
    // Wald from stdError exists here (huge); the estimate survives as a point.
    expect(values(spec).every((r) => r.estimate !== null)).toBe(true);
    expect(schemaErrors(spec)).toEqual([]);
  });

  it('coefficientPlot sets size and titles from options', () => {
    const spec: Json = coefficientPlot(lyall, {
      title: 'T',
      subtitle: 'S',
      width: 300,
      height: 200,
      xTitle: 'log odds',
      yTitle: null,
    });
    expect(spec.title).toEqual({ text: 'T', subtitle: 'S' });
    expect([spec.width, spec.height]).toEqual([300, 200]);
    expect(spec.layer[2].encoding.x.title).toBe('log odds');
    expect(coefficientPlot(lyall).height).toEqual({ step: 24 });
  });

  it('coefficientPlot rejects an unknown term, missing profile intervals and bad options', () => {
    expect(() => coefficientPlot(lyall, { terms: ['nope'] })).toThrow(InvalidArgumentError);
    expect(() => coefficientPlot(lyall, { terms: ['nope'] })).toThrow(
      /^coefficientPlot requires terms present in the result .*; received "nope"$/,
    );
    const firth = referenceCase('glm-separation-firth').expected;
    expect(() => coefficientPlot(firth, { interval: 'profile' })).toThrow(
      /coefficientPlot requires profileLower and profileUpper/,
    );
    expect(() => coefficientPlot(lyall, { width: -1 })).toThrow(
      'coefficientPlot requires width to be a positive number of pixels; received -1',
    );
    // biome-ignore lint/suspicious/noExplicitAny: deliberately wrong input
    expect(() => coefficientPlot({} as any)).toThrow(/requires result.coefficients to be an array/);
    expect(() =>
      coefficientPlot(lyall, { labels: { inequality: 'same', initiator: 'same' } }),
    ).toThrow(/distinct labels/);
    // biome-ignore lint/suspicious/noExplicitAny: deliberately wrong input
    expect(() => coefficientPlot(lyall, { interval: 'exact' as any })).toThrow(
      "coefficientPlot requires interval to be one of 'wald', 'profile'; received \"exact\"",
    );
  });
});
