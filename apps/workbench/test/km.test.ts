import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DataError, InvalidArgumentError } from '@muster/core';
import { expectClose } from '@muster/test-support';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { command } from '../src/commands/km.ts';
import { packageFixtures, runCommand, tempCsv } from './support/run-command.ts';

const fixtures = packageFixtures('survival');

const run = (args: string[]) => runCommand(command, args);

afterEach(() => vi.restoreAllMocks());

describe('muster km', () => {
  it('muster km --json prints the reference fields (km-lung-sex)', async () => {
    const c = JSON.parse(readFileSync(join(fixtures, 'km-lung-sex.json'), 'utf8'));
    const { code, out } = await run([
      join(fixtures, 'lung.csv'),
      '--time',
      'time',
      '--event',
      'status',
      '--group',
      'sex',
      '--json',
    ]);
    expect(code).toBe(0);
    const result = JSON.parse(out);
    expect(result.strata.map((s: { group: string }) => s.group)).toEqual(['1', '2']);
    c.expected.strata.forEach(
      (es: { table: Record<string, number | null>[]; median: number }, g: number) => {
        const as = result.strata[g];
        expect(as.table.length).toBe(es.table.length);
        es.table.forEach((row, i) => {
          for (const key of [
            'time',
            'nRisk',
            'nEvent',
            'nCensor',
            'surv',
            'stdErr',
            'lower',
            'upper',
          ]) {
            if (row[key] === null) expect(as.table[i][key]).toBeNull();
            else expectClose(as.table[i][key], row[key] as number, { rtol: 1e-6, atol: 1e-10 });
          }
        });
        expect(as.median).toBe(es.median);
      },
    );
  });

  it('muster km --conf-type log-log matches km-veteran-all-loglog', async () => {
    const c = JSON.parse(readFileSync(join(fixtures, 'km-veteran-all-loglog.json'), 'utf8'));
    const { out } = await run([
      join(fixtures, 'veteran.csv'),
      '--time',
      'time',
      '--event',
      'status',
      '--conf-type',
      'log-log',
      '--json',
    ]);
    const result = JSON.parse(out);
    const expected = c.expected.strata[0];
    expect(result.strata[0].group).toBe('all');
    expect(result.confType).toBe('log-log');
    expectClose(result.strata[0].table[5].lower, expected.table[5].lower, {
      rtol: 1e-6,
      atol: 1e-10,
    });
    expect([
      result.strata[0].median,
      result.strata[0].medianLower,
      result.strata[0].medianUpper,
    ]).toEqual([80, 52, 100]);
  });

  it("muster km prints R's print(survfit(...)) and the event-time rows", async () => {
    const { code, out } = await run([
      join(fixtures, 'lung.csv'),
      '--time',
      'time',
      '--event',
      'status',
      '--group',
      'sex',
    ]);
    expect(code).toBe(0);
    // R: print(survfit(Surv(time, status) ~ sex, data = lung)), all of it, under the header line
    expect(out).toContain(
      [
        'Kaplan-Meier estimate (Greenwood standard errors, log 95% intervals)',
        'Call: survfit(formula = Surv(time, status) ~ sex, data = data)',
        '',
        '        n events median 0.95LCL 0.95UCL',
        'sex=1 138    112    270     212     310',
        'sex=2  90     53    426     348     550',
      ].join('\n'),
    );
    expect(out).toMatch(/11\s+138\s+3\s+0\.9783\s+0\.01241\s+0\.9542\s+1/);
  });

  it('muster km --times and --rmean report survival at those times and the restricted mean', async () => {
    const file = tempCsv('t,e\n1,1\n2,1\n2,0\n3,TRUE\n'.replace('TRUE', '1'));
    const { out } = await run([
      file,
      '--time',
      't',
      '--event',
      'e',
      '--times',
      '1,2',
      '--rmean',
      '2.5',
      '--json',
    ]);
    const s = JSON.parse(out).strata[0];
    expect(s.survivalAt.map((r: { surv: number }) => r.surv)).toEqual([0.75, 0.5]);
    expect(s.rmean.estimate).toBe(2);
  });

  it('muster km reads TRUE/FALSE events and (start, stop] data', async () => {
    const file = tempCsv('a,b,e\n0,1,TRUE\n0,2,FALSE\n1,3,TRUE\n');
    const { out } = await run([file, '--start', 'a', '--time', 'b', '--event', 'e', '--json']);
    const result = JSON.parse(out);
    expect(result.type).toBe('counting');
    expect(result.strata[0].table.map((r: { nRisk: number }) => r.nRisk)).toEqual([2, 2, 1]);
  });

  it('muster km names a missing column, a non-numeric value and a bad event code', async () => {
    await expect(
      run([join(fixtures, 'lung.csv'), '--time', 'tme', '--event', 'status']),
    ).rejects.toThrow(/--time to name a column of DATA; received 'tme'/);
    const file = tempCsv('t,e\n1,1\nx,0\n');
    await expect(run([file, '--time', 't', '--event', 'e'])).rejects.toThrow(DataError);
    await expect(run([file, '--time', 't', '--event', 'e'])).rejects.toThrow(/row 2 of t is "x"/);
    const bad = tempCsv('t,e\n1,1\n2,2\n');
    await expect(run([bad, '--time', 't', '--event', 'e'])).rejects.toThrow(
      /event codes 0\/1.*row 2 of e is 2/,
    );
    await expect(run([bad, '--time', 't'])).rejects.toThrow(InvalidArgumentError);
    await expect(run([join(fixtures, 'nope.csv'), '--time', 't', '--event', 'e'])).rejects.toThrow(
      /cannot read DATA/,
    );
  });
});
