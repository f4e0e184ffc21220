import { build } from 'esbuild';

let cached: Promise<string> | null = null;

/**
 * The web app's browser code, bundled once per server with esbuild: the page logic and vega-embed
 * (with vega and vega-lite), so the page loads nothing from a CDN.
 */
export function clientBundle(): Promise<string> {
  cached ??= build({
    entryPoints: [new URL('./client/app.ts', import.meta.url).pathname],
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'es2022',
    minify: true,
    write: false,
    legalComments: 'none',
    logLevel: 'silent',
  }).then((result) => result.outputFiles[0]!.text);
  return cached;
}
