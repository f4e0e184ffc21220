import { DataError, InvalidArgumentError } from '@muster/core';
import { describe, expect, it } from 'vitest';
import { fitGlm, predictGlm } from '../src/index.ts';
import { expectClose, fixtureCsv, fixtureText, REFERENCE } from './helpers.ts';

// biome-ignore lint/suspicious/noExplicitAny: R-generated JSON (test/fixtures/r/generate-edges.R)
const edges = JSON.parse(fixtureText('edge-cases.json')).cases as Record<string, any>;

describe('fitGlm never lets the covariance change the sample (R: sandwich refuses NA clusters)', () => {
  const c = edges.clusterMissing;
  const data = fixtureCsv(c.data);

  it('fitGlm with vcov cluster refuses missing cluster ids, naming the column, count and rows', async () => {
    const fit = fitGlm(c.formula, data, { family: 'binomial', vcov: 'cluster', cluster: 'war' });
    await expect(fit).rejects.toThrow(DataError);
    await expect(fit).rejects.toThrow(
      "fitGlm requires a cluster id on every row used; column 'war' is missing in 3 rows (data rows 3, 7, 40)",
    );
    expect(c.rError).toContain("cannot handle NAs in 'cluster'");
  });

  it('fitGlm with vcov classical uses every row, as R', async () => {
    const fit = await fitGlm(c.formula, data, { family: 'binomial', profile: false });
    expect(fit.nobs).toBe(c.nobs);
    c.coefficients.forEach((e: { estimate: number; stdError: number }, j: number) => {
      expectClose(fit.coefficients[j].estimate, e.estimate, REFERENCE, 'estimate');
      expectClose(fit.coefficients[j].stdError, e.stdError, REFERENCE, 'stdError');
    });
  });
});

describe('fitGlm refuses non-finite covariates (R: NA/NaN/Inf in x)', () => {
  const lyall = fixtureCsv('lyall_synthetic.csv');
  const withValue = (column: string, row: number, value: number) => {
    const copy = { ...lyall, [column]: [...(lyall[column] as number[])] };
    (copy[column] as number[])[row - 1] = value;
    return copy;
  };

  it('fitGlm names the term, data row and value of log(0)', async () => {
    expect(edges.logZero.rError).toBe("NA/NaN/Inf in 'x'");
    const fit = fitGlm('mass_desertion ~ inequality + log(troops)', withValue('troops', 5, 0), {
      family: 'binomial',
    });
    await expect(fit).rejects.toThrow(DataError);
    await expect(fit).rejects.toThrow(
      "fitGlm requires finite covariates; term 'log(troops)' is -Infinity in data row 5",
    );
  });

  it('fitGlm refuses Inf in the data and I(x / 0)', async () => {
    await expect(
      fitGlm('mass_desertion ~ inequality', withValue('inequality', 2, Number.POSITIVE_INFINITY), {
        family: 'binomial',
      }),
    ).rejects.toThrow("term 'inequality' is Infinity in data row 2");
    await expect(
      fitGlm('mass_desertion ~ I(initiator / 0)', lyall, { family: 'binomial' }),
    ).rejects.toThrow("term 'I(initiator/0)' is Infinity in data row 1");
  });
});

describe('predictGlm uses the offset given as an option (R evaluates it in newdata)', () => {
  const c = edges.predictOffset;
  const data = fixtureCsv(c.data);
  const pick = (rows: number[]) =>
    Object.fromEntries(
      Object.entries(data).map(([k, v]) => [k, rows.map((r) => (v as unknown[])[r - 1])]),
    );

  it('predictGlm reproduces predict.glm with offset = logexpo on both scales', async () => {
    const fit = await fitGlm(c.formula, data, { family: 'poisson', offset: c.offset });
    const newData = pick(c.rows);
    for (const type of ['response', 'link'] as const) {
      const p = predictGlm(fit, newData, { type });
      p.fit.forEach((v, i) => {
        expectClose(v, c[type].fit[i], REFERENCE, `${type} fit`);
      });
      p.stdError.forEach((v, i) => {
        expectClose(v, c[type].stdError[i], REFERENCE, `${type} se`);
      });
    }
  });

  it('predictGlm refuses new data without the offset column, and takes values instead', async () => {
    const fit = await fitGlm(c.formula, data, { family: 'poisson', offset: c.offset });
    const { logexpo, ...rest } = pick(c.rows) as Record<string, number[]>;
    expect(() => predictGlm(fit, rest)).toThrow(DataError);
    expect(() => predictGlm(fit, rest)).toThrow(
      "predictGlm requires the offset column 'logexpo' in the new data",
    );
    const p = predictGlm(fit, rest, { offset: logexpo });
    p.fit.forEach((v, i) => {
      expectClose(v, c.response.fit[i], REFERENCE, 'fit');
    });
    const byValues = await fitGlm(c.formula, data, {
      family: 'poisson',
      offset: data.logexpo as number[],
    });
    expect(() => predictGlm(byValues, rest)).toThrow(InvalidArgumentError);
  });
});

