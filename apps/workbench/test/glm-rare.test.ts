import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { InvalidArgumentError } from '@muster/core';
import { expectClose } from '@muster/test-support';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { command } from '../src/commands/glm.ts';
import { packageFixtures, runCommand, spawnMuster } from './support/run-command.ts';

const fixtures = packageFixtures('glm');
const run = (args: string[]) => runCommand(command, args);
afterEach(() => vi.restoreAllMocks());

const cases = JSON.parse(readFileSync(join(fixtures, 'rare-cases.json'), 'utf8')).cases as {
  id: string;
  expected: { estimate: number[]; stdError: number[] };
}[];
const expected = (id: string) =>
  (cases.find((c) => c.id === id) as (typeof cases)[number]).expected;

describe('muster glm --method relogit|bayes', () => {
  it('muster glm --method relogit --tau prints the corrected estimates of the R formulas within 1e-6', async () => {
    const { code, out } = await run([
      join(fixtures, 'rare-events.csv'),
      '--formula',
      'y ~ x1 + x2 + g',
      '--method',
      'relogit',
      '--tau',
      '0.005',
      '--json',
    ]);
    expect(code).toBe(0);
    const fit = JSON.parse(out);
    const e = expected('relogit-rare-tau');
    expect(fit.method).toBe('relogit');
    fit.coefficients.forEach((c: { estimate: number; stdError: number }, j: number) => {
      expectClose(c.estimate, e.estimate[j], { rtol: 1e-6, atol: 1e-10 });
      expectClose(c.stdError, e.stdError[j], { rtol: 1e-6, atol: 1e-10 });
    });
  });

  it("muster glm --method bayes prints arm::bayesglm's estimates and its prior table", async () => {
    const { code, out } = await run([
      join(fixtures, 'separation.csv'),
      '--formula',
      'y2 ~ big + z',
      '--method',
      'bayes',
    ]);
    expect(code).toBe(0);
    const e = expected('bayes-separation-quasi');
    expect(out).toMatch(new RegExp(`\\nbig\\s+${e.estimate[1].toFixed(3).replace('.', '\\.')}`));
    expect(out).toMatch(/big\s+cauchy\s+0\s+2\.5\s+1/);
    expect(out).toContain(
      'Separation (quasi-complete): maximum likelihood would diverge along big.',
    );
  });

  it('muster glm refuses options the method does not take, naming the option', async () => {
    const base = [join(fixtures, 'separation.csv'), '--formula', 'y2 ~ big + z'];
    await expect(run([...base, '--method', 'bayes', '--tau', '0.1'])).rejects.toThrow(
      'muster glm --method bayes does not take --tau',
    );
    await expect(run([...base, '--method', 'relogit', '--vcov', 'HC1'])).rejects.toThrow(
      InvalidArgumentError,
    );
    await expect(run([...base, '--family', 'binomial', '--prior-df', '7'])).rejects.toThrow(
      'muster glm takes --prior-df only with --method bayes',
    );
    await expect(run([...base, '--method', 'relogit', '--family', 'poisson'])).rejects.toThrow(
      "muster glm --method relogit requires --family binomial; received 'poisson'",
    );
  });

  it('muster glm --method with a bad value exits with code 2 and one line (through the dispatcher)', () => {
    const result = spawnMuster([
      'glm',
      join(fixtures, 'separation.csv'),
      '--formula',
      'y2 ~ big + z',
      '--method',
      'cauchy',
    ]);
    expect(result.status).toBe(2);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(/requires --method ml\|firth\|relogit\|bayes; received 'cauchy'/);
  });
});
