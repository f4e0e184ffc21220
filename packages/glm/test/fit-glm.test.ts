import { DataError, FormulaError, InvalidArgumentError, pt, qnorm } from '@muster/core';
import { describe, expect, it } from 'vitest';
import { fitGlm } from '../src/index.ts';
import { expectClose, fixtureCsv } from './helpers.ts';

const EXACT = { rtol: 1e-10, atol: 1e-12 };
// R's convergence rule (relative deviance change < 1e-8) stops IRLS when the estimates are right
// to about 1e-10 and the standard errors (from the weights of the previous iterate) to about
// 1e-7; closed forms are checked to 1e-10 with the iterations run to convergence.
const TIGHT = { tolerance: 1e-14, maxIter: 100 };

// A 2 x 2 table as 10 rows: x = 0 (3 failures, 2 successes), x = 1 (1 failure, 4 successes).
const table = {
  y: [0, 0, 0, 1, 1, 0, 1, 1, 1, 1],
  x: [0, 0, 0, 0, 0, 1, 1, 1, 1, 1],
};

// Simple regression with closed forms: slope Sxy / Sxx = 0.8, intercept 0.6, RSS 3.6.
const line = { y: [1, 3, 2, 5, 4], x: [1, 2, 3, 4, 5], g: ['a', 'b', 'c', 'a', 'b'] };

