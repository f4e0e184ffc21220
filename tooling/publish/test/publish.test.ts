/**
 * Publishing works for real, outside the repository: every public package is packed with
 * `pnpm pack` (which rewrites `workspace:` ranges); `muster init` writes a study project in a
 * temporary folder; the tarballs are installed there with npm; each package is imported from plain
 * Node ESM (no TypeScript, no custom conditions), the study's notebook renders to HTML and PDF with
 * the installed command, and `muster dev` serves and runs it. Every TypeScript block of every
 * package README runs there, its `// =>` outputs checked. (publint and arethetypeswrong check the
 * tarballs of the versioned packages in the release check, tooling/release.) npm needs the
 * registry for the packages' own dependencies: without it the tests are skipped, saying so.
 */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { exampleModulePrelude, exampleProgram } from '@muster/test-support';
import { transformSync } from 'esbuild';
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
/** The study project made by `muster init`, where the tarballs are installed. */
const project = join(work, 'study');
const tarballs: Record<string, string> = {};
const run = (command: string, args: string[], cwd: string) =>
  execFileSync(command, args, {
    cwd,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, npm_config_loglevel: 'error', NODE_OPTIONS: '' },
  });

function registryReachable(): boolean {
  try {
    execFileSync('npm', ['ping'], { stdio: 'ignore', timeout: 20_000 });
    return true;
  } catch {
    return false;
  }
}
const online = registryReachable();
if (!online) {
  console.warn('publish tests skipped: npm cannot reach its registry (`npm ping` failed)');
}

beforeAll(() => {
  if (!online) return;
  for (const p of publicPackages) {
    const out = run('pnpm', ['pack', '--pack-destination', work, '--json'], p.dir);
    const parsed = JSON.parse(out);
    tarballs[p.json.name] = (Array.isArray(parsed) ? parsed[0] : parsed).filename;
  }
  // The command as packed (dist/ is what the tarball holds) writes the study.
  run(process.execPath, [join(root, 'packages/cli/dist/cli.js'), 'init', project], work);
  run(
    'npm',
    ['install', '--no-audit', '--no-fund', '--ignore-scripts', ...Object.values(tarballs)],
    project,
  );
  // The checker of `// =>` outputs, as one plain module beside the README examples.
  const checker = join(root, 'tooling/test-support/src/example-output.ts');
  const { code } = transformSync(readFileSync(checker, 'utf8'), { loader: 'ts', format: 'esm' });
  writeFileSync(join(project, 'example-output.mjs'), code);
});

afterAll(() => rmSync(work, { recursive: true, force: true }));

/** A TypeScript block of a README, with the line its fence opens on. */
interface ReadmeExample {
  code: string;
  line: number;
}

/**
 * The TypeScript examples of a README, each to run as one module in the study project (where
 * `notebooks/analysis.md` exists). A block without imports continues the block before it. Every
 * block runs: none may be marked as not run. A browser recipe (after `<!-- example: browser (...)
 * -->`) runs in Chromium instead, in the test its marker names, and is left out here.
 */
function readmeExamples(path: string): ReadmeExample[] {
  const text = readFileSync(path, 'utf8');
  const examples: ReadmeExample[] = [];
  const block = /(<!-- example: browser \(.*\) -->\n)?```(?:ts|js)\n([\s\S]*?)```/g;
  for (const match of text.matchAll(block)) {
    if (match[1] !== undefined) continue;
    const code = match[2]!;
    const line = text.slice(0, match.index).split('\n').length;
    const previous = examples.at(-1);
    if (previous && !/^import\b/m.test(code)) previous.code += `\n${code}`;
    else examples.push({ code, line });
  }
  return examples;
}

/**
 * An example as a plain ES module: its imports resolve from the study's node_modules, and each
 * statement followed by `// => value` must return that value (to the digits shown), as the
 * `@example` blocks of the sources are checked. All differences are printed before it fails.
 */
function exampleModule(example: ReadmeExample, readme: string): string {
  const program = exampleProgram(example.code);
  const where = `${readme} (block at line ${example.line})`;
  return `${exampleModulePrelude(program, './example-output.mjs')}await (async () => {
${program.body}
})();
if (__failures.length > 0) {
  console.error(${JSON.stringify(where)} + ' prints otherwise:\\n' + __failures.join('\\n'));
  process.exit(1);
}
`;
}

