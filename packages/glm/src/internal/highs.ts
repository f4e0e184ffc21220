/**
 * The HiGHS linear-programming solver (WebAssembly, npm `highs`), loaded once per process on
 * first use: separation checks pay the load (about 60 ms in Node) only when they run.
 */
import type { Highs } from 'highs';
import * as highsModule from 'highs';

type Loader = () => Promise<Highs>;

// `highs` ships CommonJS type declarations for an ES module build: its default export is the
// loader function at run time, which TypeScript sees as the namespace's `default`.
const loadHighs: Loader =
  (highsModule as unknown as { default?: Loader }).default ?? (highsModule as unknown as Loader);

let solver: Promise<Highs> | undefined;

export function highsSolver(): Promise<Highs> {
  if (solver === undefined) {
    solver = loadHighs().catch((error: unknown) => {
      solver = undefined;
      throw error;
    });
  }
  return solver as Promise<Highs>;
}
