import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { MusterError } from '@muster/core';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { command } from '../src/commands/cuminc.ts';
import { packageFixtures, runCommand, tempCsv } from './support/run-command.ts';

const fixtures = packageFixtures('survival');

const run = (args: string[]) => runCommand(command, args);

afterEach(() => vi.restoreAllMocks());

describe('muster cuminc', () => {
  it('muster cuminc --json prints the reference fields (cuminc-mgus2-sex)', async () => {
    const c = JSON.parse(readFileSync(join(fixtures, 'cuminc-mgus2-sex.json'), 'utf8'));
    const { code, out } = await run([
      join(fixtures, 'mgus2.csv'),
      '--time',
      'etime',
      '--event',
      'event',
      '--group',
      'sex',
      '--causes',
      '1=pcm,2=death',
      '--json',
    ]);
    expect(code).toBe(0);
    const result = JSON.parse(out);
    expect(result.strata.map((s: { group: string }) => s.group)).toEqual(['F', 'M']);
    const row = result.strata[1].table[10];
    const expected = c.expected.strata[1].table[10];
    expect(row.time).toBe(expected.time);
    expect(row.nRisk).toBe(expected.nRisk);
    expect(Math.abs(row.cif.death - expected.cif.death)).toBeLessThanOrEqual(
      1e-6 * expected.cif.death + 1e-10,
    );
    expect(Math.abs(row.stdErr.pcm - expected.stdErr.pcm)).toBeLessThanOrEqual(
      1e-6 * expected.stdErr.pcm + 1e-10,
    );
    const gray = result.grayTest[0];
    expect(gray.cause).toBe('pcm');
    expect(Math.abs(gray.statistic - c.expected.grayTest[0].statistic)).toBeLessThanOrEqual(
      1e-6 * c.expected.grayTest[0].statistic,
    );
  });

  it("muster cuminc prints a table per group and Gray's test", async () => {
    const { code, out } = await run([
      join(fixtures, 'mgus2.csv'),
      '--time',
      'etime',
      '--event',
      'event',
      '--group',
      'sex',
      '--causes',
      '1=pcm,2=death',
    ]);
    expect(code).toBe(0);
    expect(out).toContain('sex=F (n = 631)');
    expect(out).toContain("Gray's test (rho = 0)");
    expect(out).toMatch(/pcm\s+1\.195\s+1\s+0\.2744/);
  });

  it('muster cuminc rejects an unlisted cause code, a missing column and a bad --causes list', async () => {
    const file = tempCsv('t,e\n1,1\n2,3\n3,0\n');
    await expect(
      run([file, '--time', 't', '--event', 'e', '--causes', '1=desertion,2=killed']),
    ).rejects.toThrow(/row 2 of column 'e' has 3/);
    await expect(run([file, '--time', 't', '--event', 'status'])).rejects.toThrow(MusterError);
    await expect(
      run([file, '--time', 't', '--event', 'e', '--causes', '1:desertion']),
    ).rejects.toThrow(/code=name/);
    await expect(
      run([join(dirname(file), 'missing.csv'), '--time', 't', '--event', 'e']),
    ).rejects.toThrow(/cannot read DATA/);
  });
});

describe('muster cuminc on (start, stop] rows', () => {
  it('muster cuminc --start --id --cluster --start-time matches survfit (cuminc-late-entry)', async () => {
    const r = JSON.parse(readFileSync(join(fixtures, 'cuminc-late-entry.json'), 'utf8'));
    const { code, out } = await run([
      join(fixtures, 'cuminc-late-entry.csv'),
      '--start',
      'start',
      '--time',
      'stop',
      '--event',
      'status',
      '--id',
      'id',
      '--cluster',
      'unit',
      '--start-time',
      '5',
      '--json',
    ]);
    expect(code).toBe(0);
    const table = JSON.parse(out).strata[0].table;
    expect(table).toHaveLength(r.all5.time.length);
    const last = table.length - 1;
    expect(Math.abs(table[last].cif['1'] - r.all5.pstate[1][last])).toBeLessThan(1e-9);
    expect(Math.abs(table[last].stdErr['1'] - r.all5.clustered[1][last])).toBeLessThan(1e-9);
  });

  it('muster cuminc --start without --id is refused naming id', async () => {
    await expect(
      run([
        join(fixtures, 'cuminc-late-entry.csv'),
        '--start',
        'start',
        '--time',
        'stop',
        '--event',
        'status',
      ]),
    ).rejects.toThrow(/requires an id with start/);
  });
});
