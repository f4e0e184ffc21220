// A bundle that imports one distribution function carries that function's module and the @stdlib
// packages it calls, not the others: each function is its own module (src/distributions/) and the
// package has no side effects. Bundled from the sources with esbuild (minified, tree-shaken, for the
// browser); the published build is measured in tooling/bundle-sizes.
import { resolve } from 'node:path';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';

const packageRoot = resolve(import.meta.dirname, '..');

async function bundledInputs(names: string[]): Promise<{ inputs: string[]; bytes: number }> {
  const result = await build({
    stdin: {
      contents: `import { ${names.join(', ')} } from './src/index.ts';\nglobalThis.out = [${names.join(', ')}];`,
      resolveDir: packageRoot,
      loader: 'ts',
    },
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    write: false,
    metafile: true,
    logLevel: 'silent',
  });
  // What the output holds (the metafile's `inputs` also lists modules visited and then dropped).
  const output = Object.values(result.metafile.outputs)[0];
  const inputs = Object.entries(output.inputs)
    .filter(([, input]) => input.bytesInOutput > 0)
    .map(([path]) => path);
  return { inputs, bytes: result.outputFiles[0].contents.length };
}

const stdlibPackages = (inputs: string[]) =>
  [...new Set(inputs.flatMap((path) => path.match(/@stdlib\/([a-z0-9-]+)\/lib\//)?.[1] ?? []))]
    .filter((name) => name.startsWith('stats-') || name.startsWith('math-base-special-'))
    .sort();
const distributionModules = (inputs: string[]) =>
  inputs
    .filter((path) => path.startsWith('src/distributions/'))
    .map((path) => path.slice('src/distributions/'.length))
    .sort();

describe('distribution functions tree-shake', () => {
  it('pnorm takes its own module and the normal cdf (erfc), no other distribution', async () => {
    const { inputs } = await bundledInputs(['pnorm']);
    expect(distributionModules(inputs)).toEqual(['pnorm.ts']);
    const stdlib = stdlibPackages(inputs);
    expect(stdlib).toContain('stats-base-dists-normal-cdf');
    expect(stdlib).toContain('math-base-special-erfc');
    for (const other of [
      'math-base-special-gammainc',
      'math-base-special-betainc',
      'math-base-special-erfcinv',
      'math-base-special-gammaincinv',
      'stats-base-dists-t-quantile',
      'stats-base-dists-normal-pdf',
    ]) {
      expect(stdlib).not.toContain(other);
    }
  });

  it('qchisq takes qgamma (its implementation) and gammaincinv, not the beta family', async () => {
    const { inputs } = await bundledInputs(['qchisq']);
    expect(distributionModules(inputs)).toEqual(['is-probability.ts', 'qchisq.ts', 'qgamma.ts']);
    const stdlib = stdlibPackages(inputs);
    expect(stdlib).toContain('math-base-special-gammaincinv');
    expect(stdlib).not.toContain('math-base-special-betainc');
    expect(stdlib).not.toContain('math-base-special-betaincinv');
  });

  it('pnorm alone is a fraction of every distribution function together', async () => {
    const one = await bundledInputs(['pnorm']);
    const all = await bundledInputs([
      'pnorm',
      'qt',
      'qchisq',
      'qf',
      'pbinom',
      'dnbinom',
      'trigamma',
    ]);
    // Measured: about 60 KB against 250 KB (the @stdlib helpers erfc needs are most of the 60).
    expect(one.bytes).toBeLessThan(all.bytes / 3);
  });
});
