// After `tsc` has written dist/, inline the @stdlib functions that core uses into dist/, so that
// loading @muster/core reads a few files instead of about 500 CommonJS modules in their own
// package folders (the cost of `import '@muster/core'` drops from about 0.3 s to a few ms).
// Every dist module stays its own module (each is an entry point); @stdlib code shared between
// them goes into dist/internal/stdlib-*.js chunks. stdlib's Apache-2.0 notices are kept.
import { readdirSync, rmSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const dist = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist');
const modules = (dir) =>
  readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? modules(join(dir, entry.name))
      : entry.name.endsWith('.js')
        ? [join(dir, entry.name)]
        : [],
  );
const isChunk = (path) => relative(dist, path).startsWith('internal/stdlib-');
// Chunks of an earlier build go; tsc has just rewritten every other module.
for (const path of modules(dist).filter(isChunk)) rmSync(path);
const entryPoints = modules(dist);

/** Keep core's own modules as they are; inline @stdlib and what it requires. */
const inlineStdlibOnly = {
  name: 'inline-stdlib-only',
  setup(build) {
    build.onResolve({ filter: /.*/ }, (args) => {
      if (args.kind === 'entry-point') return undefined;
      if (args.path.startsWith('@stdlib/') || args.importer.includes('/node_modules/')) {
        // stdlib's gammaincinv logs through `debug`, whose Node half reaches for tty and fs:
        // a logger that never logs keeps the bundle free of both (and of Node).
        if (args.path === 'debug') return { path: 'debug', namespace: 'silent-debug' };
        return undefined;
      }
      return { path: args.path, external: true };
    });
    build.onLoad({ filter: /.*/, namespace: 'silent-debug' }, () => ({
      contents:
        'module.exports = () => { const log = () => {}; log.enabled = false; return log; };',
      loader: 'js',
    }));
  },
};

await build({
  entryPoints,
  outdir: dist,
  outbase: dist,
  allowOverwrite: true,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'neutral',
  mainFields: ['module', 'main'],
  target: 'es2022',
  chunkNames: 'internal/stdlib-[hash]',
  sourcemap: true,
  legalComments: 'eof',
  logLevel: 'warning',
  plugins: [inlineStdlibOnly],
});
