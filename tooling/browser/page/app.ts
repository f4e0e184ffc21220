/**
 * The browser entry: @muster/glm's esbuild recipe for HiGHS (README, "In the browser"), then the
 * analysis, each chart drawn by vega-embed into its own element. The test reads
 * `window.musterResult` when `window.musterDone` is set; an exception lands in `musterError`.
 */
import { setHighsLoader } from '@muster/glm';
import type { Highs } from 'highs';
import embed from 'vega-embed';
import { analyse } from './compute.ts';

declare global {
  interface Window {
    musterDone?: boolean;
    musterError?: string;
    musterResult?: unknown;
  }
}

type LoadHighs = (options: { locateFile: (file: string) => string }) => Promise<Highs>;

setHighsLoader(async () => {
  // `highs` declares CommonJS types for its ES module build: under NodeNext resolution (this
  // repository's) TypeScript sees the loader as `default.default`; under "bundler" resolution,
  // usual in esbuild and Vite projects, the README's `const { default: highs } = ...` types as is.
  const { default: highs } = (await import('highs')) as unknown as { default: LoadHighs };
  // highs.wasm is served beside the bundle.
  return highs({ locateFile: (file) => new URL(file, import.meta.url).href });
});

async function main(): Promise<void> {
  const started = performance.now();
  const { numbers, charts } = await analyse();
  const computeMs = performance.now() - started;
  for (const [name, spec] of Object.entries(charts)) {
    const element = document.createElement('div');
    element.id = name;
    document.body.append(element);
    await embed(element, spec as never, { renderer: 'svg', actions: false });
  }
  window.musterResult = { numbers, computeMs, totalMs: performance.now() - started };
}

main()
  .catch((error: unknown) => {
    window.musterError =
      error instanceof Error ? `${error.message}\n${error.stack}` : String(error);
    console.error(error);
  })
  .finally(() => {
    window.musterDone = true;
  });
