import { createRandom, type Random } from '@muster/core';
import { designMatrix } from '@muster/formula';
import { describe, expect, it } from 'vitest';
import { fitGlm, glmFit } from '../src/index.ts';
import { makeFamily } from '../src/internal/family.ts';
import { irls } from '../src/internal/irls.ts';
import { unscaledCovariance } from '../src/internal/weighted-factor.ts';
import { expectClose, fixtureCsv } from './helpers.ts';

// Values printed by R 4.2.2 (glm, options(digits = 15)) for the small examples below.
const R_LOGIT = { intercept: -4.24909655047712, slope: 1.21402758585061, iterations: 5 };

function designOf(formula: string, data: Record<string, unknown[]>) {
  const d = designMatrix(formula, data as never);
  return { x: d.matrix, n: d.nrow, p: d.ncol, y: (d.response as { values: Float64Array }).values };
}

describe('glmFit: the IRLS kernel', () => {
  it("glmFit(x, 6, 2, y, binomial) reproduces R's glm iterates and estimates", () => {
    const x = new Float64Array([1, 1, 1, 1, 1, 1, 1, 2, 3, 4, 5, 6]);
    const fit = glmFit(x, 6, 2, new Float64Array([0, 0, 1, 0, 1, 1]), { family: 'binomial' });
    expectClose(fit.coefficients[0], R_LOGIT.intercept, { rtol: 1e-12, atol: 0 }, 'intercept');
    expectClose(fit.coefficients[1], R_LOGIT.slope, { rtol: 1e-12, atol: 0 }, 'slope');
    expect(fit.iterations).toBe(R_LOGIT.iterations);
    expect(fit.solver).toBe('cholesky');
    expect(fit.method).toBe('ml');
  });

  it('glmFit solves every step by Cholesky or by QR with the same results on a well-conditioned design', () => {
    const { x, n, p, y } = designOf(
      'mass_desertion ~ inequality + log(troops) + regime + initiator',
      fixtureCsv('lyall_synthetic.csv'),
    );
    const family = makeFamily('binomial', 'logit');
    const common = {
      x,
      nrow: n,
      ncol: p,
      y,
      weights: new Float64Array(n).fill(1),
      offset: null,
      trials: null,
      family,
      tolerance: 1e-8,
      maxIter: 25,
      caller: 't',
    };
    const chol = irls(common);
    const qr = irls({ ...common, forceQr: true });
    expect(chol.solver).toBe('cholesky');
    expect(qr.solver).toBe('qr');
    expect(chol.iterations).toBe(qr.iterations);
    for (let j = 0; j < p; j++)
      expectClose(
        chol.coefficients[j],
        qr.coefficients[j],
        { rtol: 1e-11, atol: 1e-13 },
        `beta ${j}`,
      );
    const a = unscaledCovariance(chol.factor!);
    const b = unscaledCovariance(qr.factor!);
    for (let k = 0; k < p * p; k++)
      expectClose(a[k], b[k], { rtol: 1e-9, atol: 1e-14 }, `cov ${k}`);
  });

  it("glmFit falls back to R's pivoted QR for an ill-conditioned design and aliases exact collinearity as R", () => {
    const rng = createRandom(7);
    const n = 200;
    const x1 = Array.from({ length: n }, () => rng.normal());
    const data = {
      y: x1.map((v) => (rng.uniform() < 1 / (1 + Math.exp(-v)) ? 1 : 0)),
      x1,
      near: x1.map((v) => v + 1e-7 * rng.normal()),
      exact: x1.map((v) => 3 * v),
    };
    const near = designOf('y ~ x1 + near', data);
    const fitNear = glmFit(near.x, near.n, near.p, near.y, { family: 'binomial' });
    expect(fitNear.solver).toBe('qr');
    expect(fitNear.aliased).toEqual([false, false, false]);
    const exact = designOf('y ~ x1 + exact', data);
    const fitExact = glmFit(exact.x, exact.n, exact.p, exact.y, { family: 'binomial' });
    expect(fitExact.aliased).toEqual([false, false, true]);
    expect(fitExact.rank).toBe(2);
    expect(fitExact.coefficients[2]).toBeNaN();
    const reduced = designOf('y ~ x1', data);
    const fitReduced = glmFit(reduced.x, reduced.n, reduced.p, reduced.y, { family: 'binomial' });
    expectClose(
      fitExact.coefficients[1],
      fitReduced.coefficients[1],
      { rtol: 1e-10, atol: 0 },
      'x1',
    );
    expect(fitExact.dfResidual).toBe(n - 2);
  });

  it('glmFit halves steps like glm.fit when the deviance is not finite (poisson identity link)', () => {
    // R: glm(y ~ x, poisson("identity"), start = c(3, 0.01)): 3 x "step size truncated due to
    // divergence", converged in 12 iterations.
    const y = new Float64Array([1, 0, 1, 1, 5, 10, 0, 2]);
    const x = new Float64Array([1, 1, 1, 1, 1, 1, 1, 1, 1, 2, 3, 4, 5, 6, 1.5, 3.5]);
    const fit = glmFit(x, 8, 2, y, { family: 'poisson', link: 'identity', start: [3, 0.01] });
    expectClose(fit.coefficients[0], -0.687185436651982, { rtol: 1e-10, atol: 0 }, 'intercept');
    expectClose(fit.coefficients[1], 0.980672442046764, { rtol: 1e-10, atol: 0 }, 'slope');
    expectClose(fit.deviance, 12.0062859731184, { rtol: 1e-12, atol: 0 }, 'deviance');
    expect(fit.iterations).toBe(12);
    expect(fit.converged).toBe(true);
    expect(fit.warnings.map((w) => w.code)).toEqual(['glm-step-halving']);
    // From R's default start the first step is already invalid: R stops, and so does glmFit.
    expect(() => glmFit(x, 8, 2, y, { family: 'poisson', link: 'identity' })).toThrow(
      /no valid set of coefficients/,
    );
  });

  it('glmFit reports non-convergence as a result with the iteration count, never a crash', () => {
    const y = new Float64Array([1, 0, 1, 1, 5, 10, 0, 2]);
    const x = new Float64Array([1, 1, 1, 1, 1, 1, 1, 1, 1, 2, 3, 4, 5, 6, 1.5, 3.5]);
    // R: start = c(1, 0.1) does not converge in 25 iterations: (-0.778197563531579, 1.008676173394332).
    const fit = glmFit(x, 8, 2, y, { family: 'poisson', link: 'identity', start: [1, 0.1] });
    expect(fit.converged).toBe(false);
    expect(fit.iterations).toBe(25);
    expectClose(fit.coefficients[0], -0.778197563531579, { rtol: 1e-9, atol: 0 }, 'intercept');
    expect(fit.warnings.map((w) => w.code)).toContain('not-converged');
  });

  it('glmFit uses prior weights, offsets and the intercept option like glm', () => {
    // Duplicating a row is the same as giving it weight 2.
    const x = new Float64Array([1, 1, 1, 1, 0, 1, 2, 3]);
    const y = new Float64Array([1, 3, 2, 6]);
    const weighted = glmFit(x, 4, 2, y, { family: 'poisson', weights: [1, 2, 1, 1] });
    const duplicated = glmFit(
      new Float64Array([1, 1, 1, 1, 1, 0, 1, 1, 2, 3]),
      5,
      2,
      new Float64Array([1, 3, 3, 2, 6]),
      {
        family: 'poisson',
      },
    );
    for (let j = 0; j < 2; j++)
      expectClose(
        weighted.coefficients[j],
        duplicated.coefficients[j],
        { rtol: 1e-10, atol: 1e-12 },
        `beta ${j}`,
      );
    expectClose(weighted.deviance, duplicated.deviance, { rtol: 1e-10, atol: 1e-12 }, 'deviance');
    // An offset of log(2) halves nothing but shifts the intercept by -log(2).
    const shifted = glmFit(x, 4, 2, y, {
      family: 'poisson',
      offset: [Math.LN2, Math.LN2, Math.LN2, Math.LN2],
    });
    const plain = glmFit(x, 4, 2, y, { family: 'poisson' });
    expectClose(
      shifted.coefficients[0],
      (plain.coefficients[0] as number) - Math.LN2,
      { rtol: 1e-10, atol: 1e-12 },
      'intercept',
    );
    expectClose(
      shifted.nullDeviance,
      plain.nullDeviance,
      { rtol: 1e-10, atol: 1e-12 },
      'null deviance',
    );
    const noIntercept = glmFit(new Float64Array([0, 1, 2, 3]), 4, 1, y, { family: 'poisson' });
    expect(noIntercept.dfNull).toBe(4);
  });

  it('glmFit validates its arguments', () => {
    const x = new Float64Array([1, 1, 1, 2]);
    expect(() => glmFit(x, 2, 3, [0, 1])).toThrow(/nrow \* ncol = 6/);
    expect(() => glmFit(x, 2, 2, [0, 1, 1])).toThrow(/one value per row \(2\)/);
    expect(() => glmFit(x, 2, 2, [0, 1], { weights: [1, -1] })).toThrow(/row 2 has -1/);
    expect(() => glmFit(x, 2, 2, [0, 1], { family: 'gaussian', method: 'firth' })).toThrow(
      /binomial and poisson/,
    );
    expect(() => glmFit(x, 2, 2, [0, 1], { maxIter: 0 })).toThrow(/maxIter >= 1/);
    expect(() => glmFit(x, 2, 2, [0, 1], { maxit: 25 } as never)).toThrow(
      "glmFit no longer takes 'maxit'; use 'maxIter'",
    );
  });
});