describe('fitGlm: hand-derived results', () => {
  it('fitGlm(y ~ x, binomial) on a 2 x 2 table gives the log odds ratio and Woolf standard error', async () => {
    const fit = await fitGlm('y ~ x', table, { family: 'binomial', ...TIGHT });
    const [b0, b1] = fit.coefficients;
    expectClose(b0.estimate, Math.log(2 / 3), EXACT, 'intercept = logit(2/5)');
    expectClose(b1.estimate, Math.log(6), EXACT, 'slope = log((4 * 3) / (1 * 2))');
    expectClose(b1.stdError, Math.sqrt(1 / 3 + 1 / 2 + 1 / 1 + 1 / 4), EXACT, 'Woolf');
    expectClose(b0.stdError, Math.sqrt(1 / 3 + 1 / 2), EXACT, 'se intercept');
    const deviance =
      -2 * (2 * Math.log(0.4) + 3 * Math.log(0.6) + 4 * Math.log(0.8) + Math.log(0.2));
    expectClose(fit.deviance, deviance, EXACT, 'deviance');
    expectClose(
      fit.nullDeviance,
      -2 * (6 * Math.log(0.6) + 4 * Math.log(0.4)),
      EXACT,
      'null deviance',
    );
    expectClose(fit.logLik, -deviance / 2, EXACT, 'logLik of 0/1 data');
    expectClose(fit.aic, deviance + 4, EXACT, 'aic');
    expect([fit.dfResidual, fit.dfNull, fit.nobs]).toEqual([8, 9, 10]);
    expect(fit.statisticType).toBe('z');
    const z = qnorm(0.975);
    expectClose(b1.lower, Math.log(6) - z * (b1.stdError as number), EXACT, 'wald lower');
    // The profile interval is asymmetric and contains the estimate.
    expect(b1.profileLower as number).toBeLessThan(Math.log(6));
    expect(b1.profileUpper as number).toBeGreaterThan(Math.log(6));
  });

  it('fitGlm(cbind(s, f) ~ x) on the grouped table equals the 0/1 fit', async () => {
    const grouped = { s: [2, 4], f: [3, 1], x: [0, 1] };
    const fit = await fitGlm('cbind(s, f) ~ x', grouped, { family: 'binomial', ...TIGHT });
    const ungrouped = await fitGlm('y ~ x', table, { family: 'binomial', ...TIGHT });
    fit.coefficients.forEach((c, j) => {
      const u = ungrouped.coefficients[j];
      for (const key of [
        'estimate',
        'stdError',
        'pValue',
        'profileLower',
        'profileUpper',
      ] as const) {
        expectClose(c[key], u[key] as number, { rtol: 1e-8, atol: 1e-12 }, `${c.term}.${key}`);
      }
    });
    expect(fit.nobs).toBe(2);
    expect(fit.dfResidual).toBe(0);
  });

  it('fitGlm with proportions and weights equals cbind (R: y = s / m, weights = m)', async () => {
    const data = { p: [0.4, 0.8], m: [5, 5], x: [0, 1] };
    const fit = await fitGlm('p ~ x', data, { family: 'binomial', weights: 'm', ...TIGHT });
    expectClose(fit.coefficients[1].estimate, Math.log(6), EXACT, 'slope');
    expect(fit.warnings).toEqual([]);
  });

  it('fitGlm with a two-level string response counts the first level as failure, as R', async () => {
    const data = { outcome: table.y.map((v) => (v === 1 ? 'deserted' : 'stayed')), x: table.x };
    const fit = await fitGlm('outcome ~ x', data, { family: 'binomial', ...TIGHT });
    // 'deserted' < 'stayed': deserted is the first level (failure), stayed the success.
    expectClose(fit.coefficients[1].estimate, -Math.log(6), EXACT, 'slope for P(stayed)');
  });

  it('fitGlm(y ~ x, gaussian) is least squares with t tests and dispersion RSS / (n - 2)', async () => {
    const fit = await fitGlm('y ~ x', line);
    expectClose(fit.coefficients[0].estimate, 0.6, EXACT, 'intercept');
    expectClose(fit.coefficients[1].estimate, 0.8, EXACT, 'slope');
    expectClose(fit.deviance, 3.6, EXACT, 'RSS');
    expectClose(fit.dispersion, 1.2, EXACT, 'dispersion');
    const se = Math.sqrt(1.2 / 10);
    expectClose(fit.coefficients[1].stdError, se, EXACT, 'se slope');
    expect(fit.statisticType).toBe('t');
    expectClose(fit.coefficients[1].pValue, 2 * pt(-0.8 / se, 3), EXACT, 't test with 3 df');
    expectClose(fit.logLik, -2.5 * (Math.log((2 * Math.PI * 3.6) / 5) + 1), EXACT, 'logLik');
    // For a linear model the profile of (RSS(b) - RSS) / dispersion is (b - bhat)^2 Sxx / dispersion:
    // the profile limits are the Wald limits.
    const z = qnorm(0.975);
    expectClose(
      fit.coefficients[1].profileLower,
      0.8 - z * se,
      { rtol: 1e-9, atol: 1e-11 },
      'profile lower',
    );
    expectClose(
      fit.coefficients[1].profileUpper,
      0.8 + z * se,
      { rtol: 1e-9, atol: 1e-11 },
      'profile upper',
    );
  });

  it('fitGlm(y ~ x, vcov HC0/HC1/cluster) gives the closed-form sandwich variances of the slope', async () => {
    // residuals -0.4, 0.8, -1, 1.2, -0.6; (x - xbar) = -2, -1, 0, 1, 2; Sxx = 10
    const hc0 = await fitGlm('y ~ x', line, { vcov: 'HC0' });
    expectClose(hc0.coefficients[1].stdError, Math.sqrt(4.16 / 100), EXACT, 'HC0');
    const hc1 = await fitGlm('y ~ x', line, { vcov: 'HC1' });
    expectClose(
      hc1.coefficients[1].stdError,
      Math.sqrt(((4.16 / 100) * 5) / 3),
      EXACT,
      'HC1 = n / (n - k) HC0',
    );
    const clustered = { ...line, war: ['w1', 'w2', 'w3', 'w1', 'w2'] };
    const cr1 = await fitGlm('y ~ x', clustered, { vcov: 'cluster', cluster: 'war' });
    // cluster sums of (x - xbar) e: w1 0.8 + 1.2 = 2, w2 -0.8 - 1.2 = -2, w3 0
    expectClose(cr1.coefficients[1].stdError, Math.sqrt(1.5 * (4 / 3) * (8 / 100)), EXACT, 'CR1');
    expect(cr1.nClusters).toBe(3);
    expect(cr1.vcov[1][1]).not.toBeNull();
  });

  it('fitGlm(y ~ x, poisson) with two groups gives log means and log rate ratio', async () => {
    const data = { y: [2, 3, 7, 10, 12], x: [0, 0, 0, 1, 1] };
    const fit = await fitGlm('y ~ x', data, { family: 'poisson', ...TIGHT });
    expectClose(fit.coefficients[0].estimate, Math.log(4), EXACT, 'log mean of group 0');
    expectClose(fit.coefficients[1].estimate, Math.log(11 / 4), EXACT, 'log rate ratio');
    // The covariance uses the weights of the previous iterate, as R's glm.fit: 1e-8 here.
    expectClose(
      fit.coefficients[1].stdError,
      Math.sqrt(1 / 12 + 1 / 22),
      { rtol: 1e-8, atol: 0 },
      'se',
    );
  });

  it('fitGlm with firth: true on a 2 x 2 table with an empty cell adds 1/2 to every cell', async () => {
    // x = 1 has no failures: quasi-complete separation; Firth's estimate is finite.
    const data = { y: [0, 0, 0, 1, 1, 1, 1, 1, 1], x: [0, 0, 0, 0, 0, 1, 1, 1, 1] };
    // brglm2 stops when the step sum is below 1e-6; run to 1e-13 for the closed form.
    const fit = await fitGlm('y ~ x', data, { family: 'binomial', firth: true, tolerance: 1e-13 });
    expectClose(
      fit.coefficients[0].estimate,
      Math.log(2.5 / 3.5),
      { rtol: 1e-10, atol: 1e-12 },
      'intercept',
    );
    expectClose(
      fit.coefficients[1].estimate,
      Math.log(4.5 / 0.5) - Math.log(2.5 / 3.5),
      { rtol: 1e-10, atol: 1e-12 },
      'slope',
    );
    expect(fit.method).toBe('firth');
    expect(fit.converged).toBe(true);
    const ml = await fitGlm('y ~ x', data, { family: 'binomial' });
    expect(ml.warnings.find((w) => w.code === 'glm-separation')?.subjects).toEqual(['x']);
  });

  it('fitGlm with an offset option equals the offset() term', async () => {
    const data = fixtureCsv('convictions_by_district.csv');
    const term = await fitGlm('convictions ~ republic + period + offset(log(personnel))', data, {
      family: 'poisson',
    });
    const logPersonnel = (data.personnel as number[]).map(Math.log);
    const option = await fitGlm('convictions ~ republic + period', data, {
      family: 'poisson',
      offset: logPersonnel,
    });
    term.coefficients.forEach((c, j) => {
      expectClose(option.coefficients[j].estimate, c.estimate as number, EXACT, c.term);
      expectClose(
        option.coefficients[j].profileUpper,
        c.profileUpper as number,
        { rtol: 1e-9, atol: 1e-12 },
        c.term,
      );
    });
    expectClose(
      option.nullDeviance,
      term.nullDeviance,
      EXACT,
      'null deviance refit with the offset',
    );
    expect(option.offset).toBe('values');
  });

  it('fitGlm counts dropped rows and keeps them out of every quantity', async () => {
    const data = { y: [0, 0, 0, 1, 1, 0, 1, 1, 1, 1, 1], x: [...table.x, null] };
    const fit = await fitGlm('y ~ x', data, { family: 'binomial' });
    expect(fit.nDropped).toBe(1);
    expect(fit.nobs).toBe(10);
    expectClose(fit.coefficients[1].estimate, Math.log(6), EXACT, 'slope');
  });

  it('fitGlm reports aliased coefficients as null, as R', async () => {
    const data = { y: line.y, x: line.x, x2: line.x.map((v) => 2 * v) };
    const fit = await fitGlm('y ~ x + x2', data);
    expect(fit.coefficients[2]).toEqual({
      term: 'x2',
      estimate: null,
      stdError: null,
      statistic: null,
      pValue: null,
      lower: null,
      upper: null,
      profileLower: null,
      profileUpper: null,
    });
    expect(fit.dfResidual).toBe(3);
    expect(fit.vcov[2]).toEqual([null, null, null]);
  });

  it('fitGlm returns a plain serialisable object', async () => {
    const fit = await fitGlm('y ~ x', table, { family: 'binomial', vcov: 'HC3' });
    expect(JSON.parse(JSON.stringify(fit))).toEqual(fit);
  });

  it('fitGlm uses confLevel for both intervals', async () => {
    const fit = await fitGlm('y ~ x', line, { confLevel: 0.9 });
    const c = fit.coefficients[1];
    expectClose(c.upper, 0.8 + qnorm(0.95) * (c.stdError as number), EXACT, 'wald 90%');
    expect(fit.confLevel).toBe(0.9);
  });

  it('fitGlm with profile: false leaves the profile limits null and labels it', async () => {
    const fit = await fitGlm('y ~ x', table, { family: 'binomial', profile: false });
    expect(fit.coefficients.every((c) => c.profileLower === null)).toBe(true);
    expect(fit.intervals.profile).toBeNull();
  });
});

