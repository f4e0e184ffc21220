import { describe, expect, it } from 'vitest';
import { type FitBayesGlmOptions, fitBayesGlm } from '../src/index.ts';
import { expectClose, fixtureCsv, fixtureText, REFERENCE, SMALL_P } from './helpers.ts';

/** Both sides compute the same formulas in double precision: agreement to rounding (measured: 2e-14). */
const AGREEMENT = { rtol: 1e-10, atol: 1e-12 };

interface BayesCase {
  id: string;
  kind: string;
  data: string;
  formula: string;
  link: 'logit' | 'probit';
  options: Record<string, number | boolean | string>;
  expected: {
    terms: string[];
    estimate: number[];
    stdError: number[];
    statistic: number[];
    pValue: number[];
    vcov: number[][];
    priorScale: number[];
    priorSd: number[];
    deviance: number;
    nullDeviance: number;
    aic: number;
    logLik: number;
    dfResidual: number;
    iterations: number;
    converged: boolean;
    nobs: number;
  };
}

const cases = (JSON.parse(fixtureText('rare-cases.json')).cases as BayesCase[]).filter(
  (c) => c.kind === 'bayesglm',
);

/** arm's argument names to fitBayesGlm's. */
function optionsOf(c: BayesCase): FitBayesGlmOptions {
  const out: FitBayesGlmOptions = { link: c.link };
  const a = c.options;
  if (a['prior.scale'] !== undefined) out.priorScale = Number(a['prior.scale']);
  if (a['prior.df'] !== undefined) {
    out.priorDf = a['prior.df'] === 'Inf' ? Number.POSITIVE_INFINITY : Number(a['prior.df']);
  }
  if (a.scaled !== undefined) out.scaled = a.scaled as boolean;
  return out;
}

describe('fitBayesGlm agrees with arm::bayesglm', () => {
  for (const c of cases) {
    it(`${c.id}: estimates, standard errors, prior scales, deviance and AIC to 1e-10`, async () => {
      const fit = await fitBayesGlm(c.formula, fixtureCsv(c.data), optionsOf(c));
      const e = c.expected;
      expect(fit.coefficients.map((k) => k.term)).toEqual(e.terms);
      fit.coefficients.forEach((k, j) => {
        expectClose(k.estimate, e.estimate[j], AGREEMENT, `${k.term} estimate`);
        expectClose(k.stdError, e.stdError[j], AGREEMENT, `${k.term} se`);
        expectClose(k.statistic, e.statistic[j], AGREEMENT, `${k.term} z`);
        expectClose(
          k.pValue,
          e.pValue[j],
          e.pValue[j] < 1e-10 ? SMALL_P : REFERENCE,
          `${k.term} p`,
        );
        for (const [l, v] of e.vcov[j].entries())
          expectClose(fit.vcov[j][l], v, AGREEMENT, `vcov ${j},${l}`);
        expectClose(fit.prior.scale[j], e.priorScale[j], AGREEMENT, `${k.term} prior scale`);
        expectClose(fit.prior.sd[j], e.priorSd[j], AGREEMENT, `${k.term} prior sd`);
      });
      expectClose(fit.deviance, e.deviance, AGREEMENT, 'deviance');
      expectClose(fit.nullDeviance, e.nullDeviance, AGREEMENT, 'null deviance');
      expectClose(fit.aic, e.aic, AGREEMENT, 'aic');
      expectClose(fit.logLik, e.logLik, AGREEMENT, 'logLik');
      expect(fit.dfResidual).toBe(e.dfResidual);
      expect(fit.nobs).toBe(e.nobs);
      expect(fit.iterations).toBe(e.iterations);
      expect(fit.converged).toBe(e.converged);
    });
  }
});

describe('fitBayesGlm on an intercept-only model with a normal prior (closed form)', () => {
  it('fitBayesGlm(y ~ 1) solves sum(y - pi) = b / 10^2, the posterior mode under N(0, 10^2)', async () => {
    const y = [1, 0, 0, 0, 0, 0, 0, 0, 0, 0];
    const fit = await fitBayesGlm('y ~ 1', { y }, { priorDfIntercept: Number.POSITIVE_INFINITY });
    const b = fit.coefficients[0].estimate as number;
    const pi = 1 / (1 + Math.exp(-b));
    expect(Math.abs(1 - 10 * pi - b / 100)).toBeLessThan(1e-6);
    expect(b).toBeGreaterThan(Math.log(1 / 9)); // pulled towards 0 from the ML estimate
    // Posterior sd: 1 / sqrt(n pi (1 - pi) + 1 / 100), at the last step's weights.
    expectClose(
      fit.coefficients[0].stdError,
      1 / Math.sqrt(10 * pi * (1 - pi) + 0.01),
      { rtol: 1e-4, atol: 0 },
      'se',
    );
    expect(fit.method).toBe('bayes-cauchy'); // no slopes: named by the default slope prior
  });
});

describe('fitBayesGlm under separation and on bad input', () => {
  it('fitBayesGlm(y2 ~ big + z) keeps finite estimates and says the prior sets the separated one', async () => {
    const fit = await fitBayesGlm('y2 ~ big + z', fixtureCsv('separation.csv'));
    expect(fit.separation.kind).toBe('quasi-complete');
    const w = fit.warnings.find((x) => x.code === 'glm-prior-driven');
    expect(w?.subjects).toEqual(['big']);
    expect(fit.method).toBe('bayes-cauchy');
    expect(fit.prior.distribution).toEqual(['cauchy', 'cauchy', 'cauchy']);
  });
  it('fitBayesGlm refuses other families, bad prior lengths, offsets and old option names', async () => {
    const data = { y: [0, 1, 0, 1, 1], x: [1, 2, 3, 4, 5], o: [0, 0, 0, 0, 1] };
    await expect(fitBayesGlm('y ~ x', data, { family: 'poisson' as never })).rejects.toThrow(
      "fitBayesGlm requires family 'binomial'; received 'poisson'",
    );
    await expect(fitBayesGlm('y ~ x', data, { priorScale: [1, 2] })).rejects.toThrow(
      'fitBayesGlm requires one number or 1 (one per non-intercept coefficient); received [1,2]',
    );
    await expect(fitBayesGlm('y ~ x + offset(o)', data)).rejects.toThrow(
      "fitBayesGlm does not take offset() terms; received 'y ~ x + offset(o)'",
    );
    await expect(fitBayesGlm('y ~ x', data, { maxit: 5 } as never)).rejects.toThrow(
      "fitBayesGlm no longer takes 'maxit'; use 'maxIter'",
    );
    await expect(fitBayesGlm('y ~ x', data, { priorDf: 0 })).rejects.toThrow(
      'fitBayesGlm requires prior df > 0 (Infinity for a normal prior); received 0',
    );
  });
});

describe('the separation warning of fitGlm', () => {
  it('fitGlm(y2 ~ big + z) under separation names both Firth and the Cauchy-prior fit', async () => {
    const { fitGlm } = await import('../src/index.ts');
    const fit = await fitGlm('y2 ~ big + z', fixtureCsv('separation.csv'), { family: 'binomial' });
    const w = fit.warnings.find((x) => x.code === 'glm-separation');
    expect(w?.message).toMatch(/firth: true \(Firth's bias reduction; muster glm --firth\)/);
    expect(w?.message).toMatch(
      /fitBayesGlm \(Cauchy priors on scaled inputs, as arm::bayesglm; muster glm --method bayes\)/,
    );
  });
});
