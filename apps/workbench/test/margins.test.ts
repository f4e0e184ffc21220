import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { InvalidArgumentError } from '@muster/core';
import { describe, expect, it } from 'vitest';
import { command } from '../src/commands/margins.ts';
import { packageFixtures, runCommand, spawnMuster } from './support/run-command.ts';

const fixtures = packageFixtures('glm');
const data = join(fixtures, 'lyall_synthetic.csv');
const run = (args: string[]) => runCommand(command, args);

interface RRow {
  term: string;
  contrast: string;
  estimate: number;
  stdError: number;
}
const reference = (
  JSON.parse(readFileSync(join(fixtures, 'margins-cases.json'), 'utf8')) as {
    cases: {
      id: string;
      formula: string;
      ame: RRow[];
      contrasts: RRow[];
      mem: { effects: RRow[] };
    }[];
  }
).cases.find((c) => c.id === 'lyall-cluster');
if (reference === undefined) throw new Error('margins-cases.json lacks lyall-cluster');
const model = [data, '--formula', reference.formula, '--cluster', 'war'];

/** |a - e| <= 1e-6 |e| (the R agreement of @muster/glm's margins tests). */
function expectRows(actual: RRow[], expected: RRow[]): void {
  expect(actual.map((r) => [r.term, r.contrast])).toEqual(
    expected.map((r) => [r.term, r.contrast]),
  );
  actual.forEach((row, i) => {
    expect(Math.abs(row.estimate - expected[i].estimate)).toBeLessThanOrEqual(
      1e-6 * Math.abs(expected[i].estimate),
    );
    expect(Math.abs(row.stdError - expected[i].stdError)).toBeLessThanOrEqual(
      1e-6 * expected[i].stdError,
    );
  });
}

describe('muster margins', () => {
  it('muster margins --at inequality=0,0.5 --json prints the AMEs and the contrast of R within 1e-6', async () => {
    const result = JSON.parse((await run([...model, '--at', 'inequality=0,0.5', '--json'])).out);
    expect(result.kind).toBe('marginal-effects');
    expect(result.vcovType).toBe('cluster');
    expectRows(result.effects, [...reference.ame, ...reference.contrasts]);
  });

  it('muster margins prints a table of effects with the covariance named', async () => {
    const { out } = await run([...model, '--at', 'inequality=0,0.5']);
    const lines = out.split('\n');
    expect(lines[0]).toMatch(
      /^Average marginal effects \(response scale\) of glm\(mass_desertion ~ /,
    );
    expect(lines[1]).toBe(
      'Standard errors: delta method, cluster-robust CR1 by war (160 clusters) covariance; 95% intervals (normal)',
    );
    expect(lines[3]).toMatch(
      /^Term\s+Contrast\s+Estimate\s+Std\. Error\s+z\s+Pr\(>\|z\|\)\s+2\.5 %\s+97\.5 %$/,
    );
    expect(lines[4]).toMatch(
      /^inequality\s+dY\/dX\s+0\.6268\s+0\.103\s+6\.09\s+1\.16e-9\s+0\.4249\s+0\.8286$/,
    );
    expect(lines[9]).toMatch(/^inequality\s+0\.5 - 0\s+0\.5945\s+0\.1046\s+5\.68/);
  });

  it('muster margins --grid means shows the grid values and --at with three values gives two contrasts', async () => {
    const mem = JSON.parse((await run([...model, '--grid', 'means', '--json'])).out);
    expectRows(mem.effects, reference.mem.effects);
    const { out } = await run([
      ...model,
      '--variables',
      'inequality',
      '--at',
      'regime=anocracy,autocracy,democracy',
    ]);
    expect(out).toMatch(/regime\s+autocracy - anocracy/);
    expect(out).toMatch(/regime\s+democracy - anocracy/);
    const grid = await run([
      ...model,
      '--variables',
      'inequality',
      '--grid',
      'regime=autocracy,democracy',
    ]);
    expect(grid.out.split('\n')[3]).toMatch(/^Term\s+Contrast\s+regime\s+Estimate/);
    expect(grid.out.split('\n')[5]).toMatch(/^inequality\s+dY\/dX\s+democracy\s/);
  });

  it('muster margins names the option of a bad --at, --grid or --jacobian', async () => {
    const cases: [string[], string, RegExp][] = [
      [
        ['--at', 'inequality'],
        '--at',
        /requires --at COL=a,b,\.\.\. with at least two non-empty values; received 'inequality'/,
      ],
      [['--at', 'inequality=0'], '--at', /received 'inequality=0'/],
      [
        ['--at', 'nope=0,1'],
        '--at',
        /cannot use '--at nope=0,1': marginalEffects requires contrast variables among the model's predictors/,
      ],
      [
        ['--at', 'regime=anocracy,monarchy'],
        '--at',
        /levels \(anocracy, autocracy, democracy\); received "monarchy"/,
      ],
      [['--at', 'inequality=0,high'], '--at', /finite numbers for 'inequality'; received "high"/],
      [['--at', 'inequality=0,1', '--at', 'inequality=0,2'], '--at', /one --at per column/],
      [['--grid', 'troops='], '--grid', /--grid COL=v1,v2,\.\.\./],
      [['--grid', 'war=W001'], '--grid', /cannot use '--grid war=W001'/],
      [['--jacobian', 'central'], '--jacobian', /--jacobian exact or forward/],
      [['--conf-level', '2'], 'confLevel', /0 < confLevel < 1; received 2/],
      [['--level', '0.9'], '--level', /renamed --conf-level/],
    ];
    for (const [args, option, message] of cases) {
      const error = await run([...model, ...args]).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error, args.join(' ')).toBeInstanceOf(InvalidArgumentError);
      expect((error as InvalidArgumentError).argument, args.join(' ')).toBe(option);
      expect((error as Error).message, args.join(' ')).toMatch(message);
    }
  });

  it('muster margins exits with code 2 and one line for a bad --at (through the dispatcher)', () => {
    const result = spawnMuster(['margins', ...model, '--at', 'inequality=0,zero']);
    expect(result.status).toBe(2);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(/^muster: muster margins cannot use '--at inequality=0,zero'/);
  });
});
