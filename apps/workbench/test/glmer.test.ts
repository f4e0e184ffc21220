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

  it('muster glmer prints an R-like summary with the random effects, ICC, profile interval and LR test', async () => {
    const { code, out } = await runCommand(command, [
      join(fixtures, 'panel.csv'),
      '--formula',
      'deserted ~ x + z + (1 | war)',
    ]);
    expect(code).toBe(0);
    expect(out).toContain(
      'Generalized linear mixed model fit by Maximum likelihood (Laplace Approximation)',
    );
    expect(out).toMatch(/war\s+\(Intercept\)\s+0\.5764\s+0\.7592/);
    expect(out).toContain('Number of obs: 437, groups:  war, 30');
    expect(out).toContain('95% profile interval for the war standard deviation: [0.4543, 1.169]');
    expect(out).toContain('boundary-corrected (50:50 chi2(0):chi2(1)) p = 1.06e-05');
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
