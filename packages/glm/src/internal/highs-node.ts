/**
 * The default HiGHS loader under Node (package.json `imports`, condition `node`): the `highs`
 * package reads its highs.wasm from beside its own module. Imported dynamically, so neither the
 * module (170 KB of JavaScript) nor the WebAssembly is read until a separation check runs.
 */
import type { Highs } from 'highs';

type HighsModule = { default?: () => Promise<Highs> } & (() => Promise<Highs>);

export const defaultHighsLoader: (() => Promise<Highs>) | null = async () => {
  const highsModule = (await import('highs')) as unknown as HighsModule;
  // `highs` ships CommonJS type declarations for an ES module build: its default export is the
  // loader function at run time, which TypeScript sees as the namespace's `default`.
  const load = highsModule.default ?? highsModule;
  return load();
};

export const noLoaderReason = 'no HiGHS loader: setHighsLoader(null) removed the default one';
