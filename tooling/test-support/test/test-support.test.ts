import { describe, expect, it } from 'vitest';
import { mismatch, parseShown, valueText } from '../src/example-output.ts';
import { examplesInText } from '../src/find-examples.ts';
import { checkExampleOutput, expectClose } from '../src/index.ts';

describe('expectClose', () => {
  it('passes within rtol |expected| + atol and fails beyond, naming the entry', () => {
    expectClose(1.000001, 1, { rtol: 1e-6 });
    expect(() => expectClose(1.00001, 1, { rtol: 1e-6 }, 'beta')).toThrow(
      /beta: 1.00001 differs from 1/,
    );
    expectClose([1, 2.0000001], [1, 2], { atol: 1e-6 });
    expect(() => expectClose([1, 3], [1, 2], { atol: 1e-6 }, 'x')).toThrow(/x\[1\]/);
    expect(() => expectClose([1], [1, 2], { atol: 1 })).toThrow(/length/);
  });

  it('requires a tolerance', () => {
    expect(() => expectClose(1, 1, {} as never)).toThrow('expectClose requires a tolerance');
  });

  it('treats null as NA (null, undefined or NaN) and infinities as themselves', () => {
    expectClose(Number.NaN, null, { rtol: 1e-6 });
    expectClose(null, Number.NaN, { rtol: 1e-6 });
    expect(() => expectClose(0, null, { rtol: 1e-6 })).toThrow(/expected NA/);
    expectClose(Number.POSITIVE_INFINITY, Number.POSITIVE_INFINITY, { rtol: 1e-6 });
    expect(() => expectClose(1e300, Number.POSITIVE_INFINITY, { rtol: 1 })).toThrow();
  });
});

describe('example outputs', () => {
  it('holds numbers to the digits shown', () => {
    expect(mismatch(-250.19412, parseShown('-250.194 (glmer: -250.194)'))).toBeNull();
    expect(mismatch(-250.1949, parseShown('-250.194'))).toMatch(/is not -250.194/);
    expect(mismatch(1.0649e-5, parseShown('1.06e-5'))).toBeNull();
    expect(mismatch(15.6369, parseShown('15.636... (8 / F(0))'))).toBeNull();
    expect(mismatch(15.635, parseShown('15.636...'))).not.toBeNull();
  });

  it('reads arrays, objects, typed arrays and elided tails', () => {
    expect(valueText('[0.75, 0.5, 0]   (rows at times 1, 2 and 3)')).toBe('[0.75, 0.5, 0]');
    const shown = parseShown("{ group: 'war', var2: null, sdcor: 0.7592 }");
    expect(mismatch({ group: 'war', var2: null, sdcor: 0.75923, extra: 1 }, shown)).toBeNull();
    expect(mismatch({ group: 'era', var2: null, sdcor: 0.7592 }, shown)).toMatch(/value.group/);
    expect(mismatch(Float64Array.of(1, 2), parseShown('Float64Array [1, 2]'))).toBeNull();
    expect(mismatch([1, 2], parseShown('Float64Array [1, 2]'))).toMatch(/not a Float64Array/);
    expect(
      mismatch(Float64Array.of(-5, 3, 2), parseShown('Float64Array [-5, ...] (first)')),
    ).toBeNull();
    expect(() => parseShown('share of the final counts')).toThrow(/is not a value/);
  });

  it('runs a block: imports from the modules given, outputs on the line or the next', async () => {
    const text = [
      '/**',
      ' * @example',
      ' * ```ts',
      " * import { twice } from 'pkg';",
      ' * const x: number = twice(2);',
      ' * x; // => 4',
      ' * [x, twice(base)];',
      ' * // => [4,',
      ' * //     6]',
      ' * ```',
      ' */',
      'export function twice(v: number) { return 2 * v; }',
    ].join('\n');
    const [block] = examplesInText(text, 'twice.ts');
    expect(block).toMatchObject({ file: 'twice.ts', symbol: 'twice', line: 4 });
    const modules = { pkg: { twice: (v: number) => 2 * v } };
    await checkExampleOutput(block!, { modules, scope: { base: 3 } });
    await expect(checkExampleOutput(block!, { modules, scope: { base: 4 } })).rejects.toThrow(
      /twice.ts:8: \/\/ => \[4, 6\]\nvalue\[1\]: 8 is not 6/,
    );
    await expect(checkExampleOutput(block!, { modules: {} })).rejects.toThrow(/imports pkg/);
  });
});
