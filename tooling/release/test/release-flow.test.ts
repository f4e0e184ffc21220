/**
 * The changesets release flow, end to end, on a throw-away copy of the repository (nothing here is
 * committed): `changeset version` consumes the pending changesets and writes each package's
 * version and CHANGELOG.md; the packages are the ones `turbo run build` just built (their dist/
 * holds no version, so versioning does not change it); then each is packed with `pnpm pack` as
 * `changeset publish` packs it, and publint and arethetypeswrong check the tarball the registry
 * would receive. Before the first release, the changelog must read as the description of each
 * package (its `<package>-first-release.md` changeset), not as the history of its development.
 */
import { execFileSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../../..');
const bin = (name: string) => join(root, 'node_modules/.bin', name);
/** The version every public package gets at its first release. */
const FIRST_VERSION = '0.1.0';

interface Manifest {
  name: string;
  version: string;
  private?: boolean;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
}
const readJson = (path: string): Manifest => JSON.parse(readFileSync(path, 'utf8'));

/** Every workspace package folder (the globs of pnpm-workspace.yaml). */
const workspaceDirs = ['packages', 'apps', 'tooling']
  .flatMap((group) => readdirSync(join(root, group)).map((name) => join(group, name)))
  .concat('notebooks')
  .filter((dir) => existsSync(join(root, dir, 'package.json')));
const publicDirs = workspaceDirs.filter(
  (dir) => !readJson(join(root, dir, 'package.json')).private,
);
const publicNames = publicDirs.map((dir) => readJson(join(root, dir, 'package.json')).name);

const copy = mkdtempSync(join(tmpdir(), 'muster-release-'));
const tarballs: Record<string, string> = {};
const pending = readdirSync(join(root, '.changeset')).filter(
  (f) => f.endsWith('.md') && f !== 'README.md',
);
/** Run a command; its output on failure says what went wrong. */
function run(command: string, args: string[], cwd: string): string {
  try {
    return execFileSync(command, args, {
      cwd,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        ...process.env,
        NODE_OPTIONS: '',
        GIT_AUTHOR_NAME: 'release check',
        GIT_AUTHOR_EMAIL: 'release@example.invalid',
        GIT_COMMITTER_NAME: 'release check',
        GIT_COMMITTER_EMAIL: 'release@example.invalid',
      },
    });
  } catch (error) {
    const { stdout, stderr } = error as { stdout?: string; stderr?: string };
    throw new Error(`${basename(command)} ${args.join(' ')} failed in ${cwd}:\n${stderr}${stdout}`);
  }
}

/** The repository as the release sees it: manifests, changesets and the public packages, built. */
function copyRepository(): void {
  for (const file of ['package.json', 'pnpm-workspace.yaml', 'pnpm-lock.yaml', 'README.md']) {
    cpSync(join(root, file), join(copy, file));
  }
  cpSync(join(root, '.changeset'), join(copy, '.changeset'), { recursive: true });
  for (const dir of workspaceDirs) {
    const isPublic = publicDirs.includes(dir);
    cpSync(join(root, dir), join(copy, dir), {
      recursive: true,
      filter: (source) =>
        basename(source) !== 'node_modules' &&
        (isPublic || source === join(root, dir) || source === join(root, dir, 'package.json')),
    });
  }
  // pnpm pack reads the version a `workspace:` range stands for from the installed dependency:
  // link each public package's @muster dependencies to their copies, as pnpm install would.
  for (const dir of publicDirs) {
    const manifest = readJson(join(root, dir, 'package.json'));
    const fields = [manifest.dependencies, manifest.devDependencies, manifest.peerDependencies];
    for (const name of new Set(fields.flatMap((field) => Object.keys(field ?? {})))) {
      const target = workspaceDirs.find(
        (d) => readJson(join(root, d, 'package.json')).name === name,
      );
      if (target === undefined) continue;
      mkdirSync(join(copy, dir, 'node_modules/@muster'), { recursive: true });
      symlinkSync(join(copy, target), join(copy, dir, 'node_modules', name), 'dir');
    }
  }
  // changeset version looks up the commits that added the changesets.
  run('git', ['init', '--quiet'], copy);
  run('git', ['add', '.changeset'], copy);
  run('git', ['commit', '--quiet', '--no-verify', '-m', 'pending changesets'], copy);
}