describe('fitGlm covariances on degenerate clusters and hat values', () => {
  it('fitGlm refuses a single cluster (R: an unrelated error)', async () => {
    const lyall = fixtureCsv('lyall_synthetic.csv');
    const one = { ...lyall, one: lyall.war.map(() => 'A') };
    expect(edges.singleCluster.rError).toBe('non-conformable arrays');
    await expect(
      fitGlm('mass_desertion ~ inequality', one, {
        family: 'binomial',
        vcov: 'cluster',
        cluster: 'one',
      }),
    ).rejects.toThrow(
      "fitGlm requires at least 2 clusters for vcov 'cluster'; column 'one' has 1 (A)",
    );
    await expect(
      fitGlm('mass_desertion ~ inequality + cluster(one)', one, {
        family: 'binomial',
        vcov: 'cluster',
      }),
    ).rejects.toThrow(DataError);
  });

  it('fitGlm with HC3 and a hat value of 1 gives NaN for the term that row identifies, R elsewhere', async () => {
    const c = edges.hatOne;
    expect(c.rHatOneMinus).toBeLessThan(1e-12);
    const fit = await fitGlm(c.formula, fixtureCsv(c.data), { vcov: 'HC3' });
    const [a, b, solo] = fit.coefficients;
    expect(solo.stdError).toBeNull();
    expect(solo.estimate).not.toBeNull();
    // The terms the row does not identify: sandwich's HC3 on the fit without that row.
    expectClose(a.stdError, c.withoutRow[0].stdError, { rtol: 1e-8, atol: 0 }, '(Intercept)');
    expectClose(b.stdError, c.withoutRow[1].stdError, { rtol: 1e-8, atol: 0 }, 'inequality');
    const w = fit.warnings.find((x) => x.code === 'glm-hc3-unstable');
    expect(w?.message).toContain('HC3 standard errors are undefined (NaN) for gsolo');
    expect(w?.message).toContain('data row 7 has hat value 1');
    expect(fit.vcov[2][2]).toBeNull();
  });
});

describe('fitGlm on a text response names the success level (R: the first level is failure)', () => {
  const c = edges.textResponse;
  const data = fixtureCsv(c.data);
  const expectCoefficients = (
    fit: Awaited<ReturnType<typeof fitGlm>>,
    expected: { term: string; estimate: number; stdError: number }[],
  ) => {
    expect(fit.coefficients.map((k) => k.term)).toEqual(expected.map((e) => e.term));
    expected.forEach((e, j) => {
      expectClose(fit.coefficients[j].estimate, e.estimate, REFERENCE, e.term);
      expectClose(fit.coefficients[j].stdError, e.stdError, REFERENCE, e.term);
    });
  };

  it('fitGlm models P(no) for Yes/no by code point, as R in the C locale, and warns', async () => {
    const fit = await fitGlm(c.formula, data, { family: 'binomial', profile: false });
    expectCoefficients(fit, c.cLocale);
    expect(fit.responseLevels).toEqual({ failure: 'Yes', success: ['no'] });
    const w = fit.warnings.find((x) => x.code === 'glm-response-levels');
    expect(w?.message).toContain(
      "the response 'deserted' is modelled as P(no) with 'Yes' as failure",
    );
    expect(w?.message).toContain("pass levels: { deserted: ['no', 'Yes'] }");
  });

  it("fitGlm with levels: { deserted: ['no', 'Yes'] } models P(Yes) as R's factor(levels =), without warning", async () => {
    const fit = await fitGlm(c.formula, data, {
      family: 'binomial',
      profile: false,
      levels: { deserted: ['no', 'Yes'] },
    });
    expectCoefficients(fit, c.yesSuccess);
    expect(fit.responseLevels).toEqual({ failure: 'no', success: ['Yes'] });
    expect(fit.warnings.some((x) => x.code === 'glm-response-levels')).toBe(false);
  });

  it('fitGlm with relevel() in the formula matches R', async () => {
    const fit = await fitGlm(c.relevelFormula, data, {
      family: 'binomial',
      profile: false,
      levels: { deserted: ['no', 'Yes'] },
    });
    expectCoefficients(fit, c.relevel);
  });
});

