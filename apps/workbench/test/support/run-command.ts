import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { vi } from 'vitest';
import type { Command } from '../../src/command.ts';

/** The repository root (the CLI is spawned from there, as `pnpm muster` runs it). */
export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..');

/** The reference fixtures folder of a package: `packages/<name>/test/fixtures`. */
export function packageFixtures(name: 'survival' | 'glm' | 'lag' | 'mixed'): string {
  return join(repoRoot, 'packages', name, 'test', 'fixtures');
}

/** Run a command in-process and capture what it writes to stdout. */
export async function runCommand(
  command: Command,
  args: string[],
): Promise<{ code: number; out: string }> {
  let out = '';
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    out += String(chunk);
    return true;
  });
  try {
    return { code: await command.run(args), out };
  } finally {
    spy.mockRestore();
  }
}

/** Write `text` to a file `name` in a fresh temporary folder and return its path. */
export function tempCsv(text: string, name = 'd.csv'): string {
  const file = join(mkdtempSync(join(tmpdir(), 'muster-cli-test-')), name);
  writeFileSync(file, text);
  return file;
}

/** Run the command line as a user would, from the repository root. */
export function spawnMuster(args: string[], env?: Record<string, string>) {
  const result = spawnSync(
    process.execPath,
    ['--conditions=@muster/source', '--import', 'tsx', 'apps/workbench/src/cli.ts', ...args],
    { cwd: repoRoot, encoding: 'utf8', ...(env ? { env: { ...process.env, ...env } } : {}) },
  );
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}