describe.skipIf(!online)('published packages', () => {
  it('every public package packs, installs with npm and imports from plain Node ESM', () => {
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
    writeFileSync(
      join(project, 'core.mjs'),
      "import { InvalidArgumentError } from '@muster/core';\nconsole.log(new InvalidArgumentError('k', 'm').name);\n",
    );
    expect(run('node', ['core.mjs'], project).trim()).toBe('InvalidArgumentError');
  });

  it('the installed packages fit models from plain Node ESM', () => {
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

  it('muster init wrote a study whose package.json names the published packages', () => {
    const manifest = JSON.parse(readFileSync(join(project, 'package.json'), 'utf8'));
    // npm install <tarball> records the tarballs; the ranges it replaced were the init's.
    expect(Object.keys(manifest.dependencies)).toEqual(
      expect.arrayContaining(['@muster/cli', '@muster/glm', '@muster/datasets', 'arquero']),
    );
    for (const file of ['README.md', '.gitignore', 'notebooks/analysis.md', 'data/README.md']) {
      expect(existsSync(join(project, file)), file).toBe(true);
    }
  });

  it('npx muster render writes the study notebook as HTML and PDF', () => {
    const args = ['--no-install', 'muster', 'render', 'notebooks/analysis.md'];
    run('npx', [...args, '--to', 'html,pdf', '--out', '_out'], project);
    const html = readFileSync(join(project, '_out/analysis.html'), 'utf8');
    const text = html.replace(/<[^>]+>/g, '').replace(/\s+/g, ' ');
    expect(text).toContain('The data hold 377 belligerents');
    expect(text).toMatch(
      /multiplies the odds of mass desertion by \d+\.\d\d \(95% cluster-robust interval \d+\.\d\d to \d+\.\d\d\)/,
    );
    expect(html).toContain('<svg');
    expect(readFileSync(join(project, '_out/analysis.pdf')).subarray(0, 5).toString()).toBe(
      '%PDF-',
    );
  });

  it('npx muster dev serves the study: the page with the token, and a run in its worker', async () => {
    const child = spawn(
      join(project, 'node_modules/.bin/muster'),
      ['dev', 'notebooks', '--port', '0'],
      {
        cwd: project,
        stdio: ['ignore', 'pipe', 'pipe'],
        env: { ...process.env, NODE_OPTIONS: '' },
      },
    );
    let stderr = '';
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    try {
      const url = await new Promise<string>((found, fail) => {
        let stdout = '';
        child.stdout.on('data', (chunk) => {
          stdout += chunk;
          const match = /at (http:\/\/\S+)/.exec(stdout);
          if (match) found(match[1]!);
        });
        child.once('exit', (code) => fail(new Error(`muster dev exited with ${code}: ${stderr}`)));
      });
      const start = await fetch(url, { redirect: 'manual' });
      expect(start.status).toBe(303);
      const cookie = start.headers.get('set-cookie')!.split(';')[0]!;
      const get = (path: string) => fetch(new URL(path, url), { headers: { cookie } });
      const index = await get('/');
      expect(index.status).toBe(200);
      expect(await index.text()).toContain('A first analysis');
      const page = await get('/notebook/analysis.md');
      expect(page.status).toBe(200);
      const app = await get('/assets/app.js');
      expect([app.status, app.headers.get('content-type')]).toEqual([
        200,
        'text/javascript; charset=utf-8',
      ]);
      const posted = await fetch(new URL('/api/run', url), {
        method: 'POST',
        headers: { cookie, 'content-type': 'application/json' },
        body: JSON.stringify({ path: 'analysis.md' }),
      });
      expect(posted.status).toBe(202);
      let state = { status: '', html: '' as string | null };
      for (let i = 0; i < 300 && !['ok', 'failed', 'error'].includes(state.status); i++) {
        await new Promise((wait) => setTimeout(wait, 200));
        state = await (await get('/api/notebook?path=analysis.md')).json();
      }
      expect(state.status, stderr).toBe('ok');
      expect(state.html).toContain('377');
    } finally {
      child.kill('SIGTERM');
    }
  });

  it('every README block is run: none is marked as not run, browser recipes name their test', () => {
    const marked = publicPackages.filter((p) =>
      readFileSync(join(p.dir, 'README.md'), 'utf8').includes('<!-- example: not run'),
    );
    expect(marked.map((p) => p.json.name)).toEqual([]);
    for (const p of publicPackages) {
      const text = readFileSync(join(p.dir, 'README.md'), 'utf8');
      for (const [, reason] of text.matchAll(/<!-- example: browser \((.*)\) -->/g)) {
        const test = /\b(tooling\/\S+\.test\.ts)\b/.exec(reason!)?.[1];
        expect(test && existsSync(join(root, test)), `${p.json.name}: ${reason}`).toBe(true);
      }
    }
  });

  for (const p of publicPackages) {
    const readme = `packages/${p.dir.split('/').at(-1)}/README.md`;
    const examples = readmeExamples(join(p.dir, 'README.md'));
    for (const [index, example] of examples.entries()) {
      const name = `${p.json.name} README example ${index + 1} of ${examples.length}`;
      it(`${name} runs from the installed tarballs and prints what it shows`, () => {
        const file = join(project, `readme-${p.json.name.slice('@muster/'.length)}-${index}.mjs`);
        writeFileSync(file, exampleModule(example, readme));
        try {
          run(process.execPath, [file], project);
        } catch (error) {
          throw new Error((error as { stderr?: string }).stderr || String(error));
        }
      });
    }
  }
});
