// After `tsc` has written dist/, inline the @stdlib functions that core uses into dist/, so that
// loading @muster/core reads a few files instead of about 500 CommonJS modules in their own
// package folders (the cost of `import '@muster/core'` drops from about 0.3 s to a few ms).
// Every dist module that imports @stdlib is rewritten as its own module (an entry point), one per
// distribution function, so a bundler that imports `pnorm` from @muster/core takes only pnorm's
// @stdlib code; code shared between them goes into dist/internal/stdlib-*.js chunks, split by
// which modules use it. Modules without @stdlib are left as tsc wrote them (no chunk imports).
// stdlib's Apache-2.0 licence and every notice of the bundled files go to one file,
// dist/internal/stdlib-NOTICE.txt, which each bundled module names in a one-line licence comment:
// an application's bundle keeps that line (bundlers keep /*! comments), not a copy of the notices
// per file (which made up a third of `import { pnorm }` bundled and minified).
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const packageRoot = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(packageRoot, 'dist');
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

const NOTICE_FILE = 'internal/stdlib-NOTICE.txt';
const BANNER =
  '/*! @muster/core includes code of stdlib (https://github.com/stdlib-js/stdlib), Copyright (c) 2016-2026 The Stdlib Authors, Apache License 2.0; its licences and notices: @muster/core/dist/internal/stdlib-NOTICE.txt */';

const result = await build({
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
  legalComments: 'none',
  banner: { js: BANNER },
  metafile: true,
  absWorkingDir: packageRoot,
  logLevel: 'warning',
  plugins: [inlineStdlibOnly],
});

/** The stdlib package folder (and name@version) of a bundled input, or null for core's own. */
function stdlibPackage(input) {
  const match = input.match(/^(.*node_modules\/(@stdlib\/[^/]+))\//);
  if (match === null) return null;
  const folder = join(packageRoot, match[1]);
  const { version } = JSON.parse(readFileSync(join(folder, 'package.json'), 'utf8'));
  return { folder, id: `${match[2]}@${version}` };
}

/** The bundled packages, their NOTICE lines, each distinct file licence header, each LICENSE. */
function noticeText(inputs) {
  const packages = new Map();
  const headers = new Set();
  for (const input of inputs) {
    const pkg = stdlibPackage(input);
    if (pkg === null) continue;
    packages.set(pkg.id, pkg.folder);
    const header = readFileSync(join(packageRoot, input), 'utf8').match(/^\/\*\*?[\s\S]*?\*\//);
    if (header !== null && /@license/.test(header[0])) headers.add(header[0]);
  }
  const notices = new Set();
  const licences = new Set();
  for (const folder of packages.values()) {
    for (const [name, into] of [
      ['NOTICE', notices],
      ['LICENSE', licences],
    ]) {
      const path = join(folder, name);
      if (existsSync(path)) into.add(readFileSync(path, 'utf8').trim());
    }
  }
  const rule = '\n\n' + '-'.repeat(80) + '\n\n';
  return (
    [
      `@muster/core's dist/ includes code of these stdlib packages (https://github.com/stdlib-js/stdlib):\n\n${[...packages.keys()].sort().join('\n')}`,
      `Their NOTICE:\n\n${[...notices].join('\n')}`,
      `The licence headers of the bundled files, each once:\n\n${[...headers].join('\n\n')}`,
      `Their LICENSE files, each distinct text once:\n\n${[...licences].join(rule)}`,
    ].join(rule) + '\n'
  );
}

writeFileSync(join(dist, NOTICE_FILE), noticeText(Object.keys(result.metafile.inputs)));

// Node loads a package module by module and prunes nothing, so under Node (the `node` export
// condition) `@muster/core` is one file, dist/node/index.js: importing it reads 2 files instead of
// about 100 (half the CPU time of `import '@muster/core'`). Bundlers for the browser keep the
// modules above and take only what is imported. errors.js stays a module of its own, shared with
// the `@muster/core/errors` entry, so `instanceof MusterError` holds whichever entry threw.
const sharedErrors = {
  name: 'shared-errors',
  setup(build) {
    build.onResolve({ filter: /\/errors\.js$/ }, (args) =>
      args.kind === 'entry-point' ? undefined : { path: '../errors.js', external: true },
    );
  },
};
await build({
  entryPoints: [join(dist, 'index.js')],
  outfile: join(dist, 'node', 'index.js'),
  sourcesContent: false,
  bundle: true,
  format: 'esm',
  platform: 'neutral',
  target: 'es2022',
  sourcemap: true,
  legalComments: 'none',
  banner: { js: BANNER },
  absWorkingDir: packageRoot,
  logLevel: 'warning',
  plugins: [sharedErrors],
});
