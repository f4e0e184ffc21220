import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DataError, FormulaError, InvalidArgumentError } from '@muster/core';
import { expectClose } from '@muster/test-support';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { command } from '../src/commands/glm.ts';
import { packageFixtures, runCommand, spawnMuster } from './support/run-command.ts';

const fixtures = packageFixtures('glm');

const run = (args: string[]) => runCommand(command, args);

afterEach(() => vi.restoreAllMocks());

const REFERENCE_ROW_FIELDS: Record<string, string> = { waldLower: 'lower', waldUpper: 'upper' };

function caseArgs(id: string): {
  args: string[];
  expected: Record<string, unknown> & { coefficients: Record<string, number | string | null>[] };
} {
  const c = JSON.parse(readFileSync(join(fixtures, `${id}.json`), 'utf8'));
  const args = [
    join(fixtures, c.data),
    '--formula',
    c.formula,
    '--family',
    c.family,
    '--link',
    c.link,
  ];
  if (c.vcov !== 'classical') args.push('--vcov', c.vcov);
  if (c.cluster) args.push('--cluster', c.cluster);
  if (c.weights) args.push('--weights', c.weights);
  if (c.method === 'firth') args.push('--firth');
  return { args, expected: c.expected };
}

describe('muster glm', () => {
  for (const id of [
    'glm-lyall-cluster',
    'glm-gaussian-weights',
    'glm-poisson-offset',
    'glm-separation-firth',
  ]) {
    it(`muster glm --json prints the reference fields of ${id} within 1e-6`, async () => {
      const { args, expected } = caseArgs(id);
      const { code, out } = await run([...args, '--json']);
      expect(code).toBe(0);
      const fit = JSON.parse(out);
      expected.coefficients.forEach((e, j) => {
        expect(fit.coefficients[j].term).toBe(e.term);
        for (const [key, value] of Object.entries(e)) {
          if (key === 'term' || value === null) continue;
          const rtol = key === 'pValue' && (value as number) < 1e-10 ? 1e-4 : 1e-6;
          // The reference cases name the Wald limits waldLower/waldUpper; a fit, lower/upper.
          const field = REFERENCE_ROW_FIELDS[key] ?? key;
          expectClose(
            fit.coefficients[j][field],
            value as number,
            { rtol: rtol, atol: 1e-10 },
            `${e.term}.${key}`,
          );
        }
      });
      for (const key of ['logLik', 'deviance', 'nullDeviance', 'aic', 'dispersion']) {
        if (expected[key] !== undefined)
          expectClose(fit[key], expected[key] as number, { rtol: 1e-6, atol: 1e-10 }, key);
      }
      for (const key of ['dfResidual', 'dfNull', 'nobs', 'converged']) {
        if (expected[key] !== undefined) expect(fit[key]).toBe(expected[key]);
      }
    });
  }

  it('muster glm prints an R-like summary: coefficient table, deviances, AIC, iterations and both intervals', async () => {
    const { args } = caseArgs('glm-lyall-logit');
    const { code, out } = await run(args);
    expect(code).toBe(0);
    expect(out).toContain('\nCoefficients:\n');
    expect(out).toMatch(/Estimate\s+Std\. Error\s+z value\s+Pr\(>\|z\|\)/);
    // R's printCoefmat: 4 significant digits for the smallest estimate or error.
    expect(out).toContain('inequality        7.8117     1.2439   6.280 3.38e-10 ***');
    expect(out).toContain('    Null deviance: 275.70  on 376  degrees of freedom');
    expect(out).toContain('Residual deviance: 210.73  on 371  degrees of freedom');
    expect(out).toContain('AIC: 222.73');
    expect(out).toContain('Number of Fisher Scoring iterations: 6');
    expect(out).toMatch(/Wald lower\s+Wald upper\s+Profile lower\s+Profile upper/);
    expect(out).toMatch(/log\(troops\)\s+\S+\s+\S+\s+0\.15613\s+0\.73241/);
  });

  it('muster glm says t value and the estimated dispersion for a gaussian fit', async () => {
    const { args } = caseArgs('glm-gaussian-weights');
    const { out } = await run(args);
    expect(out).toMatch(/t value\s+Pr\(>\|t\|\)/);
    expect(out).toContain('(Dispersion parameter for gaussian family taken to be 226.0625)');
  });

  it('muster glm warns about the quasi-complete separation R misses and points to --firth', async () => {
    const data = join(fixtures, 'separation.csv');
    const { out } = await run([data, '--formula', 'y2 ~ big + z', '--family', 'binomial']);
    expect(out).toMatch(
      /warning: fitGlm: quasi-complete separation: the outcome is perfectly predicted by big/,
    );
    expect(out).toContain('firth: true');
    const json = JSON.parse(
      (await run([data, '--formula', 'y2 ~ big + z', '--family', 'binomial', '--json'])).out,
    );
    expect(json.separation.kind).toBe('quasi-complete');
    expect(json.warnings[0].subjects).toEqual(['big']);
  });

  it('muster glm --no-profile and --conf-level change the intervals', async () => {
    const { args } = caseArgs('glm-lyall-logit');
    const fit = JSON.parse(
      (await run([...args, '--no-profile', '--conf-level', '0.9', '--json'])).out,
    );
    expect(fit.intervals.profile).toBeNull();
    expect(fit.confLevel).toBe(0.9);
    expect(fit.coefficients[0].profileLower).toBeNull();
    await expect(run([...args, '--level', '0.9'])).rejects.toThrow(
      'muster glm option --level was renamed --conf-level',
    );
  });

  it('muster glm rejects bad options and data as user errors', async () => {
    const data = join(fixtures, 'lyall_synthetic.csv');
    await expect(run([data])).rejects.toBeInstanceOf(InvalidArgumentError);
    await expect(
      run([data, '--formula', 'mass_desertion ~ regime', '--family', 'logistic']),
    ).rejects.toThrow(
      /--family binomial\|poisson\|gaussian\|Gamma\|inverse.gaussian\|quasibinomial\|quasipoisson\|negative.binomial; received 'logistic'/,
    );
    await expect(
      run([data, '--formula', 'mass_desertion ~ regime', '--vcov', 'cluster']),
    ).rejects.toThrow(/--cluster COL/);
    await expect(
      run([data, '--formula', 'mass_desertion ~ regime', '--vcov', 'HC9']),
    ).rejects.toThrow(/--vcov/);
    await expect(
      run([data, '--formula', 'mass_desertion ~ troopz', '--family', 'binomial']),
    ).rejects.toBeInstanceOf(FormulaError);
    await expect(
      run([data, '--formula', 'desertion_rate ~ regime', '--family', 'binomial']),
    ).rejects.toBeInstanceOf(DataError);
    await expect(run(['missing.csv', '--formula', 'y ~ x'])).rejects.toThrow(
      /cannot read DATA file 'missing.csv'/,
    );
  });

  it('muster glm exits with code 2 and one line on a user error (through the dispatcher)', () => {
    const result = spawnMuster([
      'glm',
      join(fixtures, 'lyall_synthetic.csv'),
      '--formula',
      'mass_desertion ~ regime',
      '--family',
      'binomial',
      '--weights',
      'war',
    ]);
    expect(result.status).toBe(2);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(/weights column 'war' to be numeric; data row 1 has 'W001'/);
  });

  it('muster glm exits with code 2 and one line naming the term, row and value of log(0)', () => {
    const result = spawnMuster([
      'glm',
      join(fixtures, 'lyall_synthetic.csv'),
      '--formula',
      'mass_desertion ~ log(initiator)',
      '--family',
      'binomial',
    ]);
    expect(result.status).toBe(2);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(
      /fitGlm requires finite covariates; term 'log\(initiator\)' is -Infinity in data row 2/,
    );
  });

  it('muster glm --levels chooses the success level of a text response and a reference level', async () => {
    const data = join(fixtures, 'edge-text-response.csv');
    const base = [data, '--formula', 'deserted ~ inequality + regime', '--family', 'binomial'];
    const { out } = await run([...base, '--no-profile']);
    expect(out).toContain("Response: P(no); 'Yes' counts as failure");
    expect(out).toContain("warning: fitGlm: the response 'deserted' is modelled as P(no)");
    const fit = JSON.parse(
      (
        await run([
          ...base,
          '--levels',
          'deserted=no,Yes',
          '--levels',
          'regime=democracy,anocracy,autocracy',
          '--no-profile',
          '--json',
        ])
      ).out,
    );
    expect(fit.responseLevels).toEqual({ failure: 'no', success: ['Yes'] });
    expect(fit.coefficients.map((c: { term: string }) => c.term)).toEqual([
      '(Intercept)',
      'inequality',
      'regimeanocracy',
      'regimeautocracy',
    ]);
    await expect(run([...base, '--levels', 'deserted'])).rejects.toThrow(/--levels COL=a,b/);
  });

  it('muster glm clusters by a cluster() term in the formula without --cluster', async () => {
    const { args } = caseArgs('glm-lyall-cluster');
    const formula = args.indexOf('--formula') + 1;
    const withTerm = [...args.filter((a, i) => a !== '--cluster' && args[i - 1] !== '--cluster')];
    withTerm[formula] = `${args[formula]} + cluster(war)`;
    const noVcov = withTerm.filter((a, i) => a !== '--vcov' && withTerm[i - 1] !== '--vcov');
    const fit = JSON.parse((await run([...noVcov, '--no-profile', '--json'])).out);
    const reference = JSON.parse((await run([...args, '--no-profile', '--json'])).out);
    expect(fit.vcovType).toBe('cluster');
    expect(fit.nClusters).toBe(reference.nClusters);
    expect(fit.coefficients[1].stdError).toBeCloseTo(reference.coefficients[1].stdError, 12);
  });

  it('muster glm --profile spline prints R confint limits; --profile alone forces exact limits', async () => {
    const { args } = caseArgs('glm-lyall-logit');
    const spline = JSON.parse((await run([...args, '--profile', 'spline', '--json'])).out);
    expect(spline.intervals.profile).toContain('spline');
    const exact = JSON.parse((await run([...args, '--profile', '--json'])).out);
    expect(exact.intervals.profile).toBe('likelihood-ratio (exact roots)');
    expect(
      Math.abs(spline.coefficients[1].profileLower - exact.coefficients[1].profileLower),
    ).toBeLessThan(0.05);
    const { out } = await run([...args, '--profile', 'spline']);
    expect(out).toContain("profile: MASS's profile and spline, as R's confint");
    await expect(run([...args, '--profile=roots'])).rejects.toThrow(
      /--profile exact or --profile spline/,
    );
  });

  it('muster glm --cluster war,year clusters two-way and --cluster-type HC0 applies G/(G-1) only', async () => {
    const data = join(fixtures, 'lyall_synthetic.csv');
    const base = [
      data,
      '--formula',
      'mass_desertion ~ inequality + log(troops) + regime',
      '--family',
      'binomial',
      '--no-profile',
    ];
    const twoWay = JSON.parse((await run([...base, '--cluster', 'war,year', '--json'])).out);
    expect(twoWay.cluster).toBe('war, year');
    expect(twoWay.nClustersByDimension).toHaveLength(2);
    const { out } = await run([...base, '--cluster', 'war', '--cluster-type', 'HC0']);
    expect(out).toContain('cluster-robust CR0 (G/(G-1), as Stata) by war');
    await expect(run([...base, '--cluster', 'war', '--cluster-type', 'HC3'])).rejects.toThrow(
      /--cluster-type HC1 or HC0/,
    );
  });
});
