import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { InvalidArgumentError } from '@muster/core';
import { expectClose } from '@muster/test-support';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { command } from '../src/commands/glmer.ts';
import { packageFixtures, runCommand, spawnMuster, tempCsv } from './support/run-command.ts';

const fixtures = packageFixtures('mixed');
const cases = JSON.parse(readFileSync(join(fixtures, 'glmer-cases.json'), 'utf8')) as {
  id: string;
  formula: string;
  nAGQ: number;
  // biome-ignore lint/suspicious/noExplicitAny: reference JSON
  expected: any;
}[];

afterEach(() => vi.restoreAllMocks());

describe('muster glmer', () => {
  it("muster glmer --nagq 10 --json prints glmer's logLik, fixed effects and variance within tolerance", async () => {
    const c = cases.find((x) => x.id === 'panel-intercept-agq10')!;
    const { code, out } = await runCommand(command, [
      join(fixtures, 'panel.csv'),
      '--formula',
      c.formula,
      '--nagq',
      '10',
      '--json',
    ]);
    expect(code).toBe(0);
    const fit = JSON.parse(out);
    expect(fit.nAGQ).toBe(10);
    expectClose(fit.logLik, c.expected.logLik, { rtol: 1e-6, atol: 1e-10 });
    c.expected.coefficients.forEach((e: { term: string; estimate: number }, j: number) => {
      expect(fit.coefficients[j].term).toBe(e.term);
      expectClose(fit.coefficients[j].estimate, e.estimate, { rtol: 1e-4, atol: 1e-10 }, e.term);
    });
    expectClose(fit.varianceComponents[0].vcov, c.expected.varianceComponents[0].vcov, {
      rtol: 1e-4,
      atol: 1e-10,
    });
  });

  it("muster glmer prints lme4's print(summary(glmer)) line for line under its header, then the ICC, profile interval and LR test", async () => {
    const file = join(fixtures, 'panel.csv');
    const { code, out } = await runCommand(command, [
      file,
      '--formula',
      'deserted ~ x + z + (1 | war)',
    ]);
    expect(code).toBe(0);
    const lines = out.split('\n');
    expect(lines[0]).toMatch(
      /^Generalized linear mixed model: standard errors from the finite-difference Hessian over theta and beta, as glmer; converged in \d+ deviance evaluations$/,
    );
    // R's print (generate-summaries.R in @muster/mixed's fixtures), its Data: line naming the file.
    const r = readFileSync(join(fixtures, 'summary', 'laplace.txt'), 'utf8')
      .split('\n')
      .slice(0, -1)
      .map((line) => (line === '   Data: panel' ? `   Data: ${file}` : line));
    expect(lines.slice(1, 1 + r.length)).toEqual(r);
    expect(lines.slice(1 + r.length)).toEqual([
      '',
      'Intraclass correlation (latent (logit: pi^2/3)): war 0.1491',
      '95% profile interval for the war standard deviation: [0.4543, 1.169]',
      '',
      'Likelihood-ratio test against the pooled glm (same fixed effects):',
      '  logLik pooled -259.235, mixed -250.194; Chisq 18.08 on 1 df, p = 2.12e-05; boundary-corrected (50:50 chi2(0):chi2(1)) p = 1.06e-05',
      '',
      'warning: fitGlmer dropped 2 row(s) with missing values in the response, a covariate or a grouping factor',
      '',
    ]);
  });

  it('muster glmer rejects a missing --formula and an unknown family', async () => {
    await expect(runCommand(command, ['d.csv'])).rejects.toThrow(InvalidArgumentError);
    await expect(
      runCommand(command, ['d.csv', '--formula', 'y ~ (1 | g)', '--family', 'gaussian']),
    ).rejects.toThrow("muster glmer requires --family binomial|poisson; received 'gaussian'");
  });

  it('muster glmer exits with code 2 and one line for a grouping factor with one level', () => {
    const file = tempCsv('y,x,war\n0,1,A\n1,2,A\n0,3,A\n1,4,A\n');
    const result = spawnMuster(['glmer', file, '--formula', 'y ~ x + (1 | war)']);
    expect(result.status).toBe(2);
    expect(result.stderr.trim().split('\n')).toEqual([
      "muster: fitGlmer requires a grouping factor with at least 2 levels; 'war' has 1 level (A)",
    ]);
  });
});
