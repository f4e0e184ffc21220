import { readdirSync, readFileSync } from 'node:fs';
import {
  COEFFICIENT_ROW_FIELDS,
  FIT_RESULT_FIELDS,
  type FitResultBase,
  isFitResult,
} from '@muster/core';
import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  type BayesGlmResult,
  fitBayesGlm,
  fitGlm,
  fitRelogit,
  GLM_WARNING_CODES,
  type GlmResult,
  type RelogitResult,
} from '../src/index.ts';

const data = {
  y: [0, 0, 1, 0, 1, 1, 0, 1, 1, 0],
  x: [1, 2, 3, 4, 5, 6, 2, 7, 5, 3],
  g: ['a', 'b', 'a', 'b', 'a', 'b', 'a', 'b', 'a', 'b'],
};

describe('GlmResult is a FitResultBase', () => {
  it('GlmResult extends FitResultBase<"glm"> (type test)', () => {
    expectTypeOf<GlmResult>().toMatchTypeOf<FitResultBase>();
    expectTypeOf<GlmResult['kind']>().toEqualTypeOf<'glm'>();
  });

  it('fitGlm returns every field of FitResultBase and every shared coefficient field', async () => {
    const fit = await fitGlm('y ~ x + g', data, { family: 'binomial', vcov: 'HC1' });
    const keys = Object.keys(fit);
    for (const field of FIT_RESULT_FIELDS) expect(keys, field).toContain(field);
    for (const row of fit.coefficients) {
      expect(Object.keys(row).slice(0, COEFFICIENT_ROW_FIELDS.length)).toEqual([
        ...COEFFICIENT_ROW_FIELDS,
      ]);
    }
    expect(isFitResult(JSON.parse(JSON.stringify(fit)))).toBe(true);
    expect(fit.vcovType).toBe('HC1');
    expect(fit.vcov).toHaveLength(3);
    // 5 successes of 10; rank 3, no dispersion parameter.
    expect([fit.nEvents, fit.df]).toEqual([5, 3]);
    expect(fit.bic).toBeCloseTo(-2 * fit.logLik + Math.log(10) * 3, 12);
  });

  it('fitGlm reports nEvents null for a family without events and counts the dispersion in df', async () => {
    const fit = await fitGlm('x ~ y', data);
    expect(fit.nEvents).toBeNull();
    expect(fit.df).toBe(3);
  });
});

describe('the rare-events and Bayesian results are FitResultBases', () => {
  it('RelogitResult and BayesGlmResult extend FitResultBase<"glm"> (type test)', () => {
    expectTypeOf<RelogitResult>().toMatchTypeOf<FitResultBase>();
    expectTypeOf<BayesGlmResult>().toMatchTypeOf<FitResultBase>();
    expectTypeOf<RelogitResult['method']>().toEqualTypeOf<'relogit'>();
  });

  it('fitRelogit and fitBayesGlm return every field of FitResultBase and the shared coefficient fields', async () => {
    for (const fit of [await fitRelogit('y ~ x + g', data), await fitBayesGlm('y ~ x + g', data)]) {
      const keys = Object.keys(fit);
      for (const field of FIT_RESULT_FIELDS)
        expect(keys, `${fit.method} ${field}`).toContain(field);
      for (const row of fit.coefficients) {
        expect(Object.keys(row).slice(0, COEFFICIENT_ROW_FIELDS.length)).toEqual([
          ...COEFFICIENT_ROW_FIELDS,
        ]);
      }
      expect(isFitResult(JSON.parse(JSON.stringify(fit)))).toBe(true);
      expect(fit.nEvents).toBe(5);
    }
  });
});

describe('the warning codes of @muster/glm', () => {
  const source = new URL('../src/', import.meta.url);
  const files = readdirSync(source, { recursive: true, encoding: 'utf8' }).filter((f) =>
    f.endsWith('.ts'),
  );

  it('every warning is built in src/warnings.ts', () => {
    for (const file of files) {
      if (file === 'warnings.ts') continue;
      const text = readFileSync(new URL(file, source), 'utf8');
      expect(/\bwarning\(/.test(text), file).toBe(false);
    }
  });

  it('the profile refits read the IRLS status instead of catching its errors', () => {
    for (const file of ['internal/profile.ts', 'internal/profile-spline.ts']) {
      const text = readFileSync(new URL(file, source), 'utf8');
      expect(/\btry\s*\{/.test(text), file).toBe(false);
      expect(text, file).toContain('irlsStatus');
    }
  });

  it('the README documents every code in its table', () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    for (const code of GLM_WARNING_CODES) expect(readme, code).toContain(`| \`${code}\` |`);
  });
});
