import { glance, tidy } from '@muster/core';
import { describe, expect, it } from 'vitest';
import { fitBayesGlm, fitGlm, fitRelogit, format, summary } from '../src/index.ts';
import { fixtureCsv, fixtureText } from './helpers.ts';

/**
 * R's print(summary(fit)) (test/fixtures/r/generate-summaries.R) without what Muster prints
 * differently on purpose: the call (one line, family with its link) and R 4.2's deviance
 * residuals (R 4.3 dropped them too).
 */
function rLines(name: string): string[] {
  // The file ends with a newline: the last element of the split is not a line.
  const lines = fixtureText(`r/summary-${name}.txt`).split('\n').slice(0, -1);
  const coefficients = lines.indexOf('Coefficients:');
  return lines.slice(coefficients);
}

function ourLines(text: string): string[] {
  const lines = `${text}\n`.split('\n').slice(0, -1);
  return lines.slice(lines.findIndex((line) => line.startsWith('Coefficients')));
}

const cases = [
  {
    name: 'lyall-logit',
    formula: 'mass_desertion ~ inequality + log(troops) + regime + initiator',
    data: 'lyall_synthetic.csv',
    options: { family: 'binomial' },
  },
  {
    name: 'lyall-probit',
    formula: 'mass_desertion ~ inequality + log(troops)',
    data: 'lyall_synthetic.csv',
    options: { family: 'binomial', link: 'probit' },
  },
  {
    name: 'convictions-poisson',
    formula: 'convictions ~ republic + period + offset(log(personnel))',
    data: 'convictions_by_district.csv',
    options: { family: 'poisson' },
  },
  {
    name: 'birthwt-gaussian',
    formula: 'bwt ~ age + lwt + smoke',
    data: 'birthwt.csv',
    options: {},
  },
] as const;

describe("summary(fit) is R's print(summary(glm)), line for line", () => {
  for (const c of cases) {
    it(`summary(fitGlm(${c.formula})) prints R's coefficient table, dispersion, deviances, AIC and iterations (${c.name})`, async () => {
      const fit = await fitGlm(c.formula, fixtureCsv(c.data), { ...c.options, profile: false });
      expect(ourLines(summary(fit))).toEqual(rLines(c.name));
    });
  }

  it('summary shows the call with the data name, and names a non-classical covariance in the title', async () => {
    const fit = await fitGlm(cases[0].formula, fixtureCsv('lyall_synthetic.csv'), {
      family: 'binomial',
      vcov: 'cluster',
      cluster: 'war',
      profile: false,
    });
    const text = summary(fit, { data: 'lyall' });
    expect(text).toContain(
      'glm(formula = mass_desertion ~ inequality + log(troops) + regime + initiator, family = binomial(link = "logit"), data = lyall)',
    );
    expect(text).toContain(
      'Coefficients (standard errors: cluster-robust CR1 by war (160 clusters)):',
    );
    // The estimates are the ML ones; the standard errors are sandwich::vcovCL's (CR1).
    expect(text).toMatch(/inequality\s+7\.8117\s+1\.2877\s+6\.066 1\.31e-09 \*\*\*/);
  });

  it('format adds the Wald and profile intervals and the warnings to the summary', async () => {
    const fit = await fitGlm('y2 ~ big + z', fixtureCsv('separation.csv'), { family: 'binomial' });
    const text = format(fit);
    expect(text.startsWith(summary(fit))).toBe(true);
    expect(text).toMatch(/95% confidence intervals \(Wald: normal quantile, classical; profile/);
    expect(text).toContain('warning: fitGlm: quasi-complete separation');
  });

  it('summary of a relogit and a bayesglm fit names the method and prints its own table', async () => {
    const data = fixtureCsv('lyall_synthetic.csv');
    const relogit = summary(await fitRelogit('mass_desertion ~ inequality', data));
    expect(relogit).toContain('relogit(formula = mass_desertion ~ inequality, data = data');
    expect(relogit).toMatch(/ML estimate\s+Bias/);
    const bayes = summary(await fitBayesGlm('mass_desertion ~ inequality', data));
    expect(bayes).toContain('bayesglm(formula = mass_desertion ~ inequality');
    // The scale 2.5 divided by 2 sd of inequality, as arm::bayesglm scales it.
    expect(bayes).toMatch(/inequality\s+cauchy\s+0\s+9\.2689\s+1/);
    expect(bayes).not.toContain('standard errors:');
  });

  it('summary and format refuse what is not a glm result', () => {
    expect(() => summary({ kind: 'cox' } as never)).toThrow(
      "summary requires a result of fitGlm, fitRelogit, fitBayesGlm, marginalEffects or predictionGrid; received kind 'cox'",
    );
  });

  it("tidy and glance of a glm give broom's columns: glance has R's deviance, null deviance and df", async () => {
    const fit = await fitGlm(cases[0].formula, fixtureCsv('lyall_synthetic.csv'), {
      family: 'binomial',
      profile: false,
    });
    const row = glance(fit);
    expect(row).toMatchObject({ nobs: 377, df: 6, dfResidual: 371, dfNull: 376 });
    expect(row.deviance).toBeCloseTo(210.73, 2);
    expect(row.nullDeviance).toBeCloseTo(275.7, 2);
    expect(tidy(fit, { exponentiate: true })[1].estimate).toBe(
      Math.exp(fit.coefficients[1].estimate as number),
    );
  });
});
