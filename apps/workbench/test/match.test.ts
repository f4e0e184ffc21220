import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { InvalidArgumentError } from '@muster/core';
import { expectClose } from '@muster/test-support';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { command, parseCutPoints, splitTerms } from '../src/commands/match.ts';
import { repoRoot, runCommand, spawnMuster, tempCsv } from './support/run-command.ts';

const fixtures = join(repoRoot, 'packages', 'matching', 'test', 'fixtures');
const data = join(fixtures, 'belligerents.csv');
const covariates = ['--covariates', 'log(troops),regime,initiator,duration'];
const run = (args: string[]) => runCommand(command, args);

interface Case {
  id: string;
  matchMatrix: (number | null)[];
  weights: number[];
  sumMatched: { term: string; stdMeanDiff: number }[];
}
const cases = JSON.parse(readFileSync(join(fixtures, 'matchit-cases.json'), 'utf8'))
  .cases as Case[];

afterEach(() => vi.restoreAllMocks());

describe('muster match', () => {
  it('muster match --json gives MatchIt 4.5.1 matches, weights and balance (caliper 0.1)', async () => {
    const expected = cases.find((c) => c.id === 'nearest-caliper')!;
    const { code, out } = await run([
      data,
      '--treat',
      'high_inequality',
      ...covariates,
      '--caliper',
      '0.1',
      '--json',
    ]);
    expect(code).toBe(0);
    const m = JSON.parse(out);
    expect(m.matchMatrix.map((r: { matches: (number | null)[] }) => r.matches[0])).toEqual(
      expected.matchMatrix.map((r) => (r === null ? null : r - 1)),
    );
    for (const [i, w] of expected.weights.entries()) {
      expectClose(m.weights[i], w, { rtol: 1e-9, atol: 1e-10 }, `weights[${i}]`);
    }
    expected.sumMatched.forEach((r, k) => {
      expect(m.balance.matched[k].term).toBe(r.term);
      expectClose(
        m.balance.matched[k].stdMeanDiff,
        r.stdMeanDiff,
        { rtol: 1e-9, atol: 1e-10 },
        r.term,
      );
    });
  });

  it("muster match --outcome prints MatchIt's print(summary(m)) and coeftest's print line for line, each under its header line", async () => {
    const { code, out } = await run([
      data,
      '--treat',
      'high_inequality',
      ...covariates,
      '--ratio',
      '2',
      '--outcome',
      'mass_desertion',
    ]);
    expect(code).toBe(0);
    // R's prints (generate-summaries.R in @muster/matching's fixtures), whose call names R objects.
    const r = (name: string) => readFileSync(join(fixtures, 'r', name), 'utf8').split('\n');
    const balance = r('summary-nearest-ratio2.txt').slice(0, -2);
    const coeftest = r('effect-nearest-ratio2.txt').slice(0, -1);
    const call = `matchit(formula = high_inequality ~ log(troops) + regime + initiator + duration, data = ${data}, method = "nearest")`;
    expect(out.split('\n')).toEqual([
      'Matching: 2:1 nearest neighbor matching without replacement (order: largest); distance: propensity score, logistic regression; estimand ATT',
      ...balance.map((line) => (line.startsWith('matchit(') ? call : line)),
      '',
      'Outcome model in the matched sample: weighted glm(mass_desertion ~ high_inequality, binomial(link = "logit")), standard errors clustered by matched pair (114 pairs)',
      ...coeftest,
      'Effect of high_inequality: 1.4944 (95% interval 0.7799 to 2.2088; standard errors clustered by matched pair)',
      '',
      'warning: matchIt: not all treated units will get 2 matches',
      expect.stringMatching(/^warning: matchIt: pairs follow MatchIt 4\.5\.1 /),
      '',
    ]);
  });

  it('muster match --method cem and --method subclass run', async () => {
    const cem = await run([data, '--treat', 'high_inequality', ...covariates, '--method', 'cem']);
    expect(cem.out.split('\n')[0]).toBe('Matching: coarsened exact matching; estimand ATT');
    const sub = await run([
      data,
      '--treat',
      'high_inequality',
      ...covariates,
      '--method',
      'subclass',
      '--subclasses',
      '4',
    ]);
    expect(sub.out.split('\n')[0]).toBe(
      'Matching: subclassification (4 subclasses); distance: propensity score, logistic regression; estimand ATT',
    );
    expect(sub.out).toContain('Summary of Balance Across Subclasses');
  });

  it('muster match rejects a one-valued treatment and a caliper that leaves no pair', async () => {
    const file = tempCsv('t,x\n1,0.1\n1,0.5\n1,0.9\n');
    await expect(run([file, '--treat', 't', '--covariates', 'x'])).rejects.toThrow(
      "matchIt requires a treatment with exactly two values; column 't' has 1 (1)",
    );
    await expect(
      run([data, '--treat', 'high_inequality', ...covariates, '--caliper', '1e-7']),
    ).rejects.toThrow(/matchIt matched no units; no treated unit has a match within the caliper/);
    await expect(run([data, '--treat', 'nope', ...covariates])).rejects.toThrow(
      InvalidArgumentError,
    );
  });

  it('muster match exits 2 with one line on bad input', () => {
    const r = spawnMuster([
      'match',
      data,
      '--treat',
      'high_inequality',
      ...covariates,
      '--order',
      'sideways',
    ]);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(
      "muster: matchIt requires order to be one of 'largest', 'smallest', 'data', 'random'; received \"sideways\"\n",
    );
  });

  it('muster match --method cem --cut-points gives MatchIt cutpoints = list(duration = c(2, 4, 8), log(troops) = 3)', async () => {
    const expected = JSON.parse(
      readFileSync(join(fixtures, 'matchit-cases.json'), 'utf8'),
    ).cases.find((c: { id: string }) => c.id === 'cem-cutpoints') as Case & {
      subclass: (number | null)[];
    };
    const { out } = await run([
      data,
      '--treat',
      'high_inequality',
      ...covariates,
      '--method',
      'cem',
      '--cut-points',
      'duration=2:4:8,log(troops)=3',
      '--json',
    ]);
    const m = JSON.parse(out);
    expect(m.subclass).toEqual(expected.subclass);
    expect(m.cutPoints.duration).toEqual([2, 4, 8]);
    expect(parseCutPoints('a=sturges,b=0')).toEqual({ a: 'sturges', b: 0 });
    expect(() => parseCutPoints('a')).toThrow(
      "muster match requires --cut-points as variable=sturges|BINS|c1:c2:...; received 'a'",
    );
  });

  it('splitTerms keeps commas inside parentheses', () => {
    expect(splitTerms('a, poly(x, 2),log(b)')).toEqual(['a', 'poly(x, 2)', 'log(b)']);
  });
});
