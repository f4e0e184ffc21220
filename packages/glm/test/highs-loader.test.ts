// How the HiGHS solver is loaded: lazily, through the loader set with setHighsLoader (the Node
// default imports `highs`); without a loader, or when it fails, fits say the separation check did
// not run (`glm-separation-unchecked`, separation.checked false) instead of passing over it. A
// bundle for the browser takes the loader-less default and never reaches `highs` or node:*.
import { resolve } from 'node:path';
import { InvalidArgumentError, MusterError } from '@muster/core';
import { build } from 'esbuild';
import { afterEach, describe, expect, it } from 'vitest';
import {
  detectSeparation,
  fitBayesGlm,
  fitGlm,
  type HighsLoader,
  setHighsLoader,
} from '../src/index.ts';
import { defaultHighsLoader } from '../src/internal/highs-node.ts';

// Overlapping data (no separation) and completely separated data.
const overlap = { y: [0, 0, 1, 0, 1, 1, 0, 1], x: [1, 2, 3, 4, 5, 6, 7, 8] };
const separated = { y: [0, 0, 0, 1, 1, 1], x: [1, 2, 3, 4, 5, 6] };
const nodeLoader = defaultHighsLoader as HighsLoader;

afterEach(() => setHighsLoader(nodeLoader));

const codes = (fit: { warnings: { code: string }[] }) => fit.warnings.map((w) => w.code);

describe('setHighsLoader', () => {
  it('without a loader fitGlm fits, says the check did not run, and keeps separation.checked false', async () => {
    setHighsLoader(null);
    // 'always': the LP itself, which overlapped data would not need under 'auto' (see below).
    const fit = await fitGlm('y ~ x', overlap, { family: 'binomial', separation: 'always' });
    expect(fit.separation.checked).toBe(false);
    expect(codes(fit)).toEqual(['glm-separation-unchecked']);
    expect(fit.warnings[0]!.message).toMatch(
      /^fitGlm: separation was not checked: no HiGHS loader.*no sign of it/,
    );
    // The estimates themselves do not depend on the check.
    setHighsLoader(nodeLoader);
    const checked = await fitGlm('y ~ x', overlap, { family: 'binomial', separation: 'always' });
    expect(checked.separation.checked).toBe(true);
    expect(codes(checked)).toEqual([]);
    expect(fit.coefficients.map((c) => c.estimate)).toEqual(
      checked.coefficients.map((c) => c.estimate),
    );
  });

  it("without a loader an overlapped fit under 'auto' is still checked, by the overlap certificate of its score equations", async () => {
    setHighsLoader(null);
    const fit = await fitGlm('y ~ x', overlap, { family: 'binomial' });
    expect(fit.separation).toMatchObject({
      checked: true,
      kind: 'none',
      method: 'overlap certificate (score equations)',
    });
    expect(codes(fit)).toEqual([]);
  });

  it('without a loader a separated fit says it shows signs of separation', async () => {
    setHighsLoader(null);
    const fit = await fitGlm('y ~ x', separated, { family: 'binomial' });
    expect(codes(fit)).toContain('glm-separation-unchecked');
    expect(codes(fit)).not.toContain('glm-separation');
    const unchecked = fit.warnings.find((w) => w.code === 'glm-separation-unchecked')!;
    expect(unchecked.message).toMatch(/shows signs of it|did not converge/);
  });

  it('without a loader detectSeparation rejects with a MusterError and fitBayesGlm warns', async () => {
    setHighsLoader(null);
    const x = Float64Array.from([1, 1, 1, 1, 1, 2, 3, 4]);
    const rejection = detectSeparation(x, 4, 2, [0, 0, 1, 1]);
    await expect(rejection).rejects.toBeInstanceOf(MusterError);
    await expect(rejection).rejects.toThrow(
      /^detectSeparation: the separation check could not run: no HiGHS loader/,
    );
    const bayes = await fitBayesGlm('y ~ x', separated);
    expect(bayes.separation.checked).toBe(false);
    expect(codes(bayes)).toContain('glm-separation-unchecked');
  });

  it('a loader that fails gives the warning with its error, and is tried again on the next fit', async () => {
    setHighsLoader(() => Promise.reject(new Error('404 highs.wasm')));
    const fit = await fitGlm('y ~ x', overlap, { family: 'binomial', separation: 'always' });
    expect(fit.warnings[0]!.message).toContain('the HiGHS solver failed to load (404 highs.wasm)');
    let calls = 0;
    setHighsLoader(() => {
      calls++;
      return nodeLoader();
    });
    expect(calls).toBe(0); // lazy: nothing loads until a check runs
    const first = await fitGlm('y ~ x', separated, { family: 'binomial' });
    const second = await fitGlm('y ~ x', overlap, { family: 'binomial' });
    expect(calls).toBe(1); // loaded once, then shared
    expect(first.separation).toMatchObject({ checked: true, kind: 'complete' });
    expect(second.separation).toMatchObject({ checked: true, kind: 'none' });
  });

  it('setHighsLoader refuses what is not a function, naming the argument', () => {
    expect(() => setHighsLoader('highs.wasm' as unknown as HighsLoader)).toThrow(
      InvalidArgumentError,
    );
    expect(() => setHighsLoader(42 as unknown as HighsLoader)).toThrow(
      /^setHighsLoader requires a function returning a Promise of the HiGHS solver, or null; received number$/,
    );
  });
});

describe('the HiGHS default by environment (package.json imports #highs-default)', () => {
  const entry = {
    contents: "export { fitGlm, setHighsLoader } from './src/index.ts';",
    resolveDir: resolve(import.meta.dirname, '..'),
    loader: 'ts' as const,
  };
  const inputsOf = async (platform: 'browser' | 'node') => {
    const result = await build({
      stdin: entry,
      bundle: true,
      format: 'esm',
      platform,
      conditions: ['@muster/source'],
      packages: platform === 'node' ? 'external' : undefined,
      write: false,
      metafile: true,
      logLevel: 'silent',
    });
    const imports = Object.values(result.metafile.inputs).flatMap((input) =>
      input.imports.map((i) => i.path),
    );
    return { inputs: Object.keys(result.metafile.inputs), imports };
  };

  it('a browser bundle has no default loader, no highs and no node: module', async () => {
    const { inputs, imports } = await inputsOf('browser');
    expect(inputs).toContain('src/internal/highs-browser.ts');
    expect(inputs).not.toContain('src/internal/highs-node.ts');
    expect(inputs.filter((path) => path.includes('node_modules/highs/'))).toEqual([]);
    expect(imports.filter((path) => path.startsWith('node:'))).toEqual([]);
  });

  it('under Node the default loader imports highs on demand', async () => {
    const { inputs, imports } = await inputsOf('node');
    expect(inputs).toContain('src/internal/highs-node.ts');
    expect(inputs).not.toContain('src/internal/highs-browser.ts');
    expect(imports).toContain('highs');
  });
});