describe('fitGlm profile limits on strong effects and under separation (R: exact roots)', () => {
  const limitsMatch = (
    fit: Awaited<ReturnType<typeof fitGlm>>,
    limits: { term: string; profileLower: number | null; profileUpper: number | null }[],
    scale: (j: number) => number = () => 1,
  ) => {
    limits.forEach((e, j) => {
      const c = fit.coefficients[j];
      const tolerance = { rtol: 1e-8, atol: 0 };
      expectClose(
        c.profileLower,
        e.profileLower === null ? null : e.profileLower * scale(j),
        tolerance,
        `${e.term} lower`,
      );
      expectClose(
        c.profileUpper,
        e.profileUpper === null ? null : e.profileUpper * scale(j),
        tolerance,
        `${e.term} upper`,
      );
    });
  };

  it('fitGlm finds the finite limits of a probit slope near -6, also for a covariate of size 1e9', async () => {
    const c = edges.profileStrong;
    const data = fixtureCsv(c.data);
    const fit = await fitGlm(c.formula, data, { family: 'binomial', link: c.link });
    limitsMatch(fit, c.limits);
    expect(fit.warnings.some((w) => w.code === 'glm-profile-incomplete')).toBe(false);
    // xb = 1e9 x + 3e9: the slope's limits scale by 1e-9 (the intercept moves with the shift).
    const scaled = await fitGlm(c.scaledFormula, data, { family: 'binomial', link: c.link });
    expectClose(
      scaled.coefficients[1].profileLower,
      c.limits[1].profileLower / c.scale,
      { rtol: 1e-8, atol: 0 },
      'xb lower',
    );
    expectClose(
      scaled.coefficients[1].profileUpper,
      c.limits[1].profileUpper / c.scale,
      { rtol: 1e-8, atol: 0 },
      'xb upper',
    );
  });

  it('fitGlm under quasi-complete separation still gives the limits of the terms not involved', async () => {
    const c = edges.profileSeparated;
    const fit = await fitGlm(c.formula, fixtureCsv(c.data), { family: 'binomial' });
    expect(fit.separation.infiniteTerms).toEqual([c.infinite]);
    limitsMatch(fit, c.limits);
    expect(fit.coefficients[1].profileLower).toBeNull();
    expect(fit.warnings.map((w) => w.code)).toEqual(['glm-separation']);
  });
});

describe('fitGlm with firth converges where brglm2 can (R: brglmFit with slowit = 0.2)', () => {
  const expectFit = (
    fit: Awaited<ReturnType<typeof fitGlm>>,
    expected: { term: string; estimate: number; stdError: number }[],
    rtol: number,
  ) => {
    expect(fit.coefficients.map((k) => k.term)).toEqual(expected.map((e) => e.term));
    expected.forEach((e, j) => {
      expectClose(fit.coefficients[j].estimate, e.estimate, { rtol, atol: 1e-12 }, e.term);
      expectClose(fit.coefficients[j].stdError, e.stdError, { rtol, atol: 1e-12 }, e.term);
    });
  };

  it('fitGlm with firth gives the finite estimate for a level of 3 rows all 0, with a warning', async () => {
    const c = edges.firthRare;
    expect(c.defaultConverged).toBe(false);
    expect(c.defaultJunta).toBeLessThan(-1e10);
    const fit = await fitGlm(c.formula, fixtureCsv(c.data), { family: 'binomial', firth: true });
    expect(fit.converged).toBe(true);
    expectFit(fit, c.coefficients, 1e-8);
    expect(fit.warnings.map((w) => w.code)).toContain('glm-firth-fallback');
  });

  it('fitGlm with firth converges on a nearly collinear design as brglm2 does', async () => {
    const c = edges.firthCollinear;
    expect(c.converged).toBe(true);
    const fit = await fitGlm(c.formula, fixtureCsv(c.data), { family: 'binomial', firth: true });
    expect(fit.converged).toBe(true);
    expectFit(fit, c.coefficients, 1e-6);
  });
});

