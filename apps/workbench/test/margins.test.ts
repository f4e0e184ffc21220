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

  it('muster margins prints a header line naming the covariance and clusters, then marginaleffects 1.0 print of the effects', async () => {
    const { out } = await run([...model, '--at', 'inequality=0,0.5']);
    expect(out.split('\n')).toEqual([
      `Average marginal effects over the model's 377 rows of glm(${reference.formula}, binomial(link = "logit")); delta-method standard errors from the cluster-robust CR1 by war (160 clusters) covariance`,
      '',
      '       Term             Contrast  Estimate Std. Error      z Pr(>|z|)    S',
      ' inequality dY/dX                 6.27e-01   1.03e-01  6.086   <0.001 29.7',
      ' troops     dY/dX                 8.08e-07   1.92e-07  4.212   <0.001 15.3',
      ' regime     autocracy - anocracy  2.60e-02   4.18e-02  0.623    0.533  0.9',
      ' regime     democracy - anocracy -3.75e-02   3.73e-02 -1.006    0.314  1.7',
      ' initiator  1 - 0                -1.95e-02   2.96e-02 -0.657    0.511  1.0',
      ' inequality 0.5 - 0               5.94e-01   1.05e-01  5.685   <0.001 26.2',
      '     2.5 %   97.5 %',
      '  4.25e-01 8.29e-01',
      '  4.32e-07 1.18e-06',
      ' -5.59e-02 1.08e-01',
      ' -1.11e-01 3.55e-02',
      ' -7.75e-02 3.86e-02',
      '  3.90e-01 7.99e-01',
      '',
      'Type: response',
      '',
    ]);
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
    expect(out.split('\n').slice(2, 10)).toEqual([
      '       Term             Contrast Estimate Std. Error      z Pr(>|z|)    S',
      ' inequality dY/dX                  0.6268     0.1030  6.086   <0.001 29.7',
      ' regime     autocracy - anocracy   0.0260     0.0418  0.623    0.533  0.9',
      ' regime     democracy - anocracy  -0.0375     0.0373 -1.006    0.314  1.7',
      '   2.5 % 97.5 %',
      '  0.4249 0.8286',
      ' -0.0559 0.1080',
      ' -0.1105 0.0355',
    ]);
    const grid = await run([
      ...model,
      '--variables',
      'inequality',
      '--grid',
      'regime=autocracy,democracy',
    ]);
    expect(grid.out.split('\n').slice(1)).toEqual([
      '',
      '    regime Estimate Std. Error    z Pr(>|z|)    S 2.5 % 97.5 %',
      ' autocracy    1.000      0.285 3.50  < 0.001 11.1 0.440  1.559',
      ' democracy    0.511      0.180 2.83  0.00462  7.8 0.157  0.865',
      '',
      'Term: inequality',
      'Type: response',
      'Comparison: dY/dX',
      '',
    ]);
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
