/**
 * The default HiGHS loader outside Node (package.json `imports`, any condition but `node`): none.
 * A bundle for the browser must not reach `highs`'s Node code paths, and only the page knows the
 * URL it serves highs.wasm from, so the page supplies the loader with `setHighsLoader` (README,
 * "In the browser"); until then separation checks do not run and fits say so.
 */
import type { Highs } from 'highs';

export const defaultHighsLoader: (() => Promise<Highs>) | null = null;

export const noLoaderReason =
  'no HiGHS loader in this environment: call setHighsLoader from @muster/glm with a function that loads the highs WebAssembly (README: In the browser)';
