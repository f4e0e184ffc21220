import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DataError, FormulaError, InvalidArgumentError } from '@muster/core';
import { expectClose } from '@muster/test-support';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { command } from '../src/commands/cox.ts';
import { packageFixtures, runCommand, tempCsv } from './support/run-command.ts';

const fixtures = packageFixtures('survival');

const run = (args: string[]) => runCommand(command, args);

afterEach(() => vi.restoreAllMocks());

describe('muster cox', () => {
  for (const id of ['cox-lung-efron', 'cox-lung-breslow', 'cox-heart-cluster']) {
    it(`muster cox --json prints the reference fields (${id})`, async () => {
      const c = JSON.parse(readFileSync(join(fixtures, `${id}.json`), 'utf8'));
      const args = [join(fixtures, c.data), '--formula', c.formula, '--ties', c.ties, '--json'];
      if (c.robust) args.push('--robust');
      const { code, out } = await run(args);
      expect(code).toBe(0);
      const fit = JSON.parse(out);
      c.expected.coefficients.forEach((e: Record<string, number | string>, j: number) => {
        expect(fit.coefficients[j].term).toBe(e.term);
        for (const key of [
          'estimate',
          'hazardRatio',
          'stdError',
          'naiveStdError',
          'statistic',
          'pValue',
        ]) {
          expectClose(fit.coefficients[j][key], e[key] as number, { rtol: 1e-6, atol: 1e-10 });
        }
      });
      // --json follows the result (logLik fitted, logLikNull, nEvents); the reference case keeps R's
      expectClose(fit.logLik, c.expected.logLik[1], { rtol: 1e-6, atol: 1e-10 });
      expectClose(fit.logLikNull, c.expected.logLik[0], { rtol: 1e-6, atol: 1e-10 });
      expect(fit.nEvents).toBe(c.expected.nevent);
      expect(fit.kind).toBe('cox');
      expectClose(fit.concordance, c.expected.concordance, { rtol: 1e-6, atol: 1e-10 });
      expect(fit.waldTest.statistic).toBe(c.expected.waldTest.statistic);
      expectClose(fit.scoreTest.statistic, c.expected.scoreTest.statistic, {
        rtol: 1e-6,
        atol: 1e-10,
      });
      expect(fit.zph.at(-1).term).toBe('GLOBAL');
      expect(Math.abs(fit.zph.at(-1).chisq - c.expected.zph.at(-1).chisq)).toBeLessThan(
        1e-4 * c.expected.zph.at(-1).chisq,
      );
      expect(fit.nobs).toBe(c.expected.nobs);
    });
  }

  it('muster cox prints the summary(coxph) tables', async () => {
    const { code, out } = await run([
      join(fixtures, 'heart.csv'),
      '--formula',
      'Surv(start, stop, event) ~ age + surgery + transplant + cluster(id)',
    ]);
    expect(code).toBe(0);
    expect(out).toContain('cluster standard errors (103 clusters)');
    expect(out).toMatch(/surgery\s+-0\.7733\s+0\.4615\s+0\.3597\s+0\.3332\s+-2\.321\s+0\.0203/);
    expect(out).toContain('Wald test             = 10.8 on 3 df, p = 0.0128');
    expect(out).toMatch(/GLOBAL\s+1\.379\s+3\s+0\.71/);
  });

  it('muster cox --ties breslow --no-zph skips the proportional-hazards test', async () => {
    const { out } = await run([
      join(fixtures, 'lung.csv'),
      '--formula',
      'Surv(time, status) ~ age',
      '--ties',
      'breslow',
      '--no-zph',
      '--json',
    ]);
    const fit = JSON.parse(out);
    expect(fit.ties).toBe('breslow');
    expect(fit.zph).toBeNull();
  });

  it('muster cox --robust --cluster COL gives clustered errors', async () => {
    const { out } = await run([
      join(fixtures, 'heart.csv'),
      '--formula',
      'Surv(start, stop, event) ~ age + surgery + transplant',
      '--cluster',
      'id',
      '--json',
    ]);
    const fit = JSON.parse(out);
    expect(fit.vcovType).toBe('cluster');
    expectClose(fit.coefficients[0].stdError, 0.0143280673043022, { rtol: 1e-6, atol: 1e-10 });
  });

  it('muster cox reports a bad formula, bad ties, a non-numeric time and no events', async () => {
    await expect(
      run([join(fixtures, 'lung.csv'), '--formula', 'Surv(time, status ~ age']),
    ).rejects.toThrow(FormulaError);
    await expect(
      run([join(fixtures, 'lung.csv'), '--formula', 'Surv(time, status) ~ age', '--ties', 'exact']),
    ).rejects.toThrow(InvalidArgumentError);
    const text = tempCsv('t,e,x\n1,1,0\nsoon,0,1\n3,1,1\n', 'text.csv');
    await expect(run([text, '--formula', 'Surv(t, e) ~ x'])).rejects.toThrow(DataError);
    const none = tempCsv('t,e,x\n1,0,0\n2,0,1\n3,0,1\n', 'none.csv');
    await expect(run([none, '--formula', 'Surv(t, e) ~ x'])).rejects.toThrow(/at least one event/);
  });
});
