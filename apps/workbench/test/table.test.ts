import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { command } from '../src/commands/table.ts';
import { repoRoot, runCommand, spawnMuster, tempCsv } from './support/run-command.ts';

// Three logits with the numbers R computed (packages/tables/test/fixtures/three-models.R), saved
// as the shared fit fields a model command prints with --json.
const reference = JSON.parse(
  readFileSync(
    join(repoRoot, 'packages', 'tables', 'test', 'fixtures', 'three-models.json'),
    'utf8',
  ),
).models as {
  name: string;
  formula: string;
  vcov: string;
  cluster: string | null;
  coefficients: Record<string, number | string>[];
  [key: string]: unknown;
}[];

function savedFit(index: number): string {
  const model = reference[index];
  const fit = {
    kind: 'glm',
    formula: model.formula,
    family: 'binomial',
    link: 'logit',
    method: 'ml',
    confLevel: 0.95,
    vcovType: model.vcov,
    cluster: model.cluster,
    vcov: [],
    statisticType: 'z',
    dfResidual: null,
    coefficients: model.coefficients.map(
      ({ term, estimate, stdError, statistic, pValue, lower, upper }) => ({
        term,
        estimate,
        stdError,
        statistic,
        pValue,
        lower,
        upper,
      }),
    ),
    nobs: model.nobs,
    nEvents: model.nEvents,
    nClusters: model.nClusters,
    logLik: model.logLik,
    df: model.df,
    aic: model.aic,
    bic: model.bic,
    deviance: model.deviance,
    nullDeviance: model.nullDeviance,
    converged: true,
    iterations: 5,
    warnings: [],
  };
  return tempCsv(JSON.stringify(fit), `fit${index + 1}.json`);
}

const files = [0, 1, 2].map(savedFit);

describe('muster table', () => {
  it('muster table a.json b.json c.json lays the saved fits side by side with R numbers rounded as R', async () => {
    const { code, out } = await runCommand(command, [
      ...files,
      '--names',
      'Bivariate,Controls,Clustered',
    ]);
    expect(code).toBe(0);
    const lines = out.split('\n');
    expect(lines[1]).toMatch(/^ +Bivariate +Controls +Clustered$/);
    expect(lines[5]).toMatch(/^inequality +7\.48 +7\.77 +7\.81$/);
    expect(lines[6]).toMatch(/^ +\(1\.17\) +\(1\.22\) +\(1\.29\)$/);
    expect(out).toMatch(/^N +377 +377 +377$/m);
    expect(out).toMatch(/^Clusters +160$/m);
    expect(out).toMatch(/^Log-likelihood +-111\.8 +-105\.6 +-105\.4$/m);
    expect(out).toMatch(/^Covariance +classical +HC1 +cluster \(war\)$/m);
  });

  it('muster table --format markdown|latex|csv prints that format', async () => {
    const markdown = await runCommand(command, [files[0], '--format', 'markdown']);
    expect(markdown.out).toMatch(/^\| +\| +\(1\) \|\n\|:-+\|-+:\|$/m);
    const latex = await runCommand(command, [files[0], '--format', 'latex', '--exponentiate']);
    expect(latex.out).toContain('\\toprule');
    expect(latex.out).toMatch(/^inequality & 1770 \\\\$/m);
    const csv = await runCommand(command, [files[0], files[2], '--format', 'csv', '--stars']);
    expect(csv.out.split('\r\n').slice(0, 3)).toEqual([
      'row,statistic,(1),(2)',
      '(Intercept),estimate,-3.06***,-7.96***',
      '(Intercept),stdError,(0.266),(1.76)',
    ]);
  });

  it('muster table exits 2 with one line for a file that is not a saved fit', () => {
    const notFit = tempCsv(JSON.stringify({ kind: 'kaplan-meier', strata: [] }), 'km.json');
    const result = spawnMuster(['table', files[0], notFit]);
    expect(result.status).toBe(2);
    expect(result.stderr).toBe(
      `muster: muster table requires saved fits (the --json output of a model command); '${notFit}' is a 'kaplan-meier' result without coefficients, vcovType, confLevel and nobs\n`,
    );
  });

  it('muster table refuses text that is not JSON, a missing file and bad options, naming them', async () => {
    const notJson = tempCsv('war,y\n1,0\n', 'data.csv');
    const cases: [string[], string][] = [
      [
        [notJson],
        `muster table requires saved fits (the --json output of a model command); '${notJson}' is not JSON`,
      ],
      [['/nonexistent/fit.json'], "muster table cannot read '/nonexistent/fit.json'"],
      [
        [files[0], '--format', 'html'],
        "muster table requires --format text|markdown|latex|csv; received 'html'",
      ],
      [
        [files[0], files[1], '--names', 'a'],
        "muster table requires one name per FIT file in --names (2); received 'a'",
      ],
      [
        [files[0], '--uncertainty', 'se'],
        "muster table requires --uncertainty stdError|confInt|statistic|pValue|none; received 'se'",
      ],
    ];
    for (const [args, message] of cases)
      await expect(runCommand(command, args), args.join(' ')).rejects.toThrow(message);
    await expect(runCommand(command, [])).rejects.toThrow(
      'muster table requires at least one FIT.json file; received none',
    );
  });
});

