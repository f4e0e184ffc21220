import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseNotebook, renderNotebook } from '@muster/report';
import { afterAll, describe, expect, it } from 'vitest';
import { scratchFolder } from './support/dev-server.ts';
import { repoRoot } from './support/run-command.ts';
import { loadCommand, runInProcess } from './support/run-in-process.ts';

// Inside the workbench, so that the template notebook's @muster/* imports resolve to the sources.
const scratch = scratchFolder({});
afterAll(() => scratch.remove());

const manifestOf = (dir: string) => JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));

describe('muster init DIR', () => {
  it('writes package.json, README, .gitignore, notebooks/analysis.md and data/', async () => {
    const dir = join(scratch.dir, 'My Study');
    const outcome = await runInProcess(await loadCommand('init'), [dir]);
    expect(outcome.stderr).toBe('');
    expect(outcome.status).toBe(0);
    expect(outcome.stdout).toMatch(/^muster init: wrote .*My Study\/ \(package\.json, /);
    for (const file of ['README.md', '.gitignore', 'notebooks/analysis.md', 'data/README.md']) {
      expect(existsSync(join(dir, file)), file).toBe(true);
    }
    const manifest = manifestOf(dir);
    expect(manifest.name).toBe('my-study');
    expect(manifest.type).toBe('module');
    // Version ranges of the packages in this workspace, never workspace: or file: links.
    const cliVersion = manifestOf(join(repoRoot, 'packages/cli')).version;
    const glmVersion = manifestOf(join(repoRoot, 'packages/glm')).version;
    expect(manifest.dependencies['@muster/cli']).toBe(`^${cliVersion}`);
    expect(manifest.dependencies['@muster/glm']).toBe(`^${glmVersion}`);
    expect(manifest.dependencies['@muster/datasets']).toMatch(/^\^\d+\.\d+\.\d+/);
    expect(manifest.dependencies.arquero).toMatch(/^\^\d/);
    expect(JSON.stringify(manifest.dependencies)).not.toMatch(/workspace:|file:|link:/);
    const readme = readFileSync(join(dir, 'README.md'), 'utf8');
    expect(readme).toContain('npm install\nnpx muster render notebooks/analysis.md');
    expect(readme).toContain('npx muster dev notebooks');
    expect(readFileSync(join(dir, '.gitignore'), 'utf8')).toContain('node_modules/');
  });

  it('the template notebook runs: a clustered logit on @muster/datasets and its chart', async () => {
    const dir = join(scratch.dir, 'rendered');
    await runInProcess(await loadCommand('init'), [dir]);
    const path = join(dir, 'notebooks/analysis.md');
    expect(parseNotebook(readFileSync(path, 'utf8')).frontMatter.title).toBe('A first analysis');
    const { run, failed, files } = await renderNotebook(path, {
      outDir: join(dir, '_out'),
      cache: false,
      isolate: false,
    });
    const errors = run.cells.flatMap((cell) => cell.outputs.filter((o) => o.kind === 'error'));
    expect(errors).toEqual([]);
    expect(failed).toBe(false);
    const html = readFileSync(files[0]!.path, 'utf8');
    const text = html.replace(/<[^>]+>/g, '').replace(/\s+/g, ' ');
    expect(text).toContain('The data hold 377 belligerents');
    expect(text).toMatch(
      /multiplies the odds of mass desertion by \d+\.\d\d \(95% cluster-robust interval \d+\.\d\d to \d+\.\d\d\)/,
    );
    expect(html).toContain('<svg');
  });

  it('refuses a folder with anything in it: exit 2, one line naming DIR', async () => {
    const dir = join(scratch.dir, 'busy');
    mkdirSync(dir);
    writeFileSync(join(dir, 'notes.txt'), 'mine');
    const outcome = await runInProcess(await loadCommand('init'), [dir]);
    expect(outcome.status).toBe(2);
    expect(outcome.stdout).toBe('');
    expect(outcome.stderr.trim().split('\n')).toHaveLength(1);
    expect(outcome.stderr).toMatch(
      /^muster: muster init requires DIR to be a new or empty folder; '.*busy' holds 1 entries \(notes\.txt\)\n$/,
    );
    expect(readFileSync(join(dir, 'notes.txt'), 'utf8')).toBe('mine');
    rmSync(dir, { recursive: true });
  });

  it('refuses a file as DIR and no folder or two folders', async () => {
    const file = join(scratch.dir, 'a-file');
    writeFileSync(file, '');
    const init = await loadCommand('init');
    for (const args of [[file], [], ['a', 'b']]) {
      const outcome = await runInProcess(init, args);
      expect(outcome.status, args.join(' ')).toBe(2);
      expect(outcome.stderr.trim().split('\n')).toHaveLength(1);
    }
  });
});