beforeAll(() => {
  copyRepository();
  run(bin('changeset'), ['version'], copy);
  for (const dir of publicDirs) {
    const out = run('pnpm', ['pack', '--pack-destination', copy, '--json'], join(copy, dir));
    const parsed = JSON.parse(out);
    const name = readJson(join(copy, dir, 'package.json')).name;
    tarballs[name] = (Array.isArray(parsed) ? parsed[0] : parsed).filename;
  }
});

afterAll(() => {
  if (!process.env.KEEP_RELEASE_COPY) rmSync(copy, { recursive: true, force: true });
});

describe('the release flow on a throw-away copy', () => {
  it('the fixed version group names every public package', () => {
    const config = JSON.parse(readFileSync(join(root, '.changeset/config.json'), 'utf8'));
    expect([...config.fixed[0]].sort()).toEqual([...publicNames].sort());
  });

  it('each public package has a first-release changeset, and no changeset asks for a major', () => {
    for (const name of publicNames) {
      const file = `${name.slice('@muster/'.length)}-first-release.md`;
      expect(pending, `.changeset/${file}`).toContain(file);
    }
    const majors = pending.filter((f) =>
      /^["']?@muster\/[\w-]+["']?:\s*major\s*$/m.test(
        readFileSync(join(root, '.changeset', f), 'utf8'),
      ),
    );
    // A major bump of a 0.0.0 package would publish 1.0.0: before the first release, nothing
    // published can break.
    expect(majors, 'changesets asking for a major release before the first one').toEqual([]);
  });

  it(`changeset version gives every public package ${FIRST_VERSION} and consumes the changesets`, () => {
    for (const dir of publicDirs) {
      expect(readJson(join(copy, dir, 'package.json')).version, dir).toBe(FIRST_VERSION);
    }
    const left = readdirSync(join(copy, '.changeset')).filter(
      (f) => f.endsWith('.md') && f !== 'README.md',
    );
    expect(left).toEqual([]);
  });

  it('each CHANGELOG opens with what the package does, for its users', () => {
    for (const dir of publicDirs) {
      const name = readJson(join(copy, dir, 'package.json')).name;
      const changelog = readFileSync(join(copy, dir, 'CHANGELOG.md'), 'utf8');
      const first = readFileSync(
        join(root, '.changeset', `${name.slice('@muster/'.length)}-first-release.md`),
        'utf8',
      )
        .replace(/^---[\s\S]*?---\s*/, '')
        .trim();
      expect(changelog.startsWith(`# ${name}\n\n## ${FIRST_VERSION}\n`), dir).toBe(true);
      // The first paragraph of the package's description, as written (prettier may rewrap lists).
      const opening = first.split('\n\n')[0]!.replace(/\s+/g, ' ');
      expect(changelog.replace(/\s+/g, ' '), dir).toContain(opening);
      expect(changelog, `${dir}: no commit hashes`).not.toMatch(/^- [0-9a-f]{7,}:/m);
    }
  });

  for (const dir of publicDirs) {
    const name = readJson(join(root, dir, 'package.json')).name;
    it(`${name} packs with ${FIRST_VERSION} ranges and its CHANGELOG, and passes publint and attw`, () => {
      const tarball = tarballs[name]!;
      const listing = run('tar', ['-tzf', tarball], copy).split('\n');
      expect(listing).toContain('package/CHANGELOG.md');
      const manifest = JSON.parse(run('tar', ['-xzOf', tarball, 'package/package.json'], copy));
      expect(manifest.version).toBe(FIRST_VERSION);
      for (const [dependency, range] of Object.entries(manifest.dependencies ?? {})) {
        if (dependency.startsWith('@muster/')) expect(range, dependency).toBe(`^${FIRST_VERSION}`);
      }
      run(bin('publint'), ['run', tarball, '--strict'], copy);
      run(bin('attw'), [tarball, '--profile', 'esm-only', '--format', 'table-flipped'], copy);
    });
  }
});