describe("fitGlm with profile: 'spline' prints R 4.2's confint(fit) (MASS profile and spline)", () => {
  for (const c of edges.splineProfiles) {
    it(`fitGlm(${c.formula}, ${c.family}/${c.link}) profile spline limits match R to 1e-6`, async () => {
      const fit = await fitGlm(c.formula, fixtureCsv(c.data), {
        family: c.family,
        link: c.link,
        weights: c.weights ?? undefined,
        profile: 'spline',
      });
      expect(fit.intervals.profile).toContain('MASS');
      fit.coefficients.forEach((k, j) => {
        expectClose(k.profileLower, c.lower[j], { rtol: 1e-6, atol: 1e-10 }, `${k.term} lower`);
        expectClose(k.profileUpper, c.upper[j], { rtol: 1e-6, atol: 1e-10 }, `${k.term} upper`);
      });
    });
  }
});

describe('fitGlm covariances HC2, Stata-style clusters and two-way clustering (R: sandwich)', () => {
  for (const c of edges.covariances) {
    it(`fitGlm(${c.formula}) with ${JSON.stringify(c.options)} matches sandwich to 1e-8`, async () => {
      const fit = await fitGlm(c.formula, fixtureCsv(c.data), {
        family: c.family,
        profile: false,
        ...c.options,
      });
      c.coefficients.forEach((e: { term: string; stdError: number }, j: number) => {
        expectClose(fit.coefficients[j].stdError, e.stdError, { rtol: 1e-8, atol: 0 }, e.term);
      });
      if (Array.isArray(c.options.cluster)) {
        expect(fit.nClustersByDimension).toHaveLength(2);
        expect(fit.cluster).toBe(c.options.cluster.join(', '));
      }
    });
  }
});

describe("fitGlm with family 'negative.binomial' estimates theta as MASS::glm.nb", () => {
  for (const c of edges.negativeBinomial) {
    it(`fitGlm(${c.formula}) matches glm.nb: coefficients, errors, theta and its SE, logLik, df, AIC, BIC`, async () => {
      const fit = await fitGlm(c.formula, fixtureCsv(c.data), {
        family: 'negative.binomial',
        profile: false,
      });
      const tolerance = { rtol: 1e-6, atol: 1e-10 };
      expectClose(fit.theta, c.theta, tolerance, 'theta');
      expectClose(fit.thetaStdError, c.thetaStdError, tolerance, 'SE theta');
      expectClose(fit.logLik, c.logLik, tolerance, 'logLik');
      expectClose(fit.aic, c.aic, tolerance, 'aic');
      // MASS's logLik.negbin counts theta among the parameters.
      expect(fit.df).toBe(c.df);
      expectClose(fit.bic, c.bic, tolerance, 'bic');
      expectClose(fit.deviance, c.deviance, tolerance, 'deviance');
      expect(fit.dfResidual).toBe(c.dfResidual);
      c.coefficients.forEach(
        (e: { term: string; estimate: number; stdError: number }, j: number) => {
          expectClose(fit.coefficients[j].estimate, e.estimate, tolerance, e.term);
          expectClose(fit.coefficients[j].stdError, e.stdError, tolerance, e.term);
        },
      );
    });
  }
});

describe('fitGlm names the row and value of a non-numeric weight', () => {
  it('fitGlm points at the stray text in a column of numbers', async () => {
    const data = { y: [1, 0, 1, 0, 1], x: [1, 2, 3, 4, 5], w: ['2', '3', 'abc', '1', '2'] };
    await expect(fitGlm('y ~ x', data, { family: 'binomial', weights: 'w' })).rejects.toThrow(
      "fitGlm requires the weights column 'w' to be numeric; data row 3 has 'abc'",
    );
  });
});

describe('fitGlm and predictGlm with poly() (R: orthogonal polynomials and makepredictcall)', () => {
  it('fitGlm with poly(inequality, 2) matches glm, and predictGlm matches predict.glm', async () => {
    const c = edges.poly;
    const fit = await fitGlm(c.formula, fixtureCsv('lyall_synthetic.csv'), {
      family: 'binomial',
      profile: false,
    });
    c.coefficients.forEach((e: { term: string; estimate: number; stdError: number }, j: number) => {
      expect(fit.coefficients[j].term).toBe(e.term);
      expectClose(fit.coefficients[j].estimate, e.estimate, REFERENCE, e.term);
      expectClose(fit.coefficients[j].stdError, e.stdError, REFERENCE, e.term);
    });
    const p = predictGlm(fit, c.newdata);
    p.fit.forEach((v, i) => {
      expectClose(v, c.predicted[i], REFERENCE, `prediction ${i}`);
    });
  });
});
