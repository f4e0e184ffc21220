import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { command } from '../src/commands/aft.ts';
import { packageFixtures, runCommand, tempCsv } from './support/run-command.ts';

const fixtures = packageFixtures('survival');

const run = (args: string[]) => runCommand(command, args);

afterEach(() => vi.restoreAllMocks());

describe('muster aft', () => {
  it('muster aft --json matches aft-lung-weibull, with predicted quantiles for --profile', async () => {
    const c = JSON.parse(readFileSync(join(fixtures, 'aft-lung-weibull-predict.json'), 'utf8'));
    const { code, out } = await run([
      join(fixtures, 'aft-lung.csv'),
      '--formula',
      'Surv(time, status) ~ age + sex',
      '--profile',
      'age=60,sex=1',
      '--json',
    ]);
    expect(code).toBe(0);
    const fit = JSON.parse(out);
    expect(fit.coefficients.map((x: { term: string }) => x.term)).toEqual([
      '(Intercept)',
      'age',
      'sex',
      'Log(scale)',
    ]);
    c.expected.coefficients.forEach((e: { estimate: number; stdError: number }, j: number) => {
      expect(Math.abs(fit.coefficients[j].estimate - e.estimate)).toBeLessThanOrEqual(
        1e-6 * Math.abs(e.estimate) + 1e-10,
      );
      expect(Math.abs(fit.coefficients[j].stdError - e.stdError)).toBeLessThanOrEqual(
        1e-6 * e.stdError + 1e-10,
      );
    });
    expect(fit.kind).toBe('aft');
    expect(Math.abs(fit.logLik - c.expected.logLik[1])).toBeLessThanOrEqual(
      1e-6 * Math.abs(c.expected.logLik[1]),
    );
    const q = c.expected.quantiles[0];
    fit.prediction.values.forEach((v: { estimate: number; stdError: number }, k: number) => {
      expect(Math.abs(v.estimate - q.estimate[k])).toBeLessThanOrEqual(1e-6 * q.estimate[k]);
      expect(Math.abs(v.stdError - q.stdError[k])).toBeLessThanOrEqual(1e-6 * q.stdError[k]);
    });
  });

  it("muster aft prints R's print(summary(survreg)) for each distribution", async () => {
    for (const [dist, label] of [
      ['exponential', 'Exponential'],
      ['lognormal', 'Log Normal'],
      ['loglogistic', 'Log logistic'],
    ]) {
      const { code, out } = await run([
        join(fixtures, 'aft-lung.csv'),
        '--formula',
        'Surv(time, status) ~ age + sex',
        '--dist',
        dist,
      ]);
      expect(code).toBe(0);
      expect(out).toContain(`${label} distribution`);
      expect(out).toContain('n= 228');
      // R's print(summary(survreg(...))) from the coefficient table on (summary-survival.R)
      const r = readFileSync(join(fixtures, `summary-aft-${dist}.txt`), 'utf8').split('\n');
      const from = (lines: string[]) =>
        lines.slice(lines.findIndex((l) => /^ +Value Std\. Error/.test(l)));
      // R's text ends with a blank line, which the command leaves out.
      expect(from(out.split('\n')).slice(0, -1)).toEqual(from(r).slice(0, -2));
    }
  });

  it('muster aft rejects an unknown distribution, a bad formula and non-positive times', async () => {
    const lung = join(fixtures, 'aft-lung.csv');
    await expect(
      run([lung, '--formula', 'Surv(time, status) ~ age', '--dist', 'gamma']),
    ).rejects.toThrow(/--dist/);
    await expect(run([lung, '--formula', 'Surv(time, status) ~ age +'])).rejects.toThrow(
      /position/,
    );
    const file = tempCsv('time,status,x\n1,1,0\n0,1,1\n3,0,1\n');
    await expect(run([file, '--formula', 'Surv(time, status) ~ x'])).rejects.toThrow(
      /row 2 has time 0/,
    );
  });
});