describe('muster glm --table', () => {
  const lyall = join(repoRoot, 'packages', 'datasets', 'data', 'lyall_synthetic.csv');

  it('muster glm --json saves fits that muster table lays out with the numbers R prints', async () => {
    const { command: glm } = await import('../src/commands/glm.ts');
    // One at a time: runCommand captures stdout.
    const saved: string[] = [];
    for (const [i, model] of reference.entries()) {
      const args = [lyall, '--formula', model.formula, '--family', 'binomial', '--no-profile'];
      if (model.vcov !== 'classical') args.push('--vcov', model.vcov);
      if (model.cluster) args.push('--cluster', model.cluster);
      const { code, out } = await runCommand(glm, [...args, '--json']);
      expect(code).toBe(0);
      saved.push(tempCsv(out, `glm${i + 1}.json`));
    }
    const { code, out } = await runCommand(command, saved);
    expect(code).toBe(0);
    expect(out).toMatch(/^inequality +7\.48 +7\.77 +7\.81$/m);
    expect(out).toMatch(/^ +\(1\.17\) +\(1\.22\) +\(1\.29\)$/m);
    expect(out).toMatch(/^Log-likelihood +-111\.8 +-105\.6 +-105\.4$/m);
    expect(out).toMatch(/^McFadden R² +0\.189 +0\.234 +0\.236$/m);
    expect(out).toMatch(/^Covariance +classical +HC1 +cluster \(war\)$/m);
  });

  it('muster glm --table prints the table of a maximum-likelihood fit', async () => {
    const { command: glm } = await import('../src/commands/glm.ts');
    const args = [lyall, '--formula', 'mass_desertion ~ inequality', '--family', 'binomial'];
    const { code, out } = await runCommand(glm, [...args, '--table']);
    expect(code).toBe(0);
    expect(out).toMatch(/^\(Intercept\) +-3\.06$/m);
    expect(out).toMatch(/^AIC +227\.5$/m);
  });

  it('muster glm --method bayes --table prints the regression table of the fit', async () => {
    const { command: glm } = await import('../src/commands/glm.ts');
    const args = [lyall, '--formula', 'mass_desertion ~ inequality', '--family', 'binomial'];
    const { code, out } = await runCommand(glm, [...args, '--method', 'bayes', '--table']);
    expect(code).toBe(0);
    expect(out).toMatch(/^inequality +\d+\.\d+$/m);
    expect(out).toMatch(/^Method +bayes-cauchy$/m);
    expect(out).toMatch(/^Covariance +posterior$/m);
    await expect(runCommand(glm, [...args, '--json', '--table'])).rejects.toThrow(
      'muster glm takes --json or --table, not both',
    );
  });
});
