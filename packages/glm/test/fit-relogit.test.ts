import { createRandom } from '@muster/core';
import { describe, expect, it } from 'vitest';
import { fitBayesGlm, fitRelogit, predictRelogit } from '../src/index.ts';
import { expectClose, fixtureCsv, fixtureText, REFERENCE, SMALL_P } from './helpers.ts';

/** Both sides compute the same formulas in double precision: agreement to rounding (measured: 2e-14). */
const AGREEMENT = { rtol: 1e-10, atol: 1e-12 };

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
    it(`${c.id}: corrected estimates, standard errors, tests and predictions to 1e-10`, async () => {
      const fit = await fitRelogit(c.formula, fixtureCsv(c.data), {
        ...(c.tau === null ? {} : { tau: c.tau }),
        biasCorrection: c.biasCorrection,
      });
      const e = c.expected;
      expect(fit.coefficients.map((k) => k.term)).toEqual(e.terms);
      fit.coefficients.forEach((k, j) => {
        expectClose(k.estimate, e.estimate[j], AGREEMENT, `${k.term} estimate`);
        expectClose(fit.mlEstimates[j], e.mlEstimate[j], AGREEMENT, `${k.term} ML estimate`);
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
      });
      expect(fit.nobs).toBe(e.nobs);
      const pred = e.prediction;
      if (pred === null) return;
      const p = predictRelogit(fit, pred.newdata);
      pred.eta.forEach((v, i) => {
        expectClose(p.eta[i], v, AGREEMENT, `eta ${i}`);
        expectClose(p.probability[i], pred.probability[i], AGREEMENT, `pi ${i}`);
        expectClose(p.correction[i], pred.correction[i], AGREEMENT, `C ${i}`);
        expectClose(p.probabilityBayes[i], pred.probabilityBayes[i], AGREEMENT, `pi + C ${i}`);
        expectClose(p.stdErrorLink[i], pred.seLink[i], AGREEMENT, `se ${i}`);
      });
    });
  }
});

describe('fitRelogit on an intercept-only model (closed form)', () => {
  // One event in ten: ML logit(0.1); bias (2 ybar - 1) / (2 n ybar (1 - ybar)) = -4/9;
  // variance 1 / (n ybar (1 - ybar)) times (n / (n + 1))^2.
  const data = { y: [1, 0, 0, 0, 0, 0, 0, 0, 0, 0] };
  it('fitRelogit(y ~ 1) subtracts the bias (2 ybar - 1) / (2 n ybar (1 - ybar))', async () => {
    const fit = await fitRelogit('y ~ 1', data);
    const exact = { rtol: 1e-12, atol: 1e-14 };
    // The ML estimate is glm.fit's: converged to a relative deviance change of 1e-8.
    const irls = { rtol: 1e-7, atol: 0 };
    expectClose(fit.mlEstimates[0], Math.log(1 / 9), irls, 'ML');
    expectClose(fit.bias[0], -4 / 9, irls, 'bias');
    expectClose(fit.coefficients[0].estimate, Math.log(1 / 9) + 4 / 9, irls, 'b');
    // R's vcov(glm) holds the weights of glm.fit's last step, not of the final estimate: 1e-4.
    expectClose(
      fit.coefficients[0].stdError,
      Math.sqrt(1 / 0.9) * (10 / 11),
      { rtol: 1e-4, atol: 0 },
      'se',
    );
    expectClose(fit.sampleFraction, 0.1, exact, 'ybar');
  });
  it('fitRelogit(y ~ 1, { tau }) subtracts log(((1 - tau) / tau) (ybar / (1 - ybar))) from the intercept', async () => {
    const fit = await fitRelogit('y ~ 1', data, { tau: 0.01 });
    expectClose(fit.interceptCorrection, Math.log(11), { rtol: 1e-12, atol: 0 }, 'correction');
    expectClose(
      fit.coefficients[0].estimate,
      Math.log(1 / 9) + 4 / 9 - Math.log(11),
      { rtol: 1e-7, atol: 0 },
      'b',
    );
    const p = predictRelogit(fit, { z: [1] });
    const pi = 1 / (1 + Math.exp(-(fit.coefficients[0].estimate as number)));
    const v = (fit.coefficients[0].stdError as number) ** 2;
    expectClose(
      p.probabilityBayes[0],
      pi + (0.5 - pi) * pi * (1 - pi) * v,
      { rtol: 1e-12, atol: 0 },
      'pi + C',
    );
  });
  it('predictRelogit(fit, rows) with an array of row objects equals the same data as columns', async () => {
    const fit = await fitRelogit('y ~ x', {
      y: [0, 0, 1, 0, 1, 1, 0, 0],
      x: [1, 2, 3, 4, 5, 6, 7, 8],
    });
    expect(predictRelogit(fit, [{ x: 2 }, { x: 7 }])).toEqual(predictRelogit(fit, { x: [2, 7] }));
    expect(() => predictRelogit(fit, [{ x: 2 }, 3] as never)).toThrow(
      'predictRelogit requires data rows to be objects of values by column; row 2 is number',
    );
  });
});