describe('fitGlm: covariance options', () => {
  it('fitGlm with a cluster() term equals vcov cluster with the cluster option', async () => {
    const data = fixtureCsv('lyall_synthetic.csv');
    const option = await fitGlm('mass_desertion ~ inequality + log(troops)', data, {
      family: 'binomial',
      vcov: 'cluster',
      cluster: 'war',
      profile: false,
    });
    const term = await fitGlm('mass_desertion ~ inequality + log(troops) + cluster(war)', data, {
      family: 'binomial',
      vcov: 'cluster',
      profile: false,
    });
    option.coefficients.forEach((c, j) => {
      expectClose(term.coefficients[j].stdError, c.stdError as number, EXACT, c.term);
    });
    expect(term.cluster).toBe('cluster(war)');
  });

  it('fitGlm HC3 and CR1 with an aliased column equal those of the model without it', async () => {
    const data = fixtureCsv('collinear.csv');
    const withAliased = 'mass_desertion ~ inequality + inequality_pct + discriminated_share';
    const without = 'mass_desertion ~ inequality + discriminated_share';
    const clusters = { ...data, g: (data.inequality as number[]).map((_, i) => `g${i % 40}`) };
    for (const vcov of ['HC3', 'cluster'] as const) {
      const options = {
        family: 'binomial' as const,
        vcov,
        profile: false,
        cluster: vcov === 'cluster' ? 'g' : undefined,
      };
      const a = await fitGlm(withAliased, clusters, options);
      const b = await fitGlm(without, clusters, options);
      expect(a.coefficients[2].stdError).toBeNull();
      for (const [ja, jb] of [
        [0, 0],
        [1, 1],
        [3, 2],
      ]) {
        expectClose(
          a.coefficients[ja].stdError,
          b.coefficients[jb].stdError as number,
          { rtol: 1e-9, atol: 0 },
          `${vcov} ${a.coefficients[ja].term}`,
        );
      }
    }
  });

  it("fitGlm with profile 'auto' skips profile intervals above 200000 cells and says so", async () => {
    const n = 100_001;
    const x = Array.from({ length: n }, (_, i) => (i % 97) / 97);
    const y = x.map((v, i) => ((i * 7919) % 10 < 3 + 4 * v ? 1 : 0));
    const fit = await fitGlm('y ~ x', { y, x }, { family: 'binomial' });
    expect(fit.coefficients[1].profileLower).toBeNull();
    expect(fit.warnings.map((w) => w.code)).toEqual(['glm-profile-skipped']);
  });
});

