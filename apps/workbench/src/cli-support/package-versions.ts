import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

interface Manifest {
  name: string;
  version: string;
  dependencies?: Record<string, string>;
}

/** The published packages a study depends on, as npm version ranges. */
export interface StudyDependencies {
  /** `@muster/cli` and every `@muster/*` package it depends on, each `^version`. */
  muster: Record<string, string>;
  /** arquero's range, as `@muster/report` asks for it (notebooks use it for tables). */
  arquero: string;
}

const readManifest = (path: string) => JSON.parse(readFileSync(path, 'utf8')) as Manifest;

/** The nearest package.json above this module: `@muster/cli` when built, the workbench on the sources. */
function ownManifestPath(): string {
  for (let dir = dirname(fileURLToPath(import.meta.url)); ; dir = dirname(dir)) {
    const path = join(dir, 'package.json');
    if (existsSync(path)) return path;
    if (dirname(dir) === dir)
      throw new Error('muster: cannot find the package.json of the command');
  }
}

/**
 * The version ranges a new study depends on: the running `@muster/cli` and the versions of the
 * `@muster/*` packages installed with it. Run from the repository's sources (apps/workbench),
 * the command reads packages/cli/package.json and the workspace packages' versions instead.
 *
 * @example
 * studyDependencies().muster['@muster/glm']; // => '^0.3.0'
 */
export function studyDependencies(): StudyDependencies {
  let cliPath = ownManifestPath();
  if (readManifest(cliPath).name !== '@muster/cli') {
    cliPath = join(dirname(cliPath), '..', '..', 'packages', 'cli', 'package.json');
  }
  const cli = readManifest(cliPath);
  const require = createRequire(cliPath);
  const versionOf = (name: string) => readManifest(require.resolve(`${name}/package.json`));
  const muster: Record<string, string> = { '@muster/cli': `^${cli.version}` };
  for (const name of Object.keys(cli.dependencies ?? {}).sort()) {
    if (name.startsWith('@muster/')) muster[name] = `^${versionOf(name).version}`;
  }
  const arquero = versionOf('@muster/report').dependencies?.arquero ?? '*';
  return { muster, arquero };
}