describe('fitRelogit bad input and separation', () => {
  const data = { y: [0, 0, 1, 0, 1, 1, 0, 0], x: [1, 2, 3, 4, 5, 6, 7, 8] };
  it('fitRelogit refuses tau outside (0, 1), old option names and a non-binary response', async () => {
    await expect(fitRelogit('y ~ x', data, { tau: 1.5 })).rejects.toThrow(
      'fitRelogit requires 0 < tau < 1; received 1.5',
    );
    await expect(fitRelogit('y ~ x', data, { level: 0.9 } as never)).rejects.toThrow(
      "fitRelogit no longer takes 'level'; use 'confLevel'",
    );
    await expect(fitRelogit('x ~ y', data)).rejects.toThrow(/^fitRelogit requires a 0\/1 response/);
    await expect(fitRelogit('y ~ x - 1', data, { tau: 0.1 })).rejects.toThrow(
      'fitRelogit requires an intercept for the prior correction with tau',
    );
  });
  it('fitRelogit(y2 ~ big + z) on quasi-separated data warns that the ML estimates, and so the corrections, are meaningless', async () => {
    const fit = await fitRelogit('y2 ~ big + z', fixtureCsv('separation.csv'));
    const w = fit.warnings.find((x) => x.code === 'glm-separation');
    expect(w?.message).toMatch(/^fitRelogit: quasi-complete separation/);
    expect(fit.separation.infiniteTerms).toEqual(['big']);
  });
});

describe('fitRelogit and fitBayesGlm recover known coefficients', () => {
  it('fitRelogit and fitBayesGlm on 2,000 simulated rows with 5% events land within 4 standard errors of the truth', async () => {
    const random = createRandom(42);
    const n = 2000;
    const beta = [-3.5, 0.8, 0.5];
    const x1 = Array.from({ length: n }, () => random.normal());
    const g = Array.from({ length: n }, () => (random.uniform() < 0.3 ? 1 : 0));
    const y = x1.map((x, i) =>
      random.uniform() < 1 / (1 + Math.exp(-(beta[0] + beta[1] * x + beta[2] * g[i]))) ? 1 : 0,
    );
    for (const fit of [
      await fitRelogit('y ~ x1 + g', { y, x1, g }),
      await fitBayesGlm('y ~ x1 + g', { y, x1, g }),
    ]) {
      fit.coefficients.forEach((c, j) => {
        expect(Math.abs((c.estimate as number) - beta[j]), `${fit.method} ${c.term}`).toBeLessThan(
          4 * (c.stdError as number),
        );
      });
    }
  });
});

describe('fitRelogit response kinds', () => {
  it('fitRelogit refuses a cbind(successes, failures) response, naming it', async () => {
    const data = { s: [1, 2, 0, 3], f: [3, 2, 4, 1], x: [1, 2, 3, 4] };
    await expect(fitRelogit('cbind(s, f) ~ x', data)).rejects.toThrow(
      "fitRelogit requires a 0/1 or two-level text response; received a cbind response in 'cbind(s, f) ~ x'",
    );
  });
});