describe('glmFit and fitGlm: recovery of known parameters (seeded simulation)', () => {
  function simulateLogistic(rng: Random, n: number, beta: number[]) {
    const x1: number[] = [];
    const x2: number[] = [];
    const y: number[] = [];
    for (let i = 0; i < n; i++) {
      const a = rng.normal();
      const b = rng.uniform() < 0.4 ? 1 : 0;
      x1.push(a);
      x2.push(b);
      const eta = beta[0] + beta[1] * a + beta[2] * b;
      y.push(rng.uniform() < 1 / (1 + Math.exp(-eta)) ? 1 : 0);
    }
    return { y, x1, x2 };
  }

  it('fitGlm(binomial) recovers the coefficients of a simulated logistic model within 4 standard errors', async () => {
    const beta = [-1, 0.8, -0.5];
    const fit = await fitGlm('y ~ x1 + x2', simulateLogistic(createRandom(11), 5000, beta), {
      family: 'binomial',
    });
    fit.coefficients.forEach((c, j) => {
      expect(Math.abs((c.estimate as number) - beta[j])).toBeLessThan(4 * (c.stdError as number));
    });
  });

  it('Wald and profile 95% intervals of a logistic slope cover the truth in 92-98% of 300 simulations', async () => {
    // 300 replications: the binomial standard error of a 95% coverage is 1.3 points.
    const rng = createRandom(2024);
    const beta = [-0.5, 0.7, 0.4];
    let wald = 0;
    let profile = 0;
    const reps = 300;
    for (let r = 0; r < reps; r++) {
      const fit = await fitGlm('y ~ x1 + x2', simulateLogistic(rng, 150, beta), {
        family: 'binomial',
        separation: 'never',
      });
      const c = fit.coefficients[1];
      if ((c.lower as number) <= beta[1] && beta[1] <= (c.upper as number)) wald++;
      if ((c.profileLower as number) <= beta[1] && beta[1] <= (c.profileUpper as number)) profile++;
    }
    expect(wald / reps).toBeGreaterThanOrEqual(0.92);
    expect(wald / reps).toBeLessThanOrEqual(0.98);
    expect(profile / reps).toBeGreaterThanOrEqual(0.92);
    expect(profile / reps).toBeLessThanOrEqual(0.98);
  });

  it('Poisson rate models with an offset recover the rate ratio, and HC0 intervals cover it in 92-98% of 300 simulations', async () => {
    const rng = createRandom(99);
    const reps = 300;
    let covered = 0;
    for (let r = 0; r < reps; r++) {
      const exposure: number[] = [];
      const treated: number[] = [];
      const count: number[] = [];
      for (let i = 0; i < 100; i++) {
        const e = rng.uniformIn(50, 150);
        const t = i % 2;
        exposure.push(e);
        treated.push(t);
        count.push(rng.poisson(e * Math.exp(-3 + 0.4 * t)));
      }
      const fit = await fitGlm(
        'count ~ treated + offset(log(exposure))',
        { count, treated, exposure },
        {
          family: 'poisson',
          vcov: 'HC0',
          profile: false,
        },
      );
      const c = fit.coefficients[1];
      if ((c.lower as number) <= 0.4 && 0.4 <= (c.upper as number)) covered++;
    }
    expect(covered / reps).toBeGreaterThanOrEqual(0.92);
    expect(covered / reps).toBeLessThanOrEqual(0.98);
  });

  it('fitGlm(gaussian) recovers slope and residual variance; Gamma(log) recovers the log-linear mean', async () => {
    const rng = createRandom(5);
    const x: number[] = [];
    const y: number[] = [];
    const z: number[] = [];
    for (let i = 0; i < 4000; i++) {
      const v = rng.uniformIn(0, 2);
      x.push(v);
      y.push(1 + 2 * v + rng.normal(0, 0.5));
      // Gamma with shape 4 and mean exp(0.5 + 0.3 v)
      z.push(rng.gamma(4, Math.exp(0.5 + 0.3 * v) / 4));
    }
    const gaussian = await fitGlm('y ~ x', { y, x });
    expect(Math.abs((gaussian.coefficients[1].estimate as number) - 2)).toBeLessThan(
      4 * (gaussian.coefficients[1].stdError as number),
    );
    expect(Math.abs(gaussian.dispersion - 0.25)).toBeLessThan(0.02);
    const gamma = await fitGlm('z ~ x', { z, x }, { family: 'Gamma', link: 'log', profile: false });
    expect(Math.abs((gamma.coefficients[1].estimate as number) - 0.3)).toBeLessThan(
      4 * (gamma.coefficients[1].stdError as number),
    );
    // Pearson dispersion estimates 1 / shape = 0.25
    expect(Math.abs(gamma.dispersion - 0.25)).toBeLessThan(0.03);
  });
});
