import { readFileSync } from 'node:fs';
import { glance, tidy } from '@muster/core';
import { describe, expect, it } from 'vitest';
import { fitAft, fitCauseSpecificCox, fitCox, fitFineGray, format, summary } from '../src/index.ts';
import { loadCsv } from './helpers.ts';

/** R's print(summary(coxph)) (test/fixtures/summary-cox.R) from the "  n=" line on. */
function rLines(name: string): string[] {
  const text = readFileSync(new URL(`./fixtures/summary-${name}.txt`, import.meta.url), 'utf8');
  const lines = text.split('\n').slice(0, -1);
  return lines.slice(lines.findIndex((line) => line.startsWith('  n=')));
}

function ourLines(text: string): string[] {
  const lines = `${text}\n`.split('\n').slice(0, -1);
  return lines.slice(lines.findIndex((line) => line.startsWith('  n=')));
}

const lung = loadCsv('aft-lung.csv');

describe("summary(fit) is R's print(summary(coxph)), line for line", () => {
  it('summary(fitCox(Surv(time, status) ~ age + sex + ph.ecog)) prints the table, hazard ratios, concordance and tests as R', () => {
    const fit = fitCox('Surv(time, status) ~ age + sex + ph.ecog', lung);
    expect(ourLines(summary(fit))).toEqual(rLines('cox-lung'));
  });

  it('summary of a robust Cox fit adds the robust se column, the robust score test and the note', () => {
    const fit = fitCox('Surv(time, status) ~ age + sex + ph.ecog', lung, { robust: true });
    expect(ourLines(summary(fit))).toEqual(rLines('cox-lung-robust'));
  });

  it('summary of a Breslow fit (p-values of 9e-04 and 0.001)', () => {
    const fit = fitCox('Surv(time, status) ~ age + sex', lung, { ties: 'breslow' });
    expect(ourLines(summary(fit))).toEqual(rLines('cox-lung-breslow'));
  });

  it('summary of AFT, Fine-Gray and cause-specific Cox fits print their R layouts', () => {
    const aft = summary(fitAft('Surv(time, status) ~ age + sex', lung, { dist: 'weibull' }), {
      data: 'lung',
    });
    expect(aft).toContain(
      'survreg(formula = Surv(time, status) ~ age + sex, data = lung, dist = "weibull")',
    );
    expect(aft).toMatch(/Value Std\. Error\s+z\s+p/);
    expect(aft).toContain('Weibull distribution');
    const data = {
      time: [5, 8, 3, 9, 12, 4, 7, 10, 6, 11, 2, 13],
      cause: [1, 2, 0, 1, 1, 2, 1, 0, 2, 1, 1, 0],
      x: [1, 0, 1, 0, 0, 1, 1, 0, 1, 0, 1, 0],
    };
    const fineGray = summary(
      fitFineGray(data, { time: 'time', event: 'cause', cause: 1, covariates: ['x'] }),
    );
    expect(fineGray).toContain('Competing Risks Regression');
    expect(fineGray).toMatch(/exp\(coef\) exp\(-coef\)\s+2\.5%\s+97\.5%/);
    const cs = summary(fitCauseSpecificCox('Surv(time, cause) ~ x', data, { cause: 1 }));
    expect(cs).toContain('Cause-specific hazard of cause = 1');
    expect(format(fitCox('Surv(time, status) ~ age', lung))).toContain('Concordance=');
  });

  it('summary(fit, { header: true }) names the model, variance, distribution or cause and convergence first', () => {
    const cox = fitCox('Surv(time, status) ~ age + sex', lung, { robust: true });
    expect(summary(cox, { header: true }).split('\n').slice(0, 2)).toEqual([
      `Cox proportional hazards model: ties = efron, robust standard errors; converged in ${cox.iterations} iterations`,
      'Call:',
    ]);
    const aft = fitAft('Surv(time, status) ~ age', lung, { dist: 'lognormal' });
    expect(summary(aft, { header: true }).split('\n')[0]).toBe(
      `Accelerated failure time model (Log Normal distribution): converged in ${aft.iterations} iterations`,
    );
    const data = {
      time: [5, 8, 3, 9, 12, 4, 7, 10, 6, 11, 2, 13],
      cause: [1, 2, 0, 1, 1, 2, 1, 0, 2, 1, 1, 0],
      x: [1, 0, 1, 0, 0, 1, 1, 0, 1, 0, 1, 0],
      g: ['a', 'b', 'a', 'b', 'a', 'b', 'a', 'b', 'a', 'b', 'a', 'b'],
    };
    const fg = fitFineGray(data, {
      time: 'time',
      event: 'cause',
      cause: 1,
      covariates: ['x'],
      cengroup: 'g',
    });
    const text = summary(fg, { header: true }).split('\n');
    expect(text[0]).toBe(
      `Fine-Gray competing-risks regression (cmprsk::crr) for cause 1, censoring code 0: converged in ${fg.iterations} iterations`,
    );
    expect(text[4]).toBe(
      'crr(ftime = time, fstatus = cause, cov1 = x, cengroup = g, failcode = 1, cencode = 0)',
    );
  });

  it('summary refuses what is not a survival regression, and tidy and glance read a Cox fit', () => {
    expect(() => summary({ kind: 'glm' } as never)).toThrow(
      'summary requires a result of fitCox, fitCauseSpecificCox, fitFineGrayCox, fitAft, fitFineGray, logRank or kaplanMeier',
    );
    const fit = fitCox('Surv(time, status) ~ age + sex + ph.ecog', lung);
    expect(tidy(fit, { exponentiate: true })[1].estimate).toBe(fit.coefficients[1].hazardRatio);
    // broom's glance(coxph): n, nevent, statistic.log, p.value.log, concordance, logLik, AIC, BIC.
    const row = glance(fit);
    expect(row).toMatchObject({ nobs: 227, nEvents: 164, likelihoodRatioTestDf: 3 });
    expect(row.concordance).toBe(fit.concordance);
    expect(row.likelihoodRatioTestStatistic).toBe(fit.likelihoodRatioTest?.statistic);
  });
});