describe('fitGlm: non-convergence and degenerate fits are results', () => {
  it('fitGlm with maxIter 2 returns converged false, the iterations and a warning', async () => {
    const data = fixtureCsv('lyall_synthetic.csv');
    const fit = await fitGlm('mass_desertion ~ inequality + log(troops)', data, {
      family: 'binomial',
      maxIter: 2,
    });
    expect(fit.converged).toBe(false);
    expect(fit.iterations).toBe(2);
    expect(fit.warnings.map((w) => w.code)).toContain('not-converged');
    expect(fit.coefficients[1].profileLower).toBeNull();
  });

  it('fitGlm with a single row and an intercept-only gaussian model gives NaN dispersion as R, without throwing', async () => {
    const fit = await fitGlm('y ~ 1', { y: [3] });
    expect(fit.coefficients[0].estimate).toBe(3);
    expect(fit.dfResidual).toBe(0);
    expect(fit.dispersion).toBeNaN();
    expect(fit.coefficients[0].stdError).toBeNull();
  });

  it('fitGlm on completely separated 0/1 data does not throw and says what to do', async () => {
    const data = { y: [0, 0, 0, 1, 1, 1], x: [1, 2, 3, 4, 5, 6] };
    const fit = await fitGlm('y ~ x', data, { family: 'binomial' });
    // As R: the deviance change happens to fall below 1e-8 at iteration 25.
    expect(fit.iterations).toBe(25);
    expect(fit.warnings.map((x) => x.code)).toContain('glm-fitted-probabilities-0-1');
    const w = fit.warnings.find((x) => x.code === 'glm-separation');
    expect(w?.message).toMatch(/complete separation.*x.*firth: true/);
  });
});

