import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { InvalidArgumentError } from '@muster/core';
import { format } from '@muster/lag';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { command } from '../src/commands/pipeline.ts';
import { packageFixtures, runCommand, tempCsv } from './support/run-command.ts';

const fixtures = packageFixtures('lag');

const run = (args: string[]) => runCommand(command, args);

afterEach(() => vi.restoreAllMocks());

describe('muster pipeline', () => {
  it('muster pipeline --rate 500 with a delay of mean 5 months gives 500 x 5 pending (uniform within the month)', async () => {
    const { code, out } = await run([
      '--rate',
      '500',
      '--delay',
      'gamma:mean=5,sd=2.5,max=24',
      '--json',
    ]);
    expect(code).toBe(0);
    const result = JSON.parse(out);
    expect(result.expected).toBeGreaterThan(2490);
    expect(result.expected).toBeLessThan(2500);
  });

  it('muster pipeline --delay ...,discretisation=start gives R convention: 500 x 4.5 pending', async () => {
    const { code, out } = await run([
      '--rate',
      '500',
      '--delay',
      'gamma:mean=5,sd=2.5,max=24,discretisation=start',
      '--json',
    ]);
    expect(code).toBe(0);
    const result = JSON.parse(out);
    // R: qpois(c(0.05, 0.95), 2249.945542336525)
    expect([result.lower, result.upper]).toEqual([2172, 2328]);
  });

  it('muster pipeline COUNTS back-projects the counts and mixes over bootstrap replicates', async () => {
    const reference = JSON.parse(
      readFileSync(join(fixtures, 'backproject-convictions-k2.json'), 'utf8'),
    );
    const file = tempCsv(
      `month,cases\n${reference.counts.map((c: number, i: number) => `${2021 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')},${c}`).join('\n')}\n`,
      'counts.csv',
    );
    const { out } = await run([
      file,
      '--count',
      'cases',
      '--period',
      'month',
      '--at',
      '2023-06',
      '--delay',
      'gamma:mean=5,sd=2.5,max=14',
      '--bootstrap',
      '100',
      '--json',
    ]);
    const result = JSON.parse(out);
    expect(result.period).toBe('2023-06');
    expect(result.at).toBe(29);
    expect(result.intervalMethod).toMatch(/Poisson mixture over 100 replicate series/);
    expect(result.lower).toBeLessThan(result.expected);
    expect(result.upper).toBeGreaterThan(result.expected);
    expect(result.offences.lambda).toHaveLength(36);
    expect(result.periods).toHaveLength(36);
    const textArgs = [
      file,
      '--count',
      'cases',
      '--period',
      'month',
      '--delay',
      'gamma:mean=5,sd=2.5,max=14',
      '--bootstrap',
      '50',
    ];
    const table = await run(textArgs);
    expect(table.code).toBe(0);
    const json = await run([...textArgs, '--json']);
    expect(table.out).toBe(`${format(JSON.parse(json.out))}\n`);
    const lines = table.out.split('\n');
    expect(lines[0]).toBe(
      'Offences in the pipeline: expected offences not yet in court: sum_d lambda_{at-d} P(delay > d)',
    );
    expect(lines[2]).toBe('At period 2023-12; delay mean 4.965');
    expect(lines[3]).toMatch(
      /^Pending: \d+ expected \(90% interval \d+ to \d+; quantiles of a Poisson mixture over 50 replicate series\)$/,
    );
    expect(lines[6]).toMatch(/^ +period age +estimate$/);
    expect(lines[7]).toMatch(/^1 +2023-12 +0 +\d+\.\d+$/);
    expect(lines[8]).toMatch(/^2 +2023-11 +1 +\d+\.\d+$/);
  });

  it("muster pipeline --rate prints @muster/lag's format(result): the steady rate, the pending count, by age", async () => {
    const args = ['--rate', '500', '--delay', 'gamma:mean=5,sd=2.5,max=24,discretisation=start'];
    const { code, out } = await run(args);
    expect(code).toBe(0);
    const json = await run([...args, '--json']);
    expect(out).toBe(`${format(JSON.parse(json.out))}\n`);
    expect(out.split('\n').slice(2, 4)).toEqual([
      'At a steady rate of 500 per period; delay mean 4.5',
      'Pending: 2250 expected (90% interval 2172 to 2328; Poisson quantiles of the pending count given the series)',
    ]);
    expect(out).toMatch(/\n +age +estimate\n1 +0 /);
  });

  it('muster pipeline rejects a missing source and an unknown --at period', async () => {
    await expect(run(['--delay-pmf', '1'])).rejects.toThrow(InvalidArgumentError);
    const file = tempCsv('cases\n1\n2\n', 'counts.csv');
    await expect(run([file, '--count', 'cases', '--delay-pmf', '1', '--at', '9'])).rejects.toThrow(
      /--at to name a period of the rows \(1-based\); received '9'/,
    );
  });
});
