/**
 * Publishing works for real: every public package is packed with `pnpm pack` (which rewrites
 * `workspace:` ranges), the tarballs are installed with npm into a fresh temporary project, and
 * each package is imported from plain Node ESM (no TypeScript, no custom conditions).
 * publint and arethetypeswrong then check each tarball as the registry would see it.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../../..');
const packagesDir = join(root, 'packages');
const publicPackages = readdirSync(packagesDir)
  .map((name) => ({
    dir: join(packagesDir, name),
    json: JSON.parse(readFileSync(join(packagesDir, name, 'package.json'), 'utf8')),
  }))
  .filter((p) => !p.json.private);
/** Packages with a module to import (@muster/cli has only its `muster` bin). */
const libraries = publicPackages.filter((p) => p.json.exports?.['.'] !== undefined);

const work = mkdtempSync(join(tmpdir(), 'muster-publish-'));
const tarballs: Record<string, string> = {};
const run = (command: string, args: string[], cwd: string) =>
  execFileSync(command, args, {
    cwd,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, npm_config_loglevel: 'error' },
  });

beforeAll(() => {
  for (const p of publicPackages) {
    const out = run('pnpm', ['pack', '--pack-destination', work, '--json'], p.dir);
    const parsed = JSON.parse(out);
    tarballs[p.json.name] = (Array.isArray(parsed) ? parsed[0] : parsed).filename;
  }
  const project = join(work, 'project');
  run('mkdir', ['-p', project], work);
  // The same override as the workspace's: the newest @uwdata/flechette (arquero's Arrow library)
  // depends on a package this registry does not serve.
  const overrides = { '@uwdata/flechette': '2.6.0' };
  writeFileSync(
    join(project, 'package.json'),
    JSON.stringify({ name: 'consumer', private: true, type: 'module', overrides }),
  );
  run(
    'npm',
    ['install', '--no-audit', '--no-fund', '--ignore-scripts', ...Object.values(tarballs)],
    project,
  );
});

afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('published packages', () => {
  it('every public package packs, installs with npm and imports from plain Node ESM', () => {
    const project = join(work, 'project');
    const script = libraries
      .map(
        (p, i) =>
          `import * as m${i} from '${p.json.name}';\nif (Object.keys(m${i}).length === 0) throw new Error('${p.json.name} exports nothing');`,
      )
      .join('\n');
    writeFileSync(
      join(project, 'check.mjs'),
      `${script}\nconsole.log('imported ${libraries.length}');\n`,
    );
    expect(run('node', ['check.mjs'], project).trim()).toBe(`imported ${libraries.length}`);
  });

  it('@muster/core works from the installed tarball', () => {
    const project = join(work, 'project');
    writeFileSync(
      join(project, 'core.mjs'),
      "import { InvalidArgumentError } from '@muster/core';\nconsole.log(new InvalidArgumentError('k', 'm').name);\n",
    );
    expect(run('node', ['core.mjs'], project).trim()).toBe('InvalidArgumentError');
  });

  it('the installed packages fit models from plain Node ESM', () => {
    const project = join(work, 'project');
    writeFileSync(
      join(project, 'fit.mjs'),
      `import { designMatrix } from '@muster/formula';
import { fitGlm } from '@muster/glm';
import { kaplanMeier } from '@muster/survival';
import { delayPmf } from '@muster/lag';
import { lung, lyallSynthetic } from '@muster/datasets';
import { kaplanMeierPlot } from '@muster/charts';
import { parseNotebook } from '@muster/report';
const design = designMatrix('mass_desertion ~ inequality + regime', lyallSynthetic.columns);
const fit = await fitGlm('mass_desertion ~ inequality + regime', lyallSynthetic.columns, { family: 'binomial', profile: false });
const km = kaplanMeier(lung.columns.time, lung.columns.status);
const pmf = delayPmf({ distribution: 'gamma', mean: 5, sd: 2.5, maxDelay: 14 });
const spec = kaplanMeierPlot(km);
const notebook = parseNotebook('---\\ntitle: T\\n---\\n\\nText\\n');
console.log(JSON.stringify({
  columns: design.columns.length,
  inequality: fit.coefficients[1].estimate.toFixed(4),
  median: km.strata[0].median,
  pmf: pmf.pmf.length,
  mark: typeof spec,
  title: notebook.frontMatter.title,
}));
`,
    );
    const out = JSON.parse(run('node', ['fit.mjs'], project));
    expect(out).toMatchObject({ columns: 4, pmf: 15, mark: 'object', title: 'T' });
    expect(Number(out.inequality)).toBeGreaterThan(0);
    expect(out.median).toBeGreaterThan(0);
  });

  it('the installed muster command fits a model (no TypeScript loader)', () => {
    const project = join(work, 'project');
    const lyall = join(project, 'node_modules/@muster/datasets/data/lyall_synthetic.csv');
    const formula = 'mass_desertion ~ inequality + log(troops) + regime + initiator';
    const args = ['glm', lyall, '--formula', formula, '--family', 'binomial'];
    const out = JSON.parse(
      run(
        join(project, 'node_modules/.bin/muster'),
        [...args, '--vcov', 'cluster', '--cluster', 'war', '--json'],
        project,
      ),
    );
    expect(out.coefficients[1].term).toBe('inequality');
    expect(out.nClusters).toBe(160);
  });

  for (const p of publicPackages) {
    it(`${p.json.name} passes publint and arethetypeswrong`, () => {
      const tarball = tarballs[p.json.name]!;
      run(join(root, 'node_modules/.bin/publint'), ['run', tarball, '--strict'], work);
      run(
        join(root, 'node_modules/.bin/attw'),
        [tarball, '--profile', 'esm-only', '--format', 'table-flipped'],
        work,
      );
    });
  }
});
