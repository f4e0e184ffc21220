import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FormulaError } from '@muster/core';
import { expectClose } from '@muster/test-support';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { command } from '../src/commands/logrank.ts';
import { packageFixtures, runCommand } from './support/run-command.ts';

const fixtures = packageFixtures('survival');

const run = (args: string[]) => runCommand(command, args);

afterEach(() => vi.restoreAllMocks());

describe('muster logrank', () => {
  for (const id of ['logrank-lung-sex', 'logrank-veteran-celltype']) {
    it(`muster logrank --json prints the reference fields (${id})`, async () => {
      const c = JSON.parse(readFileSync(join(fixtures, `${id}.json`), 'utf8'));
      const { code, out } = await run([
        join(fixtures, c.data),
        '--formula',
        c.formula,
        '--rho',
        String(c.rho),
        '--json',
      ]);
      expect(code).toBe(0);
      const result = JSON.parse(out);
      expectClose(result.chisq, c.expected.chisq, { rtol: 1e-6, atol: 1e-10 });
      expect(result.df).toBe(c.expected.df);
      expectClose(result.pValue, c.expected.pValue, { rtol: 1e-6, atol: 1e-10 });
      c.expected.groups.forEach(
        (g: { group: string; n: number; observed: number; expected: number }, i: number) => {
          expect(result.groups[i].group).toBe(g.group);
          expect(result.groups[i].n).toBe(g.n);
          expectClose(result.groups[i].observed, g.observed, { rtol: 1e-6, atol: 1e-10 });
          expectClose(result.groups[i].expected, g.expected, { rtol: 1e-6, atol: 1e-10 });
        },
      );
    });
  }

  it('muster logrank prints the survdiff table', async () => {
    const { code, out } = await run([
      join(fixtures, 'lung.csv'),
      '--formula',
      'Surv(time, status) ~ sex',
    ]);
    expect(code).toBe(0);
    // R: print(survdiff(Surv(time, status) ~ sex, data = lung)), from the table on
    expect(out).toContain(
      [
        '        N Observed Expected (O-E)^2/E (O-E)^2/V',
        'sex=1 138      112     91.6      4.55      10.3',
        'sex=2  90       53     73.4      5.68      10.3',
        '',
        ' Chisq= 10.3  on 1 degrees of freedom, p= 0.001 ',
      ].join('\n'),
    );
    expect(out.split('\n')[0]).toBe('Log-rank test');
  });

  it('muster logrank --rho 1 runs the Peto-Peto test', async () => {
    const { out } = await run([
      join(fixtures, 'lung.csv'),
      '--formula',
      'Surv(time, status) ~ sex',
      '--rho',
      '1',
      '--json',
    ]);
    expect(JSON.parse(out).method).toBe('peto-peto');
  });

  it('muster logrank reports a bad formula with its position and an unknown column', async () => {
    await expect(
      run([join(fixtures, 'lung.csv'), '--formula', 'Surv(time, status) ~ sex +']),
    ).rejects.toThrow(FormulaError);
    await expect(
      run([join(fixtures, 'lung.csv'), '--formula', 'Surv(time, status) ~ sexx']),
    ).rejects.toThrow(/sexx/);
    await expect(
      run([join(fixtures, 'lung.csv'), '--formula', 'Surv(time, status) ~ sex', '--rho', 'x']),
    ).rejects.toThrow(/number for --rho/);
  });
});
