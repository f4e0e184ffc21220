import { createRandom } from '@muster/core';
import { describe, expect, it } from 'vitest';
import { detectSeparation, fitGlm } from '../src/index.ts';
import { fixtureCsv } from './helpers.ts';

function design(columns: number[][]): Float64Array {
  return Float64Array.from(columns.flat());
}

const ones = (n: number) => new Array(n).fill(1);

describe('detectSeparation: linear-programming check (Konis 2007)', () => {
  it('detectSeparation finds complete separation: y is 1 exactly when x > 2.5', async () => {
    const result = await detectSeparation(design([ones(4), [1, 2, 3, 4]]), 4, 2, [0, 0, 1, 1], {
      columns: ['(Intercept)', 'x'],
    });
    expect(result).toMatchObject({
      separation: true,
      kind: 'complete',
      infiniteColumns: ['(Intercept)', 'x'],
    });
    expect(result.directions).toEqual([-1, 1]);
  });

  it('detectSeparation finds quasi-complete separation: a tie at the boundary', async () => {
    const x = [1, 2, 3, 3, 4];
    const result = await detectSeparation(design([ones(5), x]), 5, 2, [0, 0, 0, 1, 1]);
    expect(result.separation).toBe(true);
    expect(result.kind).toBe('quasi-complete');
  });

  it('detectSeparation reports no separation for overlapping outcomes', async () => {
    const result = await detectSeparation(
      design([ones(6), [1, 2, 3, 4, 5, 6]]),
      6,
      2,
      [0, 1, 0, 1, 0, 1],
    );
    expect(result).toMatchObject({
      separation: false,
      kind: 'none',
      infiniteColumns: [],
      directions: [0, 0],
    });
  });

  it('detectSeparation counts a proportion strictly between 0 and 1 as both outcomes', async () => {
    const x = design([ones(4), [1, 2, 3, 4]]);
    // Rows 2 and 3 at 0.5 are both a success and a failure: no direction separates them.
    expect((await detectSeparation(x, 4, 2, [0, 0.5, 0.5, 1])).separation).toBe(false);
    // One mixed row on the boundary x = 3 still allows quasi-complete separation.
    expect((await detectSeparation(x, 4, 2, [0, 0, 0.5, 1])).kind).toBe('quasi-complete');
  });

  it('detectSeparation ignores rows with weight 0', async () => {
    const x = design([ones(5), [1, 2, 3, 4, 5]]);
    const y = [0, 0, 1, 1, 0];
    expect((await detectSeparation(x, 5, 2, y)).separation).toBe(false);
    expect((await detectSeparation(x, 5, 2, y, { weights: [1, 1, 1, 1, 0] })).separation).toBe(
      true,
    );
  });

  it('detectSeparation leaves aliased columns out (direction null) as detectseparation does', async () => {
    const x = [1, 2, 3, 4];
    const result = await detectSeparation(
      design([ones(4), x, x.map((v) => 2 * v)]),
      4,
      3,
      [0, 0, 1, 1],
    );
    expect(result.directions[2]).toBeNull();
    expect(result.separation).toBe(true);
  });

  it('detectSeparation names the terms that separate on their own, and none when only a combination does', async () => {
    // x alone separates; z does not.
    const x = [1, 2, 3, 4, 5, 6];
    const z = [0.3, -1, 0.2, 0.5, -0.4, 0.1];
    const single = await detectSeparation(design([ones(6), x, z]), 6, 3, [0, 0, 0, 1, 1, 1], {
      columns: ['(Intercept)', 'x', 'z'],
      assign: [0, 1, 2],
      termLabels: ['x', 'z'],
    });
    expect(single.separatingTerms).toEqual(['x']);
    // y = 1 exactly when a + b > 0: neither a nor b alone separates.
    const a = [1, -1, 2, -2, 0.5, -0.5, 1.5, -1.5];
    const b = [-0.5, 0.5, -1, 2.5, 1, -1, -2, 2];
    const y = a.map((v, i) => (v + b[i] > 0 ? 1 : 0));
    const combination = await detectSeparation(design([ones(8), a, b]), 8, 3, y, {
      columns: ['(Intercept)', 'a', 'b'],
      assign: [0, 1, 2],
      termLabels: ['a', 'b'],
    });
    expect(combination.separation).toBe(true);
    expect(combination.separatingTerms).toEqual([]);
    const fit = await fitGlm('y ~ a + b', { y, a, b }, { family: 'binomial' });
    const warning = fit.warnings.find((w) => w.code === 'glm-separation');
    expect(warning?.message).toMatch(/a combination of a, b perfectly predicts the outcome/);
  });

  it('detectSeparation agrees with the reference separation data (y ~ x + z complete, y2 ~ big + z quasi on big)', async () => {
    const data = fixtureCsv('separation.csv');
    const n = (data.x as number[]).length;
    const complete = await detectSeparation(
      design([ones(n), data.x as number[], data.z as number[]]),
      n,
      3,
      data.y as number[],
    );
    expect(complete.kind).toBe('complete');
    const quasi = await detectSeparation(
      design([ones(n), data.big as number[], data.z as number[]]),
      n,
      3,
      data.y2 as number[],
      { columns: ['(Intercept)', 'big', 'z'] },
    );
    expect(quasi).toMatchObject({
      kind: 'quasi-complete',
      infiniteColumns: ['big'],
      directions: [0, 1, 0],
    });
  });

  it('detectSeparation validates dimensions', async () => {
    await expect(detectSeparation(new Float64Array(3), 2, 2, [0, 1])).rejects.toThrow(
      /nrow \* ncol/,
    );
  });

  it('detectSeparation refuses an option it does not take, naming it', async () => {
    const x = new Float64Array([1, 1, 0, 1]);
    await expect(
      detectSeparation(x, 2, 2, [0, 1], { weight: [1, 1] } as never),
    ).rejects.toMatchObject({ name: 'InvalidArgumentError', argument: 'weight' });
  });
});

describe('fitGlm: when the separation check runs', () => {
  it("fitGlm with separation 'auto' checks every small design and skips the LP for a large well-behaved fit", async () => {
    const data = fixtureCsv('lyall_synthetic.csv');
    const auto = await fitGlm('mass_desertion ~ inequality', data, {
      family: 'binomial',
      profile: false,
    });
    expect(auto.separation).toMatchObject({ checked: true, separation: false, kind: 'none' });
    // 60,000 rows x 4 columns = 240,000 cells: above the always-check size, overlapped outcomes.
    const random = createRandom(11);
    const n = 60_000;
    const large = { y: [] as number[], a: [] as number[], b: [] as number[], c: [] as number[] };
    for (let i = 0; i < n; i++) {
      const a = random.normal();
      const b = random.normal();
      const c = random.normal();
      large.a.push(a);
      large.b.push(b);
      large.c.push(c);
      large.y.push(random.uniform() < 1 / (1 + Math.exp(-(0.3 * a - 0.2 * b))) ? 1 : 0);
    }
    const skipped = await fitGlm('y ~ a + b + c', large, { family: 'binomial', profile: false });
    expect(skipped.separation.checked).toBe(false);
    const always = await fitGlm('y ~ a + b + c', large, {
      family: 'binomial',
      profile: false,
      separation: 'always',
    });
    expect(always.separation).toMatchObject({ checked: true, separation: false, kind: 'none' });
    const never = await fitGlm('y2 ~ big + z', fixtureCsv('separation.csv'), {
      family: 'binomial',
      separation: 'never',
    });
    expect(never.separation.checked).toBe(false);
    expect(never.warnings).toEqual([]);
  });
});
