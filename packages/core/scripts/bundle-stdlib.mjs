// After `tsc` has written dist/, inline the @stdlib functions that core uses into dist/, so that
// loading @muster/core reads a few files instead of about 500 CommonJS modules in their own
// package folders (the cost of `import '@muster/core'` drops from about 0.3 s to a few ms).
// Every dist module that imports @stdlib is rewritten as its own module (an entry point), one per
// distribution function, so a bundler that imports `pnorm` from @muster/core takes only pnorm's
// @stdlib code; code shared between them goes into dist/internal/stdlib-*.js chunks, split by
// which modules use it. Modules without @stdlib are left as tsc wrote them (no chunk imports).
// stdlib's Apache-2.0 notices are kept.
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
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
const entryPoints = modules(dist).filter((path) => readFileSync(path, 'utf8').includes('@stdlib/'));
const require = createRequire(import.meta.url);

/**
 * A distribution package's lib/index.js attaches `.factory` to the function (pulling stdlib's
 * property and string-format helpers); core calls the function only, so its own imports take
 * lib/main.js, the function itself.
 */
function functionModule(specifier) {
  const index = require.resolve(specifier);
  const main = join(dirname(index), 'main.js');
  return existsSync(main) ? main : index;
}

/** Keep core's own modules as they are; inline @stdlib and what it requires. */
const inlineStdlibOnly = {
  name: 'inline-stdlib-only',
  setup(build) {
    build.onResolve({ filter: /.*/ }, (args) => {
      if (args.kind === 'entry-point') return undefined;
      if (args.path.startsWith('@stdlib/') && !args.importer.includes('/node_modules/')) {
        return { path: functionModule(args.path) };
      }
      if (args.importer.includes('/node_modules/')) {
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
