import {
  COEFFICIENT_ROW_FIELDS,
  createRandom,
  DataError,
  type FitResultBase,
  FormulaError,
  InvalidArgumentError,
  isFitResult,
  qnorm,
} from '@muster/core';
import { fitGlm } from '@muster/glm';
import { describe, expect, it } from 'vitest';
import { fitGlmer } from '../src/index.ts';
import { gaussHermite } from '../src/internal/gauss-hermite.ts';
import { expectClose, fixtureCsv } from './helpers.ts';

describe('gaussHermite', () => {
  it('gaussHermite(n) integrates the normal moments exactly up to degree 2n - 1', () => {
    for (const n of [2, 5, 10, 25]) {
      const { z, w } = gaussHermite(n);
      const moment = (k: number) => z.reduce((s, x, i) => s + w[i]! * x ** k, 0);
      expectClose(moment(0), 1, { rtol: 1e-14, atol: 0 }, `n=${n} m0`);
      expectClose(moment(2), 1, { rtol: 1e-12, atol: 0 }, `n=${n} m2`);
      if (n >= 2)
        expectClose(
          moment(2 * n - 2),
          doubleFactorial(2 * n - 3),
          { rtol: 1e-9, atol: 0 },
          `n=${n} m${2 * n - 2}`,
        );
      expectClose(moment(3), 0, { rtol: 0, atol: 1e-13 }, `n=${n} m3`);
    }
  });
});

function doubleFactorial(k: number): number {
  let p = 1;
  for (let j = k; j > 1; j -= 2) p *= j;
  return p;
}

