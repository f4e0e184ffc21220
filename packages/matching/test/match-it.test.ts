/** matchIt on data small enough to work out by hand, and its bad inputs. */
import { DataError, InvalidArgumentError } from '@muster/core';
import { describe, expect, it } from 'vitest';
import { matchIt } from '../src/index.ts';

const small = { treat: [1, 1, 0, 0, 0], x: [0.9, 0.4, 0.5, 0.8, 0.1] };

describe('matchIt nearest neighbour by hand', () => {
  it('matchIt pairs the largest score first with its nearest control, the lower one on a tie', async () => {
    // 0.9 takes 0.8; 0.4 is 0.1 from 0.5 and 0.3 from 0.1: it takes 0.5.
    const m = await matchIt('treat ~ x', small, { distance: 'x' });
    expect(m.matchMatrix).toEqual([
      { focal: 0, matches: [3] },
      { focal: 1, matches: [2] },
    ]);
    const tie = await matchIt('t ~ x', { t: [1, 0, 0], x: [0.5, 0.4, 0.6] }, { distance: 'x' });
    expect(tie.matchMatrix![0]!.matches).toEqual([1]);
  });

  it('matchIt in smallest order lets 0.4 take 0.5 first, so 0.9 takes 0.8', async () => {
    const m = await matchIt(
      't ~ x',
      { t: [1, 1, 0, 0], x: [0.9, 0.46, 0.5, 0.2] },
      { distance: 'x', order: 'smallest' },
    );
    expect(m.matchMatrix!.map((r) => r.matches[0])).toEqual([3, 2]);
    const largest = await matchIt(
      't ~ x',
      { t: [1, 1, 0, 0], x: [0.9, 0.46, 0.5, 0.2] },
      { distance: 'x' },
    );
    expect(largest.matchMatrix!.map((r) => r.matches[0])).toEqual([2, 3]);
  });

  it('matchIt with ratio 2 gives each treated unit its first match before any gets a second, and weights 1/k', async () => {
    const m = await matchIt(
      't ~ x',
      { t: [1, 0, 0, 0, 1], x: [0.5, 0.45, 0.6, 0.1, 0.9] },
      { distance: 'x', ratio: 2 },
    );
    // Round 1: 0.9 takes 0.6, 0.5 takes 0.45. Round 2: 0.9 takes 0.1 (the only one left).
    expect(m.matchMatrix).toEqual([
      { focal: 0, matches: [1, null] },
      { focal: 4, matches: [2, 3] },
    ]);
    // Control weights 1, 0.5, 0.5 scaled to sum to 3 matched controls: 1.5, 0.75, 0.75.
    expect(m.weights).toEqual([1, 1.5, 0.75, 0.75, 1]);
    expect(m.warnings.map((w) => w.code)).toContain('matching-fewer-matches');
  });

  it('matchIt with replacement reuses a control and gives it the sum of its shares', async () => {
    const m = await matchIt(
      't ~ x',
      { t: [1, 1, 0, 0], x: [0.5, 0.52, 0.51, 0.1] },
      { distance: 'x', replace: true },
    );
    expect(m.matchMatrix!.map((r) => r.matches)).toEqual([[2], [2]]);
    expect(m.weights).toEqual([1, 1, 1, 0]);
    expect(m.subclass).toBe(null);
  });

  it('matchIt with a caliper leaves a treated unit without a close control unmatched and says so', async () => {
    const m = await matchIt('treat ~ x', small, {
      distance: 'x',
      caliper: 0.15,
      stdCaliper: false,
    });
    expect(m.matchMatrix!.map((r) => r.matches[0])).toEqual([3, 2]);
    const tight = await matchIt(
      't ~ x',
      { t: [1, 1, 0, 0], x: [0.9, 0.4, 0.45, 0.1] },
      { distance: 'x', caliper: 0.1, stdCaliper: false },
    );
    expect(tight.matchMatrix!.map((r) => r.matches[0])).toEqual([null, 2]);
    expect(tight.weights).toEqual([0, 1, 1, 0]);
    expect(tight.warnings[0]!.message).toBe(
      'matchIt: 1 of 2 treated units have no match within the caliper and leave the matched sample; the estimate is then no longer the ATT of all treated units',
    );
  });

  it('matchIt warns about MatchIt builds with the integer abs() only when such a build would differ', async () => {
    // 0.9 takes 0.8 below it and 0.4 takes 0.5 above it: an integer-abs build takes 0.1 instead.
    const above = await matchIt('treat ~ x', small, { distance: 'x' });
    expect(above.warnings.map((w) => w.code)).toEqual(['matching-matchit-build']);
    // Every nearest control lies below: such a build pairs the same units.
    const below = await matchIt(
      't ~ x',
      { t: [1, 1, 0, 0], x: [0.9, 0.4, 0.85, 0.35] },
      { distance: 'x' },
    );
    expect(below.matchMatrix!.map((r) => r.matches[0])).toEqual([2, 3]);
    expect(below.warnings).toEqual([]);
  });

  it('matchIt with exact matching pairs only within the exact cells', async () => {
    const data = { t: [1, 1, 0, 0], x: [0.5, 0.6, 0.55, 0.1], g: ['a', 'b', 'b', 'a'] };
    const m = await matchIt('t ~ x', data, { distance: 'x', exact: ['g'] });
    expect(m.matchMatrix!.map((r) => r.matches[0])).toEqual([3, 2]);
    expect(m.balance.all.map((r) => r.term)).toEqual(['distance', 'x', 'ga', 'gb']);
  });

  it('matchIt numbers pairs by the treated rows sorted as text, as MatchIt', async () => {
    const t = Array.from({ length: 12 }, (_, i) => (i === 1 || i === 9 ? 1 : 0));
    const x = Array.from({ length: 12 }, (_, i) => i / 12);
    const m = await matchIt('t ~ x', { t, x }, { distance: 'x', order: 'data' });
    // Rows 2 and 10 (1-based): "10" sorts before "2", so row 10's pair is subclass 1.
    expect(m.subclass![9]).toBe(1);
    expect(m.subclass![1]).toBe(2);
  });

  it('matchIt in random order is reproducible from the seed and records it', async () => {
    const t = Array.from({ length: 40 }, (_, i) => (i % 3 === 0 ? 1 : 0));
    const x = Array.from({ length: 40 }, (_, i) => ((i * 7919) % 40) / 40);
    const a = await matchIt('t ~ x', { t, x }, { distance: 'x', order: 'random', seed: 7 });
    const b = await matchIt('t ~ x', { t, x }, { distance: 'x', order: 'random', seed: 7 });
    const c = await matchIt('t ~ x', { t, x }, { distance: 'x', order: 'random', seed: 8 });
    expect(a.matchMatrix).toEqual(b.matchMatrix);
    expect(a.nearest).toMatchObject({ order: 'random', seed: 7 });
    expect(a.balance.sizes.matched).toEqual(c.balance.sizes.matched);
    expect(a.weights.filter((w) => w > 0)).toHaveLength(28);
  });

  it('matchIt discards controls outside the treated range (discard control)', async () => {
    const m = await matchIt('treat ~ x', small, { distance: 'x', discard: 'control' });
    expect(m.discarded).toEqual([false, false, false, false, true]);
    expect(m.balance.sizes.discarded).toEqual({ control: 1, treated: 0 });
  });
});

