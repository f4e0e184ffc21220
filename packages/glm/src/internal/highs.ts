/**
 * The HiGHS linear-programming solver (WebAssembly, npm `highs`) that separation checks use,
 * loaded once on first use: a fit that runs no check never loads it. Under Node the `highs`
 * package is imported on demand; elsewhere (a browser bundle) the page sets a loader with
 * `setHighsLoader`, which also lets Node programs load it their own way.
 */

import { InvalidArgumentError, MusterError } from '@muster/core';
import type { Highs } from 'highs';
import { defaultHighsLoader, noLoaderReason } from '#highs-default';

/** A function that loads and instantiates the HiGHS solver (the `highs` package's default export). */
export type HighsLoader = () => Promise<Highs>;

/**
 * The solver could not be loaded: `reason` says why (no loader here, or the loader failed), for
 * the `glm-separation-unchecked` warning; the message starts with the public function.
 */
export class HighsUnavailableError extends MusterError {
  override name = 'HighsUnavailableError';
  readonly reason: string;
  constructor(caller: string, reason: string, options?: { cause?: unknown }) {
    super(`${caller}: the separation check could not run: ${reason}`, options);
    this.reason = reason;
  }
}

let loader: HighsLoader | null = defaultHighsLoader;
let solver: Promise<Highs> | undefined;

/**
 * Sets how @muster/glm loads the HiGHS WebAssembly solver for its separation checks (`fitGlm`'s
 * `separation`, `detectSeparation`, `fitBayesGlm`). Under Node the default imports the `highs`
 * package when a check first runs; in a browser bundle there is no default, so call this once
 * with a loader that tells `highs` where its highs.wasm is served. The loader runs at most once,
 * when the first check needs it (again after a failure); `null` removes it, and fits then warn
 * `glm-separation-unchecked` instead of checking.
 *
 * @param next - the loader, or null for none
 * @example
 * ```ts
 * import { setHighsLoader } from '@muster/glm';
 * // In a browser bundle (esbuild, Vite): highs.wasm served beside the page.
 * setHighsLoader(async () => {
 *   const { default: highs } = await import('highs');
 *   return highs({ locateFile: () => new URL('highs.wasm', document.baseURI).href });
 * });
 * ```
 */
export function setHighsLoader(next: HighsLoader | null): void {
  if (next !== null && typeof next !== 'function') {
    throw new InvalidArgumentError(
      'loader',
      `setHighsLoader requires a function returning a Promise of the HiGHS solver, or null; received ${typeof next}`,
    );
  }
  loader = next;
  solver = undefined;
}

/**
 * The solver, loading it on first use. Rejects with HighsUnavailableError (message prefixed with
 * `caller`) when there is no loader or loading failed; a failed load is tried again next time.
 */
export async function highsSolver(caller: string): Promise<Highs> {
  const load = loader;
  if (load === null) throw new HighsUnavailableError(caller, noLoaderReason);
  if (solver === undefined) {
    const pending = Promise.resolve().then(load);
    solver = pending;
    pending.catch(() => {
      if (solver === pending) solver = undefined;
    });
  }
  try {
    return await solver;
  } catch (error) {
    const text = error instanceof Error ? error.message : String(error);
    throw new HighsUnavailableError(caller, `the HiGHS solver failed to load (${text})`, {
      cause: error,
    });
  }
}
