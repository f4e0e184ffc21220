import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { InvalidArgumentError } from '@muster/core';
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
    const table = await run([
      file,
      '--count',
      'cases',
      '--period',
      'month',
      '--delay',
      'gamma:mean=5,sd=2.5,max=14',
      '--bootstrap',
      '50',
    ]);
    expect(table.out).toMatch(
      /Offences in the pipeline at 2023-12: committed by then, not in court by then/,
    );
    expect(table.out).toMatch(/age\s+period\s+offences\s+pending/);
  });

  it('muster pipeline rejects a missing source and an unknown --at period', async () => {
    await expect(run(['--delay-pmf', '1'])).rejects.toThrow(InvalidArgumentError);
    const file = tempCsv('cases\n1\n2\n', 'counts.csv');
    await expect(run([file, '--count', 'cases', '--delay-pmf', '1', '--at', '9'])).rejects.toThrow(
      /--at to name a period of the rows \(1-based\); received '9'/,
    );
  });
});
