import { describe, expect, it } from 'vitest';
import { type FitBayesGlmOptions, fitBayesGlm } from '../src/index.ts';
import { expectClose, fixtureCsv, fixtureText, REFERENCE, SMALL_P } from './helpers.ts';

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
    it(`${c.id}: estimates, standard errors, prior scales, deviance and AIC at 1e-6`, async () => {
      const fit = await fitBayesGlm(c.formula, fixtureCsv(c.data), optionsOf(c));
      const e = c.expected;
      expect(fit.coefficients.map((k) => k.term)).toEqual(e.terms);
      fit.coefficients.forEach((k, j) => {
        expectClose(k.estimate, e.estimate[j], REFERENCE, `${k.term} estimate`);
        expectClose(k.stdError, e.stdError[j], REFERENCE, `${k.term} se`);
        expectClose(k.statistic, e.statistic[j], REFERENCE, `${k.term} z`);
        expectClose(k.pValue, e.pValue[j], e.pValue[j] < 1e-10 ? SMALL_P : REFERENCE, `${k.term} p`);
        e.vcov[j].forEach((v, l) => expectClose(fit.vcov[j][l], v, REFERENCE, `vcov ${j},${l}`));
        expectClose(fit.prior.scale[j], e.priorScale[j], REFERENCE, `${k.term} prior scale`);
        expectClose(fit.prior.sd[j], e.priorSd[j], REFERENCE, `${k.term} prior sd`);
      });
      expectClose(fit.deviance, e.deviance, REFERENCE, 'deviance');
      expectClose(fit.nullDeviance, e.nullDeviance, REFERENCE, 'null deviance');
      expectClose(fit.aic, e.aic, REFERENCE, 'aic');
      expectClose(fit.logLik, e.logLik, REFERENCE, 'logLik');
      expect(fit.dfResidual).toBe(e.dfResidual);
      expect(fit.nobs).toBe(e.nobs);
      expect(fit.iterations).toBe(e.iterations);
      expect(fit.converged).toBe(e.converged);
    });
  }
});
