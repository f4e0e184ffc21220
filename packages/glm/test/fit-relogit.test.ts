import { describe, expect, it } from 'vitest';
import { fitRelogit, predictRelogit } from '../src/index.ts';
import { expectClose, fixtureCsv, fixtureText, REFERENCE, SMALL_P } from './helpers.ts';

interface RelogitCase {
  id: string;
  kind: string;
  data: string;
  formula: string;
  tau: number | null;
  biasCorrection: boolean;
  expected: {
    terms: string[];
    estimate: number[];
    stdError: number[];
    statistic: number[];
    pValue: number[];
    mlEstimate: number[];
    vcov: number[][];
    nobs: number;
    prediction: {
      newdata: Record<string, (number | string)[]>;
      eta: number[];
      probability: number[];
      correction: number[];
      probabilityBayes: number[];
      seLink: number[];
    } | null;
  };
}

const cases = (JSON.parse(fixtureText('rare-cases.json')).cases as RelogitCase[]).filter(
  (c) => c.kind === 'relogit',
);

describe('fitRelogit agrees with the published formulas written in R', () => {
  for (const c of cases) {
    it(`${c.id}: corrected estimates, standard errors, tests and predictions at 1e-6`, async () => {
      const fit = await fitRelogit(c.formula, fixtureCsv(c.data), {
        ...(c.tau === null ? {} : { tau: c.tau }),
        biasCorrection: c.biasCorrection,
      });
      const e = c.expected;
      expect(fit.coefficients.map((k) => k.term)).toEqual(e.terms);
      fit.coefficients.forEach((k, j) => {
        expectClose(k.estimate, e.estimate[j], REFERENCE, `${k.term} estimate`);
        expectClose(fit.mlEstimates[j], e.mlEstimate[j], REFERENCE, `${k.term} ML estimate`);
        expectClose(k.stdError, e.stdError[j], REFERENCE, `${k.term} se`);
        expectClose(k.statistic, e.statistic[j], REFERENCE, `${k.term} z`);
        expectClose(k.pValue, e.pValue[j], e.pValue[j] < 1e-10 ? SMALL_P : REFERENCE, `${k.term} p`);
        e.vcov[j].forEach((v, l) => expectClose(fit.vcov[j][l], v, REFERENCE, `vcov ${j},${l}`));
      });
      expect(fit.nobs).toBe(e.nobs);
      const pred = e.prediction;
      if (pred === null) return;
      const p = predictRelogit(fit, pred.newdata);
      pred.eta.forEach((v, i) => {
        expectClose(p.eta[i], v, REFERENCE, `eta ${i}`);
        expectClose(p.probability[i], pred.probability[i], REFERENCE, `pi ${i}`);
        expectClose(p.correction[i], pred.correction[i], REFERENCE, `C ${i}`);
        expectClose(p.probabilityBayes[i], pred.probabilityBayes[i], REFERENCE, `pi + C ${i}`);
        expectClose(p.stdErrorLink[i], pred.seLink[i], REFERENCE, `se ${i}`);
      });
    });
  }
});
