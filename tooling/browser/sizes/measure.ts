/**
 * Bundle sizes of the public packages as a browser application pays them: each entry is bundled
 * with esbuild from the published builds (dist/), for the browser, minified and tree-shaken, with
 * every dependency it reaches; gzip at level 9 gives the transfer size. An entry is a whole
 * package (`import * as m from '@muster/glm'`) or one typical import (`{ pnorm }`).
 */
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

export interface SizeEntry {
  /** The name in the table and in bundle-budgets.json. */
  name: string;
  /** The import statement the bundle starts from. */
  code: string;
}

/** Packages whose code runs in a browser, and what their users import most. */
export const ENTRIES: SizeEntry[] = [
  ...[
    'core',
    'formula',
    'glm',
    'survival',
    'lag',
    'matching',
    'mixed',
    'tables',
    'charts',
    'datasets',
  ].map((dir) => ({
    name: `@muster/${dir}`,
    code: `import * as all from '@muster/${dir}';\nglobalThis.entry = all;`,
  })),
  ...[
    ['@muster/core', 'pnorm'],
    ['@muster/core', 'qrDecompose'],
    ['@muster/formula', 'designMatrix'],
    ['@muster/glm', 'fitGlm'],
    ['@muster/survival', 'kaplanMeier'],
    ['@muster/survival', 'fitCox'],
    ['@muster/charts', 'kaplanMeierPlot'],
    ['@muster/tables', 'regressionTable'],
  ].map(([pkg, name]) => ({
    name: `{ ${name} } from ${pkg}`,
    code: `import { ${name} } from '${pkg}';\nglobalThis.entry = ${name};`,
  })),
];

/** Packages that run only under Node (file system, native modules, child processes). */
export const NODE_ONLY = ['@muster/report', '@muster/duckdb', '@muster/cli'];

export interface SizeResult {
  name: string;
  /** Minified bytes (licence comments of bundled code included, as esbuild keeps them). */
  minified: number;
  /** gzip -9 of the minified bundle. */
  gzip: number;
  /** The three packages contributing most minified bytes, largest first. */
  largest: { package: string; bytes: number }[];
}

/** The package a bundled input file belongs to (its node_modules folder, or packages/<dir>). */
function packageOf(path: string): string {
  const nodeModules = path.lastIndexOf('node_modules/');
  if (nodeModules >= 0) {
    const parts = path.slice(nodeModules + 'node_modules/'.length).split('/');
    return parts[0]!.startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0]!;
  }
  const workspace = path.match(/packages\/([^/]+)\//);
  return workspace ? `@muster/${workspace[1]}` : path;
}

export async function measure(entry: SizeEntry, resolveDir: string): Promise<SizeResult> {
  const result = await build({
    stdin: { contents: entry.code, resolveDir, loader: 'js', sourcefile: 'entry.js' },
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    write: false,
    metafile: true,
    logLevel: 'silent',
  });
  const code = result.outputFiles[0]!.contents;
  const byPackage = new Map<string, number>();
  const output = Object.values(result.metafile.outputs)[0]!;
  for (const [path, input] of Object.entries(output.inputs)) {
    if (path.endsWith('entry.js') || input.bytesInOutput === 0) continue;
    const name = packageOf(path);
    byPackage.set(name, (byPackage.get(name) ?? 0) + input.bytesInOutput);
  }
  const largest = [...byPackage]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 3)
    .map(([name, bytes]) => ({ package: name, bytes }));
  return {
    name: entry.name,
    minified: code.length,
    gzip: gzipSync(code, { level: 9 }).length,
    largest,
  };
}

/** Every entry, measured one after another (esbuild uses the cores itself). */
export async function measureAll(resolveDir: string): Promise<SizeResult[]> {
  const results: SizeResult[] = [];
  for (const entry of ENTRIES) results.push(await measure(entry, resolveDir));
  return results;
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

/** The Markdown page of docs/bundle-sizes.md. */
export function sizeTable(results: SizeResult[], budgets: Record<string, number>): string {
  const rows = results.map((r) => {
    const largest = r.largest.map((l) => `${l.package} ${kb(l.bytes)}`).join(', ');
    const budget = budgets[r.name];
    return `| \`${r.name}\` | ${kb(r.minified)} | ${kb(r.gzip)} | ${budget === undefined ? '-' : kb(budget)} | ${largest} |`;
  });
  return [
    '# Bundle sizes',
    '',
    'What a browser application pays for each public package, bundled with esbuild from the',
    'published builds (`dist/`): for the browser, minified and tree-shaken, with every dependency',
    'it reaches; gzip at level 9. "Whole package" rows import everything the package exports; the',
    'others one function, as an application usually does. The largest contributors are minified',
    "bytes by package (@stdlib's Apache-2.0 notices are part of core's share). `@muster/glm` loads",
    'the HiGHS solver (170 KB of JavaScript and 3.5 MB of WebAssembly, `highs`) only when a',
    'separation check runs, outside these bundles (its README: "In the browser").',
    '',
    `Node-only packages, not measured: ${NODE_ONLY.map((name) => `\`${name}\``).join(', ')}.`,
    '',
    'Budgets (gzip) are in `tooling/browser/bundle-budgets.json`; `tooling/browser/test/bundle-sizes.test.ts`',
    'fails when an entry exceeds its budget. Regenerate this page after `pnpm build` with',
    '`pnpm bundle-sizes`.',
    '',
    '| entry | minified | gzip | budget (gzip) | largest contributors (minified) |',
    '|---|---:|---:|---:|---|',
    ...rows,
    '',
  ].join('\n');
}
