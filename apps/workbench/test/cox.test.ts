import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DataError, FormulaError, InvalidArgumentError } from '@muster/core';
import { expectClose } from '@muster/test-support';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { command } from '../src/commands/cox.ts';
import { command as cscox } from '../src/commands/cscox.ts';
import { command as fgcox } from '../src/commands/fgcox.ts';
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

  it("muster cox prints R's print(summary(coxph)) under its header, then print(cox.zph)", async () => {
    const { code, out } = await run([
      join(fixtures, 'heart.csv'),
      '--formula',
      'Surv(start, stop, event) ~ age + surgery + transplant + cluster(id)',
    ]);
    expect(code).toBe(0);
    expect(out.split('\n')[0]).toBe(
      'Cox proportional hazards model: ties = efron, cluster standard errors (103 clusters); converged in 4 iterations',
    );
    expect(out).toMatch(/surgery +-0\.77333 +0\.46147 +0\.35967 +0\.33324 +-2\.321 +0\.0203 \*/);
    expect(out).toContain('Wald test            = 10.8  on 3 df,   p=0.01');
    // R: print(cox.zph(coxph(Surv(start, stop, event) ~ age + surgery + transplant + cluster(id), heart)))
    expect(out).toContain(
      ['            chisq df    p', 'age        0.8954  1 0.34', 'surgery    0.0968  1 0.76'].join(
        '\n',
      ),
    );
    expect(out).toMatch(/GLOBAL {5}1\.3793 {2}3 0\.71/);
  });

  it("muster cox prints R's lines from n= on (survival's summary-cox-lung.txt)", async () => {
    const { out } = await run([
      join(fixtures, 'aft-lung.csv'),
      '--formula',
      'Surv(time, status) ~ age + sex + ph.ecog',
      '--no-zph',
    ]);
    const r = readFileSync(join(fixtures, 'summary-cox-lung.txt'), 'utf8').split('\n');
    const ours = out.split('\n');
    const from = (lines: string[]) => lines.slice(lines.findIndex((l) => l.startsWith('  n=')));
    // R's text ends with a blank line, which the command leaves out before its own sections.
    const expected = from(r).slice(0, -2);
    expect(from(ours).slice(0, expected.length)).toEqual(expected);
    expect(ours.at(-2)).toBe('warning: fitCox dropped 1 row(s) with missing values');
  });

  it("muster cscox and fgcox print R's coxph lines from n= on, after a line naming the cause", async () => {
    const from = (lines: string[]) => lines.slice(lines.findIndex((l) => l.startsWith('  n=')));
    for (const [cmd, name, line] of [
      [
        cscox,
        'cscox-mgus2',
        'Cause-specific hazard of event = 1: 860 events of other causes censored at their times, 409 censored (code 0)',
      ],
      [
        fgcox,
        'fgcox-mgus2',
        'Fine-Gray subdistribution hazard of event = 1 (censoring code 0): 1384 rows expanded by finegray() to 41775, weighted by fgwt',
      ],
    ] as const) {
      const { code, out } = await runCommand(cmd, [
        join(fixtures, 'mgus2.csv'),
        '--formula',
        'Surv(etime, event) ~ age + sex',
        '--cause',
        '1',
        '--no-zph',
      ]);
      expect(code).toBe(0);
      const ours = out.split('\n');
      expect(ours[3]).toBe(line);
      // R: test/fixtures/summary-survival.R in packages/survival; its closing blank line left out
      const expected = from(
        readFileSync(join(fixtures, `summary-${name}.txt`), 'utf8').split('\n'),
      ).slice(0, -2);
      expect(from(ours).slice(0, expected.length)).toEqual(expected);
    }
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