describe('fitGlm: bad input is a clear error naming the column, row or term', () => {
  it('fitGlm rejects a binomial response that is not 0/1, naming column and row', async () => {
    const error = await fitGlm(
      'y ~ x',
      { y: [0, 1, 2, 0], x: [1, 2, 3, 4] },
      { family: 'binomial' },
    ).catch((e) => e);
    expect(error).toBeInstanceOf(DataError);
    expect(error).toMatchObject({ column: 'y', row: 3 });
    expect(error.message).toBe(
      "fitGlm requires a 0/1 response for the binomial family (or proportions with weights, or cbind(successes, failures)); column 'y' data row 3 has 2",
    );
  });

  it('fitGlm rejects binomial proportions outside [0, 1] even with weights', async () => {
    const error = await fitGlm(
      'p ~ x',
      { p: [0.5, 1.5], x: [1, 2], m: [2, 2] },
      { family: 'binomial', weights: 'm' },
    ).catch((e) => e);
    expect(error).toMatchObject({ name: 'DataError', column: 'p', row: 2 });
  });

  it('fitGlm rejects a negative count for poisson, naming column and row (rows counted in the data)', async () => {
    const error = await fitGlm(
      'y ~ x',
      { y: [0, 1, 5, -2], x: [1, null, 3, 4] },
      { family: 'poisson' },
    ).catch((e) => e);
    expect(error).toMatchObject({ name: 'DataError', column: 'y', row: 4 });
    expect(error.message).toMatch(/non-negative counts.*'y' data row 4 has -2/);
  });

  it('fitGlm rejects negative cbind counts', async () => {
    const error = await fitGlm(
      'cbind(s, f) ~ x',
      { s: [1, 2], f: [3, -1], x: [0, 1] },
      { family: 'binomial' },
    ).catch((e) => e);
    expect(error).toMatchObject({ name: 'DataError', column: 'f', row: 2 });
  });

  it('fitGlm rejects non-positive values for Gamma', async () => {
    const error = await fitGlm('y ~ x', { y: [1, 0, 2], x: [1, 2, 3] }, { family: 'Gamma' }).catch(
      (e) => e,
    );
    expect(error).toMatchObject({ name: 'DataError', column: 'y', row: 2 });
  });

  it('fitGlm rejects a weight below zero, naming the weights column and row', async () => {
    const error = await fitGlm(
      'y ~ x',
      { y: [0, 1, 2, 0], x: [1, 2, 3, 4], w: [1, 1, -1, 1] },
      { weights: 'w' },
    ).catch((e) => e);
    expect(error).toBeInstanceOf(DataError);
    expect(error).toMatchObject({ column: 'w', row: 3 });
    expect(error.message).toBe("fitGlm requires weights >= 0; column 'w' data row 3 has -1");
  });

  it('fitGlm rejects a formula naming a missing column, with the name and position', async () => {
    const error = await fitGlm('y ~ x + troopz', { y: [0, 1], x: [1, 2] }).catch((e) => e);
    expect(error).toBeInstanceOf(FormulaError);
    expect(error.message).toMatch(/'troopz' is not one/);
    expect(error.position).toBe(8);
  });

  it('fitGlm rejects a weights or cluster column that is not in the data', async () => {
    const weights = await fitGlm('y ~ x', { y: [0, 1], x: [1, 2] }, { weights: 'troops' }).catch(
      (e) => e,
    );
    expect(weights).toMatchObject({ name: 'DataError', column: 'troops' });
    const cluster = await fitGlm(
      'y ~ x',
      { y: [0, 1], x: [1, 2] },
      { vcov: 'cluster', cluster: 'war' },
    ).catch((e) => e);
    expect(cluster).toMatchObject({ name: 'DataError', column: 'war' });
  });

  it('fitGlm rejects a factor with one level, naming it', async () => {
    const error = await fitGlm('y ~ x + regime', {
      y: [0, 1, 1],
      x: [1, 2, 3],
      regime: ['a', 'a', 'a'],
    }).catch((e) => e);
    expect(error).toMatchObject({ name: 'DataError', column: 'regime' });
    expect(error.message).toMatch(/at least 2 levels; 'regime' has only 'a'/);
  });

  it('fitGlm rejects a factor left with one level after dropping missing rows (R drops unused levels)', async () => {
    const data = { y: [0, 1, 1, 0], x: [1, 2, 3, null], regime: ['a', 'a', 'a', 'b'] };
    const error = await fitGlm('y ~ x + regime', data).catch((e) => e);
    expect(error).toMatchObject({ name: 'DataError', column: 'regime' });
  });

  it('fitGlm rejects data where every row is dropped as missing, naming the variables', async () => {
    const error = await fitGlm('y ~ x', { y: [0, 1, null], x: [null, null, 3] }).catch((e) => e);
    expect(error).toBeInstanceOf(DataError);
    expect(error.message).toBe(
      'fitGlm requires at least one row without missing values; all 3 rows were dropped as missing in y, x',
    );
  });

  it('fitGlm rejects more coefficients than observations, naming the terms', async () => {
    const data = { y: [0, 1, 2], x: [1, 2, 3], z: [3, 1, 2], w: [5, 5, 1] };
    const error = await fitGlm('y ~ x + z + w', data).catch((e) => e);
    expect(error).toBeInstanceOf(InvalidArgumentError);
    expect(error.message).toBe(
      'fitGlm requires at most as many coefficients as observations; the design has 4 columns ((Intercept), x, z, w) and 3 observations',
    );
  });

  it('fitGlm rejects a string response for poisson and unknown family, link and vcov', async () => {
    await expect(
      fitGlm('y ~ x', { y: ['a', 'b'], x: [1, 2] }, { family: 'poisson' }),
    ).rejects.toMatchObject({
      name: 'DataError',
      column: 'y',
    });
    await expect(fitGlm('y ~ x', line, { family: 'quasi' as never })).rejects.toMatchObject({
      argument: 'family',
    });
    await expect(fitGlm('y ~ x', line, { family: 'poisson', link: 'logit' })).rejects.toMatchObject(
      {
        argument: 'link',
      },
    );
    await expect(fitGlm('y ~ x', line, { vcov: 'HC4' as never })).rejects.toMatchObject({
      argument: 'vcov',
    });
    await expect(fitGlm('y ~ x', line, { vcov: 'cluster' })).rejects.toMatchObject({
      argument: 'cluster',
    });
    await expect(fitGlm('y ~ x', line, { firth: true })).rejects.toMatchObject({
      argument: 'firth',
    });
    await expect(fitGlm('y ~ x', line, { confLevel: 1.5 })).rejects.toMatchObject({
      argument: 'confLevel',
    });
  });

  it('fitGlm refuses the old option names, naming the new one, and options it does not take', async () => {
    for (const [old, current] of [
      ['maxit', 'maxIter'],
      ['epsilon', 'tolerance'],
      ['level', 'confLevel'],
    ]) {
      await expect(fitGlm('y ~ x', line, { [old]: 1 } as never)).rejects.toMatchObject({
        name: 'InvalidArgumentError',
        argument: old,
        message: `fitGlm no longer takes '${old}'; use '${current}'`,
      });
    }
    await expect(fitGlm('y ~ x', line, { weight: 'w' } as never)).rejects.toMatchObject({
      argument: 'weight',
      message: expect.stringMatching(
        /^fitGlm does not know the option 'weight' \(did you mean 'weights'\?\)/,
      ),
    });
  });

  it('fitGlm reports a gaussian log-link response <= 0 (R: cannot find valid starting values)', async () => {
    const error = await fitGlm('y ~ x', { y: [1, 0, 2], x: [1, 2, 3] }, { link: 'log' }).catch(
      (e) => e,
    );
    expect(error).toMatchObject({ name: 'DataError', column: 'y', row: 2 });
  });

  it('fitGlm reports a binomial log-link fit R cannot start as a NumericalError (R: no valid set of coefficients)', async () => {
    const data = fixtureCsv('birthwt.csv');
    const error = await fitGlm('low ~ smoke + ht + ui', data, {
      family: 'binomial',
      link: 'log',
    }).catch((e) => e);
    expect(error).toMatchObject({ name: 'NumericalError' });
    expect(error.message).toMatch(/no valid set of coefficients/);
  });
});
