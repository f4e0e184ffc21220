import { readFile } from 'node:fs/promises';

let cached: Promise<string> | null = null;

/**
 * The web app's browser code: the page logic and vega-embed (with vega and vega-lite), so the page
 * loads nothing from a CDN. The published command ships it prebuilt as `client.js` beside its
 * modules; from the sources it is bundled once per server with esbuild.
 */
export function clientBundle(): Promise<string> {
  cached ??= readFile(new URL('./client.js', import.meta.url), 'utf8').catch(bundleFromSources);
  return cached;
}

async function bundleFromSources(): Promise<string> {
  const { build } = await import('esbuild');
  const result = await build({
    entryPoints: [new URL('./client/app.ts', import.meta.url).pathname],
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'es2022',
    minify: true,
    write: false,
    legalComments: 'none',
    logLevel: 'silent',
  });
  return result.outputFiles[0]!.text;
}
