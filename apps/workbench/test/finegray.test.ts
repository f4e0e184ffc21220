import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { command } from '../src/commands/finegray.ts';
import { packageFixtures, runCommand, tempCsv } from './support/run-command.ts';

const fixtures = packageFixtures('survival');

const run = (args: string[]) => runCommand(command, args);

afterEach(() => vi.restoreAllMocks());

describe('muster finegray', () => {
  it('muster finegray --json matches finegray-mgus2-pcm', async () => {
    const c = JSON.parse(readFileSync(join(fixtures, 'finegray-mgus2-pcm.json'), 'utf8'));
    const { code, out } = await run([
      join(fixtures, 'mgus2_complete.csv'),
      '--time',
      'etime',
      '--event',
      'event',
      '--cause',
      '1',
      '--covariates',
      'age,male,hgb',
      '--json',
    ]);
    expect(code).toBe(0);
    const fit = JSON.parse(out);
    expect(fit.converged).toBe(true);
    // the reference case names crr's log pseudo-likelihood logPseudoLik; --json calls it logLik
    expect(fit.kind).toBe('fine-gray');
    expect(Math.abs(fit.logLik - c.expected.logPseudoLik)).toBeLessThanOrEqual(
      1e-6 * Math.abs(c.expected.logPseudoLik),
    );
    c.expected.coefficients.forEach(
      (e: { term: string; estimate: number; stdError: number; hazardRatio: number }, j: number) => {
        expect(fit.coefficients[j].term).toBe(e.term);
        expect(Math.abs(fit.coefficients[j].estimate - e.estimate)).toBeLessThanOrEqual(
          1e-6 * Math.abs(e.estimate) + 1e-10,
        );
        expect(Math.abs(fit.coefficients[j].stdError - e.stdError)).toBeLessThanOrEqual(
          1e-6 * e.stdError + 1e-10,
        );
        expect(Math.abs(fit.coefficients[j].hazardRatio - e.hazardRatio)).toBeLessThanOrEqual(
          1e-6 * e.hazardRatio,
        );
      },
    );
  });

  it("muster finegray prints R's print(summary(crr)) and the predicted incidence for --profile", async () => {
    const { code, out } = await run([
      join(fixtures, 'mgus2_complete.csv'),
      '--time',
      'etime',
      '--event',
      'event',
      '--cause',
      '1',
      '--covariates',
      'age,male,hgb',
      '--profile',
      'age=60,male=0,hgb=13',
    ]);
    expect(code).toBe(0);
    // cmprsk's print(summary(crr(...))) from the coefficient table on (summary-survival.R)
    const r = readFileSync(join(fixtures, 'summary-crr-pcm.txt'), 'utf8').split('\n');
    const ours = out.split('\n');
    const from = (lines: string[]) =>
      lines.slice(lines.findIndex((l) => l.includes('coef exp(coef) se(coef)')));
    const expected = from(r).slice(0, -1);
    expect(from(ours).slice(0, expected.length)).toEqual(expected);
    expect(ours[0]).toBe(
      'Fine-Gray competing-risks regression (cmprsk::crr) for cause 1, censoring code 0: converged in 3 iterations',
    );
    expect(out).toContain('Predicted cumulative incidence for age=60, male=0, hgb=13');
  });

  it('muster finegray requires --cause and events of that cause', async () => {
    const file = tempCsv('t,e,x\n1,2,0.5\n2,0,1\n3,2,2\n');
    await expect(run([file, '--time', 't', '--event', 'e', '--covariates', 'x'])).rejects.toThrow(
      /--cause/,
    );
    await expect(
      run([file, '--time', 't', '--event', 'e', '--cause', '1', '--covariates', 'x']),
    ).rejects.toThrow(/at least one event of cause 1/);
    await expect(
      run([file, '--time', 't', '--event', 'e', '--cause', '2', '--covariates', 'x,z']),
    ).rejects.toThrow(/'z'/);
  });
});
