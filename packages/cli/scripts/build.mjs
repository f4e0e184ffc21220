// Builds the published `muster` command from the command line's sources in apps/workbench/src:
// plain ES modules for Node (no TypeScript at run time), one chunk per command so that a command
// loads only its own code and packages. The @muster packages and every other dependency stay
// imports of the installed packages. The web app's browser code (with vega-embed) is bundled once
// here, so `muster dev` needs neither esbuild nor the browser sources when installed.
import { chmodSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const here = dirname(fileURLToPath(import.meta.url));
const cliRoot = join(here, '..');
const sources = join(cliRoot, '../../apps/workbench/src');
const dist = join(cliRoot, 'dist');

rmSync(dist, { recursive: true, force: true });

// The command line and the dev server's worker. Chunks sit beside the entries, so that files the
// sources locate with `new URL('./x', import.meta.url)` are found in dist/.
await build({
  entryPoints: {
    cli: join(sources, 'cli.ts'),
    'run-worker': join(sources, 'dev/run-worker.ts'),
  },
  outdir: dist,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  packages: 'external',
  chunkNames: '[name]-[hash]',
  sourcemap: false,
  legalComments: 'none',
  logLevel: 'warning',
});

// The worker entry the dev server starts: the built worker, without tsx.
writeFileSync(join(dist, 'run-worker-boot.mjs'), "await import('./run-worker.js');\n");

// The web app's browser code, as the dev server would bundle it from the sources.
await build({
  entryPoints: [join(sources, 'dev/client/app.ts')],
  outfile: join(dist, 'client.js'),
  bundle: true,
  format: 'iife',
  platform: 'browser',
  target: 'es2022',
  minify: true,
  legalComments: 'none',
  logLevel: 'warning',
});

const cli = join(dist, 'cli.js');
writeFileSync(cli, `#!/usr/bin/env node\n${readFileSync(cli, 'utf8')}`);
chmodSync(cli, 0o755);