describe('fitGlmer', () => {
  it('fitGlmer with the variance estimated at 0 reproduces the pooled glm exactly', async () => {
    // Binary data with no group effect: the pooled glm's logLik bounds the mixed one from below.
    const data = fixtureCsv('boundary.csv');
    const fit = await fitGlmer('y ~ x + (1 | g)', data);
    const pooled = await fitGlm('y ~ x', data, { family: 'binomial' });
    expectClose(fit.logLik, pooled.logLik, { rtol: 1e-12, atol: 0 }, 'logLik at theta = 0');
    fit.coefficients.forEach((f, j) => {
      expectClose(f.estimate, pooled.coefficients[j]!.estimate!, { rtol: 1e-6, atol: 0 }, f.term);
    });
  });

  it('fitGlmer recovers a known war variance from simulated data (seeded)', async () => {
    const random = createRandom(19);
    const war: string[] = [];
    const x: number[] = [];
    const y: number[] = [];
    for (let g = 0; g < 50; g++) {
      const u = 1.0 * random.normal();
      for (let k = 0; k < 16; k++) {
        const xi = random.normal();
        war.push(`W${g}`);
        x.push(xi);
        y.push(random.uniform() < 1 / (1 + Math.exp(-(-0.5 + 0.7 * xi + u))) ? 1 : 0);
      }
    }
    const fit = await fitGlmer('y ~ x + (1 | war)', { war, x, y }, { profile: true });
    const sd = fit.varianceComponents[0]!.sdcor;
    expect(fit.profileInterval!.lower).toBeLessThan(1);
    expect(fit.profileInterval!.upper).toBeGreaterThan(1);
    expect(Math.abs(sd - 1)).toBeLessThan(0.35);
    expect(Math.abs(fit.coefficients[1]!.estimate - 0.7)).toBeLessThan(
      3 * fit.coefficients[1]!.stdError,
    );
    expect(fit.icc[0]!.value).toBeCloseTo(sd ** 2 / (sd ** 2 + Math.PI ** 2 / 3), 12);
    expect(fit.lrTest!.pValueBoundary).toBeLessThan(1e-10);
  });

  it('fitGlmer rejects a grouping factor with one level, naming it', async () => {
    const data = { y: [0, 1, 0, 1], x: [1, 2, 3, 4], war: ['A', 'A', 'A', 'A'] };
    await expect(fitGlmer('y ~ x + (1 | war)', data)).rejects.toThrow(InvalidArgumentError);
    await expect(fitGlmer('y ~ x + (1 | war)', data)).rejects.toThrow(
      "fitGlmer requires a grouping factor with at least 2 levels; 'war' has 1 level (A)",
    );
  });

  it('fitGlmer reports running out of evaluations as non-convergence in the result', async () => {
    const fit = await fitGlmer('deserted ~ x + z + (1 | war)', fixtureCsv('panel.csv'), {
      maxIter: 12,
      profile: false,
    });
    expect(fit.converged).toBe(false);
    expect(fit.warnings.map((w) => w.code)).toContain('not-converged');
  });

  it('fitGlmer validates its options and the data', async () => {
    const panel = fixtureCsv('panel.csv');
    await expect(
      fitGlmer('deserted ~ x + (1 | war)', panel, { family: 'gaussian' as never }),
    ).rejects.toThrow("fitGlmer requires family 'binomial' or 'poisson'; received 'gaussian'");
    await expect(fitGlmer('deserted ~ x + (1 | war)', panel, { link: 'log' })).rejects.toThrow(
      /link 'logit' or 'probit'/,
    );
    await expect(fitGlmer('deserted ~ x + (1 | war)', panel, { nAGQ: 30 })).rejects.toThrow(
      /nAGQ to be an integer from 1 to 25; received 30/,
    );
    await expect(fitGlmer('deserted ~ x + (1 + x | war)', panel, { nAGQ: 5 })).rejects.toThrow(
      /single scalar random-effects term/,
    );
    await expect(fitGlmer('count ~ x + (1 | war)', panel)).rejects.toThrow(DataError);
    await expect(fitGlmer('deserted ~ x + (1 | nowhere)', panel)).rejects.toThrow(FormulaError);
  });

  it('fitGlmer drops rows with a missing value in any variable, as glmer (na.omit)', async () => {
    const fit = await fitGlmer('deserted ~ x + (1 | war)', fixtureCsv('panel.csv'), {
      profile: false,
      lrTest: false,
    });
    expect(fit.nDropped).toBe(2);
    expect(fit.lrTest).toBeNull();
    expect(fit.warnings.find((w) => w.code === 'missing-values-dropped')?.message).toBe(
      'fitGlmer dropped 2 row(s) with missing values in the response, a covariate or a grouping factor',
    );
  });

  it('fitGlmer rejects the old option names, naming the new ones, and unknown options', async () => {
    const panel = fixtureCsv('panel.csv');
    const formula = 'deserted ~ x + (1 | war)';
    await expect(fitGlmer(formula, panel, { level: 0.9 } as never)).rejects.toThrow(
      "fitGlmer no longer takes 'level'; use 'confLevel'",
    );
    await expect(fitGlmer(formula, panel, { maxEvaluations: 50 } as never)).rejects.toThrow(
      "fitGlmer no longer takes 'maxEvaluations'; use 'maxIter'",
    );
    await expect(fitGlmer(formula, panel, { nagq: 5 } as never)).rejects.toThrow(
      /does not know the option 'nagq' \(did you mean 'nAGQ'\?\)/,
    );
  });

  it('fitGlmer returns the shared fit fields: coefficients with intervals, nEvents, nClusters', async () => {
    const panel = fixtureCsv('panel.csv');
    const fit: FitResultBase = await fitGlmer('deserted ~ x + z + (1 | war)', panel, {
      confLevel: 0.9,
      profile: false,
      lrTest: false,
    });
    expect(isFitResult(fit)).toBe(true);
    expect(Object.keys(fit.coefficients[0]!)).toEqual([...COEFFICIENT_ROW_FIELDS]);
    const z = qnorm(0.95);
    for (const c of fit.coefficients) {
      expectClose(c.lower, c.estimate! - z * c.stdError!, { rtol: 1e-14, atol: 1e-14 }, c.term);
      expectClose(c.upper, c.estimate! + z * c.stdError!, { rtol: 1e-14, atol: 1e-14 }, c.term);
    }
    const rows = [...panel.deserted!.keys()].filter((i) =>
      ['deserted', 'x', 'z', 'war'].every((name) => panel[name]![i] !== null),
    );
    const kept = rows.map((i) => panel.deserted![i] as number);
    expect(fit).toMatchObject({
      kind: 'glmer',
      method: 'laplace',
      confLevel: 0.9,
      vcovType: 'hessian',
      statisticType: 'z',
      dfResidual: null,
      nobs: kept.length,
      nEvents: kept.reduce((s, y) => s + y, 0),
      nClusters: new Set(rows.map((i) => panel.war![i])).size,
    });
  });

  it('fitGlmer gives the values printed in the README example', async () => {
    const fit = await fitGlmer('deserted ~ x + z + (1 | war)', fixtureCsv('panel.csv'), {
      family: 'binomial',
    });
    const r = (x: number | null | undefined, d: number) => Number((x as number).toFixed(d));
    expect(fit.coefficients.map((f) => [f.term, r(f.estimate, 4), r(f.stdError, 4)])).toEqual([
      ['(Intercept)', -0.3824, 0.2679],
      ['x', 0.7678, 0.1224],
      ['z', -0.7586, 0.3975],
    ]);
    const v = fit.varianceComponents[0]!;
    expect([v.group, v.var1, v.var2, r(v.vcov, 4), r(v.sdcor, 4)]).toEqual([
      'war',
      '(Intercept)',
      null,
      0.5764,
      0.7592,
    ]);
    expect([r(fit.logLik, 3), r(fit.aic, 3), r(fit.bic, 3)]).toEqual([-250.194, 508.388, 524.708]);
    expect([r(fit.profileInterval?.lower, 3), r(fit.profileInterval?.upper, 3)]).toEqual([
      0.454, 1.169,
    ]);
    expect(r(fit.icc[0]?.value, 3)).toBe(0.149);
    expect(r(fit.lrTest?.statistic, 2)).toBe(18.08);
    expect(Number(fit.lrTest?.pValueBoundary?.toPrecision(3))).toBe(1.06e-5);
  });
});
