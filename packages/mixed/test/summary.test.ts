import { glance, tidy } from '@muster/core';
import { describe, expect, it } from 'vitest';
import { fitGlmer, format, summary } from '../src/index.ts';

const d = {
  y: [0, 1, 0, 1, 1, 0, 1, 1, 0, 0, 1, 1, 0, 1, 1, 0],
  x: [1, 2, 3, 4, 5, 6, 1, 2, 3, 4, 5, 6, 2, 3, 4, 5],
  g: ['a', 'a', 'a', 'b', 'b', 'b', 'c', 'c', 'c', 'd', 'd', 'd', 'e', 'e', 'e', 'e'],
};

describe('summary(fitGlmer(...)) in the layout of lme4 print(summary(glmer))', () => {
  it('summary names the method, prints fit statistics, random effects with groups and the fixed effects', async () => {
    const fit = await fitGlmer('y ~ x + (1 | g)', d, { profile: false, lrTest: false });
    const lines = summary(fit, { data: 'd' }).split('\n');
    expect(lines.slice(0, 2)).toEqual([
      'Generalized linear mixed model fit by maximum likelihood (Laplace',
      '  Approximation) [glmerMod]',
    ]);
    expect(lines).toContain(' Family: binomial  ( logit )');
    expect(lines).toContain('   Data: d');
    expect(lines.some((line) => /^\s+AIC\s+BIC\s+logLik\s+deviance\s+df\.resid $/.test(line))).toBe(
      true,
    );
    expect(lines).toContain('Number of obs: 16, groups:  g, 5');
    expect(lines).toContain(' Groups Name        Variance Std.Dev.');
    expect(lines.some((line) => /^ g {6}\(Intercept\) \d/.test(line))).toBe(true);
    expect(lines.some((line) => /^x\s+-?\d/.test(line))).toBe(true);
    expect(format(fit).startsWith(summary(fit))).toBe(true);
    expect(tidy(fit)[1].term).toBe('x');
    expect(glance(fit)).toMatchObject({ kind: 'glmer', nobs: 16, nClusters: 5 });
    expect(() => summary({ kind: 'glm' } as never)).toThrow(
      'summary requires a result of fitGlmer',
    );
  });
});

describe('summary(fit, { header: true })', () => {
  it('summary with header puts a line naming the standard errors and convergence above the lines R prints', async () => {
    const fit = await fitGlmer('y ~ x + (1 | g)', d, { profile: false, lrTest: false });
    const plain = summary(fit).split('\n');
    const lines = summary(fit, { header: true }).split('\n');
    const se =
      fit.vcovType === 'hessian'
        ? 'standard errors from the finite-difference Hessian over theta and beta, as glmer'
        : 'standard errors conditional on the covariance parameters (RX)';
    expect(lines[0]).toBe(
      `Generalized linear mixed model: ${se}; converged in ${fit.iterations} deviance evaluations`,
    );
    expect(lines.slice(1)).toEqual(plain);
    expect(summary({ ...fit, converged: false, vcovType: 'RX' }, { header: true })).toMatch(
      /^Generalized linear mixed model: standard errors conditional on the covariance parameters \(RX\); did not converge in \d+ deviance evaluations\n/,
    );
  });
});
