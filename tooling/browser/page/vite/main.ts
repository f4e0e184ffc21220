/**
 * @muster/glm's Vite recipe (README, "In the browser"): the WebAssembly's URL from `highs/runtime`
 * (Vite copies the file into the build), `highs` imported when the first separation check runs.
 */
import { fitGlm, setHighsLoader } from '@muster/glm';
import type { Highs } from 'highs';
import wasmUrl from 'highs/runtime?url';

type LoadHighs = (options: { locateFile: () => string }) => Promise<Highs>;

setHighsLoader(async () => {
  // `as unknown as`: see ../app.ts (highs' CommonJS types under NodeNext resolution).
  const { default: highs } = (await import('highs')) as unknown as { default: LoadHighs };
  return highs({ locateFile: () => wasmUrl });
});

declare global {
  interface Window {
    musterDone?: boolean;
    musterResult?: unknown;
    musterError?: string;
  }
}

// separation 'always': the linear program runs (under 'auto' these overlapped data are certified
// without it, and HiGHS would not load).
fitGlm(
  'y ~ x',
  { y: [0, 0, 1, 0, 1, 1, 0, 1], x: [1, 2, 3, 4, 5, 6, 7, 8] },
  { family: 'binomial', separation: 'always' },
)
  .then((fit) => {
    window.musterResult = {
      estimate: fit.coefficients.map((c) => c.estimate),
      separation: fit.separation,
      warnings: fit.warnings.map((w) => w.code),
    };
  })
  .catch((error: unknown) => {
    window.musterError = String(error);
  })
  .finally(() => {
    window.musterDone = true;
  });
