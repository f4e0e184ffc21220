#!/usr/bin/env node
// Runs the command line on the TypeScript sources through tsx, resolving @muster/* to their sources.
// On Linux, glibc is asked to back large allocations with transparent huge pages: a design matrix
// or a 1e6-row fit writes hundreds of MB of fresh memory, and 4 KB page faults were half its time.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const tsx = createRequire(import.meta.url).resolve('tsx');
const tunables = process.env.GLIBC_TUNABLES;
const hugePages = 'glibc.malloc.hugetlb=1';
const env = {
  ...process.env,
  GLIBC_TUNABLES: !tunables
    ? hugePages
    : tunables.includes('glibc.malloc.hugetlb')
      ? tunables
      : `${tunables}:${hugePages}`,
};
const result = spawnSync(
  process.execPath,
  [
    '--conditions=@muster/source',
    '--import',
    tsx,
    join(here, '..', 'src', 'cli.ts'),
    ...process.argv.slice(2),
  ],
  { stdio: 'inherit', env },
);
process.exit(result.status ?? 1);
