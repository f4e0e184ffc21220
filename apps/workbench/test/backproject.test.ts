import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DataError, InvalidArgumentError } from '@muster/core';
import { format } from '@muster/lag';
import { expectClose } from '@muster/test-support';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { command } from '../src/commands/backproject.ts';
import { packageFixtures, runCommand, spawnMuster, tempCsv } from './support/run-command.ts';

const fixtures = packageFixtures('lag');

const run = (args: string[]) => runCommand(command, args);

afterEach(() => vi.restoreAllMocks());

const reference = JSON.parse(
  readFileSync(join(fixtures, 'backproject-convictions-k2.json'), 'utf8'),
);
const countsCsv = tempCsv(
  `month,cases\n${reference.counts.map((c: number, i: number) => `${2021 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')},${c}`).join('\n')}\n`,
  'counts.csv',
);

describe('muster backproject', () => {
  it('muster backproject --delay gamma:...,discretisation=start --json reproduces backproject-convictions-k2 (lambda at README tolerance)', async () => {
    const { code, out } = await run([
      countsCsv,
      '--count',
      'cases',
      '--delay',
      'gamma:mean=5,sd=2.5,max=14,discretisation=start',
      '--k',
      '2',
      '--eps',
      '1e-7',
      '--max-iter',
      '1000',
      '--json',
    ]);
    expect(code).toBe(0);
    const result = JSON.parse(out);
    expect(result.lambda).toHaveLength(36);
    for (const [i, v] of (result.lambda as number[]).entries()) {
      expectClose(v, reference.expected.lambda[i], { rtol: 1e-6, atol: 1e-10 });
    }
    expect(result.converged).toBe(true);
  });

  it('muster backproject --delay-pmf with k 0 reproduces backproject-convictions-k0', async () => {
    const k0 = JSON.parse(readFileSync(join(fixtures, 'backproject-convictions-k0.json'), 'utf8'));
    const { out } = await run([
      countsCsv,
      '--count',
      'cases',
      '--delay-pmf',
      k0.delayPmf.join(','),
      '--k',
      '0',
      '--eps',
      '1e-7',
      '--max-iter',
      '1000',
      '--json',
    ]);
    const result = JSON.parse(out);
    for (const [i, v] of (result.lambda as number[]).entries()) {
      expectClose(v, k0.expected.lambda[i], { rtol: 1e-6, atol: 1e-10 });
    }
  });

  it("muster backproject prints @muster/lag's format(result): the table with periods and bootstrap intervals", async () => {
    const args = [
      countsCsv,
      '--count',
      'cases',
      '--period',
      'month',
      '--delay',
      'gamma:mean=5,sd=2.5,max=14',
      '--bootstrap',
      '50',
      '--seed',
      '3',
    ];
    const { code, out } = await run(args);
    expect(code).toBe(0);
    const json = await run([...args, '--json']);
    expect(out).toBe(`${format(JSON.parse(json.out))}\n`);
    const lines = out.split('\n');
    expect(lines[0]).toBe(
      'Back-projection: EMS back-projection (Becker et al. 1991), as surveillance::backprojNP with k = 2',
    );
    expect(lines).toContain('Delay: gamma pmf on 0 to 14 periods, mean 4.965');
    expect(lines).toContain('Bootstrap: 50 replicates (seed 3), 95% percentile intervals');
    expect(lines).toContain('    period observed  estimate     lower     upper      fitted');
    expect(out).toMatch(/\n36 2023-12 {6}590 619\.5\d+ /);
    expect(out).toMatch(/\nTotal of the estimates: 9868\n$/);
  });

  it('muster backproject prints the warnings of format(result) with their codes', async () => {
    const { code, out } = await run([
      countsCsv,
      '--count',
      'cases',
      '--delay-pmf',
      '0,0.5,0.5',
      '--max-iter',
      '2',
    ]);
    expect(code).toBe(0);
    expect(out).toMatch(/Iterations: did not converge: stopped after \d+ iterations \(maxIter 2; /);
    expect(out).toMatch(/\n\nwarning \[not-converged\]: /);
    expect(out).toMatch(/\nwarning \[last-period-unidentified\]: /);
  });

  it('muster backproject names the row of a negative count', async () => {
    const file = tempCsv('cases\n4\n-2\n5\n', 'counts.csv');
    await expect(run([file, '--count', 'cases', '--delay-pmf', '0.5,0.5'])).rejects.toThrow(
      DataError,
    );
    await expect(run([file, '--count', 'cases', '--delay-pmf', '0.5,0.5'])).rejects.toThrow(
      "muster backproject requires non-negative counts in column 'cases'; received -2 at row 2",
    );
  });

  it('muster backproject rejects a delay pmf that does not sum to 1 and a malformed --delay', async () => {
    await expect(run([countsCsv, '--count', 'cases', '--delay-pmf', '0.5,0.4'])).rejects.toThrow(
      /backProject requires a delay pmf that sums to 1 \(within 1e-9\); received a pmf summing to 0.9/,
    );
    await expect(run([countsCsv, '--count', 'cases', '--delay', 'gamma:mean=5'])).rejects.toThrow(
      InvalidArgumentError,
    );
    await expect(
      run([countsCsv, '--count', 'cases', '--delay', 'weibull:mean=5,sd=1,max=3']),
    ).rejects.toThrow(/--delay as gamma:mean=M,sd=S,max=D/);
    await expect(run([countsCsv, '--count', 'nope', '--delay-pmf', '1'])).rejects.toThrow(
      /received 'nope' \(columns: month, cases\)/,
    );
  });

  it('muster backproject exits 2 with one line on a bad pmf (spawned CLI)', () => {
    const { status, stderr } = spawnMuster([
      'backproject',
      countsCsv,
      '--count',
      'cases',
      '--delay-pmf',
      '0.5,0.6',
    ]);
    expect(status).toBe(2);
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toMatch(/^muster: backProject requires a delay pmf that sums to 1/);
  });
});