describe('matchIt bad inputs', () => {
  it('matchIt rejects a treatment with one value', async () => {
    await expect(matchIt('t ~ x', { t: [1, 1, 1], x: [1, 2, 3] })).rejects.toThrow(
      "matchIt requires a treatment with exactly two values; column 't' has 1 (1)",
    );
  });

  it('matchIt rejects a caliper that leaves no pair, naming the caliper', async () => {
    const error = await matchIt('treat ~ x', small, {
      distance: 'x',
      caliper: 0.01,
      stdCaliper: false,
    }).catch((e) => e);
    expect(error).toBeInstanceOf(InvalidArgumentError);
    expect(error.message).toBe(
      'matchIt matched no units; no treated unit has a match within the caliper of 0.01 on the distance; widen the caliper',
    );
  });

  it('matchIt names the row of a missing covariate', async () => {
    const error = await matchIt('t ~ x', { t: [1, 0, 0], x: [1, null, 3] }).catch((e) => e);
    expect(error).toBeInstanceOf(DataError);
    expect(error.message).toBe(
      'matchIt requires no missing values in the treatment and covariates; data row 2 has a missing value in x (1 rows in all)',
    );
    expect(error.row).toBe(2);
  });

  it('matchIt rejects bad options with the value', async () => {
    await expect(matchIt('treat ~ x', small, { ratio: 1.5 })).rejects.toThrow(
      'matchIt requires ratio to be a whole number >= 1; received 1.5',
    );
    await expect(matchIt('treat ~ x', small, { estimand: 'ATE' })).rejects.toThrow(
      "matchIt requires estimand 'ATT' or 'ATC' for nearest-neighbour matching; received 'ATE'",
    );
    await expect(matchIt('treat ~ x', small, { distance: 'nope' })).rejects.toThrow(
      /requires distance to be 'glm', a column of data/,
    );
    await expect(matchIt('treat ~ x', small, { link: 'identity' })).rejects.toThrow(
      /requires link to be one of logit/,
    );
    await expect(matchIt('treat ~ x', small, { exact: ['g'] })).rejects.toThrow(
      "matchIt requires exact to name columns of data; received 'g'",
    );
  });

  it('matchIt cem with 0 bins matches a numeric variable exactly and with 1 bin leaves it out', async () => {
    const data = { t: [1, 0, 1, 0], x: [1.5, 1.5, 2, 2.5], z: [0, 5, 0, 9] };
    const exact = await matchIt('t ~ x + z', data, { method: 'cem', cutPoints: { x: 0, z: 1 } });
    expect(exact.subclass).toEqual([1, 1, null, null]);
    expect(exact.cutPoints).toEqual({});
    const binned = await matchIt('t ~ x + z', data, {
      method: 'cem',
      cutPoints: { x: [2.2], z: 1 },
    });
    expect(binned.subclass).toEqual([1, 1, 1, null]);
    expect(binned.cutPoints).toEqual({ x: [2.2] });
  });

  it('matchIt with cem and no shared cell says to coarsen', async () => {
    await expect(
      matchIt('t ~ g', { t: [1, 1, 0, 0], g: ['a', 'a', 'b', 'b'] }, { method: 'cem' }),
    ).rejects.toThrow(
      'matchIt found no cell with both treated and control units; coarsen the variables further (fewer bins) or match on fewer variables',
    );
  });

  it('matchIt warns about options the method ignores', async () => {
    const m = await matchIt(
      't ~ g',
      { t: [1, 1, 0, 0], g: ['a', 'b', 'b', 'a'] },
      { method: 'cem', ratio: 2 },
    );
    expect(m.warnings[0]).toMatchObject({ code: 'matching-ignored-option', subjects: ['ratio'] });
    const cem = await matchIt(
      't ~ g',
      { t: [1, 1, 0, 0], g: ['a', 'b', 'b', 'a'] },
      { method: 'cem', discard: 'both' },
    );
    expect(cem.warnings[0]).toMatchObject({
      code: 'matching-ignored-option',
      subjects: ['discard'],
    });
  });
});
